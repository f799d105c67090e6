//go:build !linux

package rewrite

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
