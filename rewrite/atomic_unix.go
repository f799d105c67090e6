//go:build unix

package rewrite

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// writeTemp writes parts, one after the other, to the temp file of path,
// with the permission bits (and, as root, the owner) of st and, when st is
// the Lstat of the file at path, its extended attributes, without syncing
// it, and returns the temp file's name. On error no temp file is left. Raw
// system calls: an *os.File would also try to register each file with the
// poller. With sp, the temp file may be a spare (reuseSpare) rather than a
// new file.
func writeTemp(path string, parts [][]byte, st fs.FileInfo, sp *spares) (string, error) {
	tmp := tempPath(path)
	// Created with the file's permission bits, the temp file usually needs
	// no chmod: only bits the umask strips, setuid, setgid and sticky, or
	// a default ACL of the directory make it differ.
	want := modeBits(st.Mode())
	size := int64(partsLen(parts))
	fd, spareSize := reuseSpare(sp, tmp, st, size)
	reused := fd >= 0
	var err error
	if !reused {
		fd, err = openExcl(tmp, want&0o777)
	}
	if err == syscall.EEXIST {
		// Left by a killed run whose journal is gone; nothing else makes
		// this name.
		_ = syscall.Unlink(tmp)
		fd, err = openExcl(tmp, want&0o777)
	}
	if err != nil {
		return "", fmt.Errorf("create temp file: %w", err)
	}
	fail := func(what string, err error) (string, error) {
		_ = syscall.Close(fd)
		_ = syscall.Unlink(tmp)
		return "", fmt.Errorf("%s: %w", what, err)
	}
	if err := writeParts(fd, parts, writev); err != nil {
		return fail("write temp file", err)
	}
	if reused && spareSize > size {
		// A spare longer than the new content keeps its tail otherwise.
		if err := ftruncate(fd, size); err != nil {
			return fail("truncate temp file", err)
		}
	}
	var cur syscall.Stat_t
	if err := syscall.Fstat(fd, &cur); err != nil {
		return fail("stat temp file", err)
	}
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		// st is the Lstat of the file being replaced (not of a new one).
		if os.Geteuid() == 0 && (cur.Uid != s.Uid || cur.Gid != s.Gid) {
			// Only root may give the file another owner; failure leaves
			// the owner as is. Before the chmod: a chown clears setuid
			// and setgid (which the temp file is created without).
			_ = syscall.Fchown(fd, int(s.Uid), int(s.Gid))
		}
		set, err := copyXattrs(path, fd)
		if err != nil {
			return fail("keep attributes", err)
		}
		if set { // an ACL moves the permission bits
			if err := syscall.Fstat(fd, &cur); err != nil {
				return fail("stat temp file", err)
			}
		}
	}
	if uint32(cur.Mode)&0o7777 != want {
		if err := fchmod(fd, want); err != nil {
			return fail("set mode", err)
		}
	}
	if err := syscall.Close(fd); err != nil {
		_ = syscall.Unlink(tmp)
		return "", fmt.Errorf("close temp file: %w", err)
	}
	return tmp, nil
}

// writevFn writes parts to fd with one system call and returns how many
// bytes it wrote, which may be fewer than all of them.
type writevFn func(fd int, parts [][]byte) (int, error)

// writeParts writes parts to fd one after the other, with as few system
// calls as the kernel allows: one call of wv (writev, but for tests) for
// up to maxIovecs parts. The parts themselves are left as they are.
func writeParts(fd int, parts [][]byte, wv writevFn) error {
	for len(parts) > 0 {
		batch := parts[:min(len(parts), maxIovecs)]
		n, err := wv(fd, batch)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return err
		case n == 0 && partsLen(batch) > 0:
			return io.ErrShortWrite
		}
		// Skip what was written; a short write leaves a part half done.
		for len(parts) > 0 && n >= len(parts[0]) {
			n -= len(parts[0])
			parts = parts[1:]
		}
		if n > 0 {
			parts = append([][]byte{parts[0][n:]}, parts[1:]...)
		}
	}
	return nil
}

// maxIovecs is the most parts one writev takes (IOV_MAX is 1024).
const maxIovecs = 1024

// partsLen is the number of bytes in parts.
func partsLen(parts [][]byte) int {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	return n
}

func ftruncate(fd int, n int64) error {
	for {
		if err := syscall.Ftruncate(fd, n); err != syscall.EINTR {
			return err
		}
	}
}

func openExcl(path string, perm uint32) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, perm)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

// modeBits returns the permission bits of mode, with setuid, setgid and
// sticky, as the system spells them.
func modeBits(mode fs.FileMode) uint32 {
	m := uint32(mode.Perm())
	if mode&fs.ModeSetuid != 0 {
		m |= syscall.S_ISUID
	}
	if mode&fs.ModeSetgid != 0 {
		m |= syscall.S_ISGID
	}
	if mode&fs.ModeSticky != 0 {
		m |= syscall.S_ISVTX
	}
	return m
}

// fchmod gives fd the mode bits m.
func fchmod(fd int, m uint32) error {
	for {
		if err := syscall.Fchmod(fd, m); err != syscall.EINTR {
			return err
		}
	}
}

// rawFile reads a file with plain system calls.
type rawFile int

func (f rawFile) Read(b []byte) (int, error) {
	for {
		n, err := syscall.Read(int(f), b)
		switch {
		case err == syscall.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(b) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f rawFile) Close() error { return syscall.Close(int(f)) }

// openRead opens the file at path for reading.
func openRead(path string) (io.ReadCloser, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: path, Err: err}
		}
		return rawFile(fd), nil
	}
}

// otherLinks reports whether the file st describes (an Lstat) has more
// than one name.
func otherLinks(st fs.FileInfo) bool {
	s, ok := st.Sys().(*syscall.Stat_t)
	return ok && s.Nlink > 1
}
