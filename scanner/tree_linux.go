package scanner

import (
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// openat2Works reports whether openat2 is there: Linux 5.6 or later, and
// no seccomp filter (an older container runtime's) refusing it.
var openat2Works = sync.OnceValue(func() bool {
	fd, err := unix.Openat2(unix.AT_FDCWD, ".", &unix.OpenHow{
		Flags:   unix.O_PATH | unix.O_CLOEXEC,
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS,
	})
	if err != nil {
		return false
	}
	_ = unix.Close(fd)
	return true
})

// openTree opens root, following symlinks in root itself (the user named
// it), for opening the files below it. Without openat2, or when root
// cannot be opened, the tree opens files by their full path.
func openTree(root string) *tree {
	t := &tree{root: root, dir: -1}
	if !openat2Works() {
		return t
	}
	for {
		fd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err == unix.EINTR {
			continue
		}
		if err == nil {
			t.dir = fd
		}
		return t
	}
}

// close releases the root's descriptor.
func (t *tree) close() {
	if t.dir >= 0 {
		_ = unix.Close(t.dir)
		t.dir = -1
	}
}

// open opens the file at the slash-separated p, relative to the root,
// with flags. Below an open root, a symlink anywhere in p fails the open
// with ELOOP, as O_NOFOLLOW fails it for the last element. scratch holds
// the path for the system call: unix.Openat2 allocates a copy per call.
func (t *tree) open(p string, flags int, scratch *[]byte) (int, error) {
	if t.dir < 0 || !cleanRel(p) {
		return openNoAtime(t.path(p), flags)
	}
	*scratch = append(append((*scratch)[:0], p...), 0)
	return withNoAtime(flags, func(flags int) (int, error) {
		how := unix.OpenHow{Flags: uint64(flags), Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS}
		return openat2(t.dir, *scratch, &how)
	})
}

// openat2 is unix.Openat2 for a path already NUL-terminated.
func openat2(dir int, path []byte, how *unix.OpenHow) (int, error) {
	fd, _, errno := unix.Syscall6(unix.SYS_OPENAT2, uintptr(dir), uintptr(unsafe.Pointer(&path[0])),
		uintptr(unsafe.Pointer(how)), unsafe.Sizeof(*how), 0, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(fd), nil
}
