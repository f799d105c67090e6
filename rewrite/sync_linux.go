package rewrite

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncFiles makes the data of the files durable. On Linux one syncfs of
// the file system holding dir replaces an fsync per file: the cost of an
// apply that writes thousands of files is then one flush, not thousands.
func syncFiles(dir string, files []string) error {
	if len(files) == 0 {
		return nil
	}
	if len(files) == 1 {
		return fsyncPath(files[0])
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return unix.Syncfs(int(d.Fd()))
}

// syncDirs makes the renames in dirs durable.
func syncDirs(root string, dirs []string) error {
	if len(dirs) <= 1 {
		for _, d := range dirs {
			return syncDir(d)
		}
		return nil
	}
	return syncFiles(root, dirs)
}
