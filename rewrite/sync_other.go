//go:build !linux

package rewrite

import "io/fs"

// syncFiles makes the data of the files durable, one fsync each.
func syncFiles(_ string, files []string) error {
	for _, f := range files {
		if err := fsyncPath(f); err != nil {
			return err
		}
	}
	return nil
}

// syncDirs makes the renames in dirs durable.
func syncDirs(_ string, dirs []string) error {
	var first error
	for _, d := range dirs {
		if err := syncDir(d); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// sameCtime is true: the change time is only compared on Linux.
func sameCtime(_, _ fs.FileInfo) bool { return true }
