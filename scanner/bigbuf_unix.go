//go:build unix

package scanner

import "golang.org/x/sys/unix"

// allocBig returns a buffer of n bytes outside the Go heap, and the
// function that frees it. Memory mapped this way counts towards the
// process only for the pages a read fills, and does not raise the heap
// size the garbage collector lets other allocations grow to.
func allocBig(n int) ([]byte, func()) {
	b, err := unix.Mmap(-1, 0, n, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE)
	if err != nil {
		return make([]byte, n), func() {}
	}
	return b, func() { _ = unix.Munmap(b) }
}
