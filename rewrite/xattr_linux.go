package rewrite

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/sys/unix"
)

// copyXattrs gives the open temp file fd the extended attributes of the
// file at path (POSIX ACLs, the SELinux label, file capabilities, user
// attributes), which a new file would not otherwise have. An attribute the
// temp file already has with the same value, as the SELinux label usually
// is, is left alone. Most files have none: that costs one system call.
// It reports whether it set any.
func copyXattrs(path string, fd int) (set bool, err error) {
	list, err := readXattr(func(b []byte) (int, error) { return unix.Llistxattr(path, b) })
	if err == unix.ENOTSUP || err == unix.ENOENT {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("list extended attributes: %w", err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		if name == "" {
			continue
		}
		val, err := readXattr(func(b []byte) (int, error) { return unix.Lgetxattr(path, name, b) })
		if err == unix.ENODATA {
			continue // removed since it was listed
		}
		if err != nil {
			return set, fmt.Errorf("read extended attribute %s: %w", name, err)
		}
		if cur, err := readXattr(func(b []byte) (int, error) { return unix.Fgetxattr(fd, name, b) }); err == nil && bytes.Equal(cur, val) {
			continue
		}
		if err := unix.Fsetxattr(fd, name, val, 0); err != nil {
			return set, fmt.Errorf("copy extended attribute %s: %w", name, err)
		}
		set = true
	}
	return set, nil
}

// readXattr calls get with a buffer big enough for what it returns: first
// with none, to learn the size, then again if the value grew meanwhile.
func readXattr(get func([]byte) (int, error)) ([]byte, error) {
	for {
		n, err := get(nil)
		if err != nil || n == 0 {
			return nil, err
		}
		buf := make([]byte, n)
		n, err = get(buf)
		if err == unix.ERANGE {
			continue
		}
		if err != nil {
			return nil, err
		}
		return buf[:n], nil
	}
}
