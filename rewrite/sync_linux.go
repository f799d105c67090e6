package rewrite

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/sys/unix"
)

// syncFiles makes the data of the files durable. On Linux one syncfs of
// the file system holding root replaces an fsync per file: the cost of an
// apply that writes thousands of files is then one flush, not thousands.
// Files in directories on another file system (a mount under root) get an
// fsync each.
func syncFiles(root string, files []string) error {
	if len(files) == 0 {
		return nil
	}
	if len(files) == 1 {
		return fsyncPath(files[0])
	}
	d, err := os.Open(root)
	if err != nil {
		return err
	}
	defer d.Close()
	var rootSt unix.Stat_t
	if err := unix.Fstat(int(d.Fd()), &rootSt); err != nil {
		return err
	}
	if err := unix.Syncfs(int(d.Fd())); err != nil {
		return err
	}
	sameFS := map[string]bool{}
	for _, f := range files {
		dir := filepath.Dir(f)
		same, ok := sameFS[dir]
		if !ok {
			var st unix.Stat_t
			same = unix.Stat(dir, &st) == nil && st.Dev == rootSt.Dev
			sameFS[dir] = same
		}
		if !same {
			if err := fsyncPath(f); err != nil {
				return err
			}
		}
	}
	return nil
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

// sameCtime reports whether a and b, Lstat results, have the same change
// time.
func sameCtime(a, b fs.FileInfo) bool {
	sa, ok1 := a.Sys().(*syscall.Stat_t)
	sb, ok2 := b.Sys().(*syscall.Stat_t)
	return ok1 && ok2 && sa.Ctim == sb.Ctim
}
