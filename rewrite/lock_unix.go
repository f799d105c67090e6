//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package rewrite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// lockState takes the lock of the state directory dir, so that two runs
// never write the same tree at once; release gives it back. A killed run's
// lock goes with its process.
func lockState(dir string) (release func(), err error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", StateDir, unwrapPath(err))
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, ErrBusy
		}
		return nil, fmt.Errorf("lock %s: %w", StateDir, err)
	}
	return func() { _ = f.Close() }, nil
}
