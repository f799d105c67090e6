package rewrite

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// scannedEarlier is fi as an lstat a second earlier would have seen it:
// the same in every field but the change time.
type scannedEarlier struct{ fs.FileInfo }

func (e scannedEarlier) Sys() any {
	st := *e.FileInfo.Sys().(*syscall.Stat_t)
	st.Ctim.Sec--
	return &st
}

// TestUnchangedCtime: a rewrite that kept the size, the mode and the
// modification time (os.Chtimes puts the old one back) still moved the
// change time, and the check right before each rename sees it. The scan's
// lstat is taken as a second older than the rewrite rather than waited
// for past the kernel's coarse clock tick.
func TestUnchangedCtime(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.txt")
	if err := os.WriteFile(p, []byte("aaaa\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lst, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	was := scannedEarlier{lst}
	if err := os.WriteFile(p, []byte("bbbb\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, was.ModTime(), was.ModTime()); err != nil {
		t.Fatal(err)
	}
	cur, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	if !sameMeta(lst, cur) {
		t.Fatal("setup: inode, size, mode or mtime differ")
	}
	if sameCtime(was, cur) {
		t.Error("a same-size rewrite with the old modification time looks unchanged")
	}
	if !sameCtime(scannedEarlier{cur}, scannedEarlier{cur}) || !unchanged(cur, cur) {
		t.Error("an untouched file looks changed")
	}
}
