//go:build linux || darwin

package rewrite

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// checkRoom fails when the file system of dir has less than need bytes
// free for this user.
func checkRoom(dir string, need int64) error {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return nil // unknown: the writes themselves will tell
	}
	free := int64(st.Bavail) * int64(st.Bsize)
	if free < need {
		return fmt.Errorf("state directory %s has %d KiB free, %d KiB needed: %w", dir, free>>10, need>>10, ErrNoRoom)
	}
	return nil
}
