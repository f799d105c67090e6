//go:build unix && !linux

package scanner

import "syscall"

// openNoAtime opens path with flags; O_NOATIME is Linux's.
func openNoAtime(path string, flags int) (int, error) { return syscall.Open(path, flags, 0) }
