//go:build linux || darwin || illumos

package rewrite

import "golang.org/x/sys/unix"

// writev writes parts with one system call and returns how many bytes it
// wrote.
func writev(fd int, parts [][]byte) (int, error) { return unix.Writev(fd, parts) }
