package scanner

import (
	"sync/atomic"
	"syscall"
)

// noAtimeRefused is set once an open with O_NOATIME was refused: the files
// belong to another user, and the flag would only cost a second open.
var noAtimeRefused atomic.Bool

// openNoAtime opens path with flags and, where the system allows it,
// O_NOATIME. A file read for the first time since it was written or
// checked out has its access time updated (relatime), which leaves its
// inode to be written back: a scan of a fresh checkout would dirty every
// inode of the tree, and apply's flush would then write them all. Only the
// file's owner (or a process with CAP_FOWNER) may pass the flag; for
// others it is dropped.
func openNoAtime(path string, flags int) (int, error) {
	return withNoAtime(flags, func(flags int) (int, error) { return syscall.Open(path, flags, 0) })
}

// withNoAtime calls open with flags and O_NOATIME, and with flags alone
// once the flag has been refused.
func withNoAtime(flags int, open func(flags int) (int, error)) (int, error) {
	if !noAtimeRefused.Load() {
		fd, err := open(flags | syscall.O_NOATIME)
		if err != syscall.EPERM {
			return fd, err
		}
		noAtimeRefused.Store(true)
	}
	return open(flags)
}
