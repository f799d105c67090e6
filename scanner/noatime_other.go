//go:build unix && !linux

package scanner

import "syscall"

// openNoAtime opens path with flags; O_NOATIME is Linux's.
func openNoAtime(path string, flags int) (int, error) { return syscall.Open(path, flags, 0) }

// open opens the file at the slash-separated p, relative to the root.
func (t *tree) open(p string, flags int, _ *[]byte) (int, error) {
	return openNoAtime(t.path(p), flags)
}
