package rewrite

import (
	"errors"
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// reuseSpares: the temp files reuse the stale originals (see spares).
const reuseSpares = true

// reuseSpare moves a spare of sp for n bytes of content to tmp, the
// temp-file name of the file st describes, and returns it open for
// writing with its size, or -1 if there is no spare
// that fits: then the caller creates tmp. A spare fits when, once at tmp,
// it is still a regular file with one name, with the file's owner (or the
// run may give it that owner) and with no extended attributes, which the
// file's must replace rather than join. The caller writes the new content
// from the start and cuts the spare to its length.
func reuseSpare(sp *spares, tmp string, st fs.FileInfo, n int64) (int, int64) {
	want, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return -1, 0
	}
	spare := sp.take(n)
	if spare == "" {
		return -1, 0
	}
	if err := os.Rename(spare, tmp); err != nil {
		if errors.Is(err, syscall.EXDEV) {
			sp.stop() // the state directory is on another file system
		}
		return -1, 0 // the spare stays where it is and goes with its directory
	}
	fd, err := syscall.Open(tmp, syscall.O_WRONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		_ = syscall.Unlink(tmp)
		return -1, 0
	}
	var cur syscall.Stat_t
	switch {
	case syscall.Fstat(fd, &cur) != nil, cur.Mode&syscall.S_IFMT != syscall.S_IFREG, cur.Nlink != 1:
	case (cur.Uid != want.Uid || cur.Gid != want.Gid) && os.Geteuid() != 0:
	case hasXattrs(fd):
		sp.stop() // every file here carries some (an SELinux label, say)
	default:
		return fd, cur.Size
	}
	_ = syscall.Close(fd)
	_ = syscall.Unlink(tmp)
	return -1, 0
}

// hasXattrs reports whether the open file fd has extended attributes.
func hasXattrs(fd int) bool {
	n, err := unix.Flistxattr(fd, nil)
	return err != nil && err != unix.ENOTSUP || n > 0
}
