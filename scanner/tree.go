package scanner

// tree is the directory a scan reads its files from. Where the system
// allows it (Linux 5.6 and later), dir holds the root open, and a file is
// opened below it with openat2, which refuses a symlink anywhere on the
// way: one system call, where checking each directory of the path first
// cost an lstat per directory. Elsewhere dir is -1, files are opened by
// their full path and their directories are checked beforehand (see
// dirCheck).
type tree struct {
	root string // clean, see joinPath
	dir  int
}

// beneath reports whether the tree itself refuses paths through symlinks.
func (t *tree) beneath() bool { return t.dir >= 0 }

// path is the full path of the slash-separated p, relative to the root.
func (t *tree) path(p string) string { return joinPath(t.root, p) }
