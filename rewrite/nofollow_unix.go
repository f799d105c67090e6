//go:build unix

package rewrite

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// oNoFollow makes an open fail on a symlink rather than follow it.
const oNoFollow = unix.O_NOFOLLOW

// checkRoom fails when the file system of dir has less than need bytes
// free for this user.
func checkRoom(dir string, need int64) error {
	var fs unix.Statfs_t
	if err := unix.Statfs(dir, &fs); err != nil {
		return nil // unknown: the writes themselves will tell
	}
	free := int64(fs.Bavail) * int64(fs.Bsize)
	if free < need {
		return fmt.Errorf("state directory %s has %d KiB free, %d KiB needed: %w", dir, free>>10, need>>10, ErrNoRoom)
	}
	return nil
}
