//go:build unix

package scanner

import (
	"errors"
	"syscall"
)

// readFile reads the regular file at the slash-separated p in t into a
// buffer from bufs and returns its content, or a reason to skip it. It
// makes the four system calls a read needs (open, fstat, read, close): on
// a tree of tens of thousands of files the extra calls an *os.File makes
// (the poller registration, a stat before the open) cost as much as the
// reading. O_NOFOLLOW refuses symlinks (and below an open root, t refuses
// them anywhere in p), O_NONBLOCK keeps a FIFO from blocking, and on Linux
// O_NOATIME leaves access times alone (see openNoAtime).
func readFile(t *tree, p string, limit int64, bufs *readBufs) ([]byte, string, error) {
	var fd int
	var err error
	for {
		fd, err = t.open(p, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, &bufs.path)
		if err != syscall.EINTR {
			break
		}
	}
	switch {
	case errors.Is(err, syscall.ELOOP):
		return nil, "symlink", nil
	case errors.Is(err, syscall.ENOENT), errors.Is(err, syscall.ENOTDIR):
		return nil, "vanished", nil
	case err != nil:
		return nil, "", &openError{err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, "", &readError{err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, "not a regular file", nil
	}
	if st.Size > limit {
		return nil, tooLarge(st.Size, limit), nil
	}
	// Room for one byte more than the size: a file that grew since the
	// fstat fills it, and is read on to its end or the limit.
	buf := bufs.get(int(st.Size) + 1)
	n := 0
	for n < len(buf) {
		m, err := syscall.Read(fd, buf[n:])
		if err == syscall.EINTR || err == syscall.EAGAIN {
			continue
		}
		if err != nil {
			return nil, "", &readError{err}
		}
		if m == 0 {
			break
		}
		n += m
		if n == int(st.Size) && n > 0 {
			break // the common case: all of it in one read, no second call for EOF
		}
	}
	if int64(n) > limit {
		return nil, tooLarge(-1, limit), nil
	}
	return buf[:n], "", nil
}

// openError and readError word a failed system call as os.PathError's
// unwrapped form would: "open: permission denied".
type openError struct{ err error }

func (e *openError) Error() string { return "open: " + e.err.Error() }
func (e *openError) Unwrap() error { return e.err }

type readError struct{ err error }

func (e *readError) Error() string { return "read: " + e.err.Error() }
func (e *readError) Unwrap() error { return e.err }
