//go:build unix && !linux && !darwin && !illumos

package rewrite

import "syscall"

// writev writes the first part that is not empty: there is no writev to
// call here, and writeParts calls again for the rest.
func writev(fd int, parts [][]byte) (int, error) {
	for _, p := range parts {
		if len(p) > 0 {
			return syscall.Write(fd, p)
		}
	}
	return 0, nil
}
