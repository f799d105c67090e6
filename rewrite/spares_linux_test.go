package rewrite

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// plantSpares puts files into a stale originals directory of root's state
// (one no journal lists) and returns their paths.
func plantSpares(t *testing.T, root string, contents ...string) []string {
	t.Helper()
	dir := filepath.Join(stateOf(t, root), backupPrefix+"stale", "0")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i, c := range contents {
		p := filepath.Join(dir, strings.Repeat("s", i+1))
		if err := os.WriteFile(p, []byte(c), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

func lstat(t *testing.T, p string) os.FileInfo {
	t.Helper()
	st, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestSpareLinkedToAFileIsNotReused: a stale original that is still a name
// of a file in the tree (as a killed run leaves one) is never written
// into; it goes before anything is staged, so the file is not taken for
// one with other names either. The spare of the right size is used,
// overwritten with the content and mode of the file it replaces.
func TestSpareLinkedToAFileIsNotReused(t *testing.T) {
	root := tree(t, map[string]string{"a.txt": "a.b and more\n", "other.txt": "c.d and more\n"})
	if err := os.Chmod(filepath.Join(root, "a.txt"), 0o751); err != nil {
		t.Fatal(err)
	}
	// The linked original has the very size of a.txt's new content: it
	// would be the spare taken if it were one. The real spare is longer.
	spares := plantSpares(t, root, strings.Repeat("x", 64<<10))
	linked := filepath.Join(filepath.Dir(spares[0]), "linked")
	if err := os.Link(filepath.Join(root, "other.txt"), linked); err != nil {
		t.Fatal(err)
	}
	spare := lstat(t, spares[0])
	res, err := Write(root, []FilePlan{plan(t, root, "a.txt", "a.b", "c.d")}, WriteOptions{})
	if err != nil || !res.OK() || len(res.Linked) != 0 {
		t.Fatalf("Write: %+v, %v", res, err)
	}
	if got := read(t, root, "other.txt"); got != "c.d and more\n" {
		t.Errorf("other.txt = %q: a linked original was written into", got)
	}
	if n := lstat(t, filepath.Join(root, "other.txt")).Sys().(*syscall.Stat_t).Nlink; n != 1 {
		t.Errorf("other.txt has %d links, want 1: its stale original stayed", n)
	}
	a := lstat(t, filepath.Join(root, "a.txt"))
	if got := read(t, root, "a.txt"); got != "c.d and more\n" {
		t.Errorf("a.txt = %q", got)
	}
	if a.Mode().Perm() != 0o751 {
		t.Errorf("a.txt has mode %v, want 0751", a.Mode().Perm())
	}
	if !os.SameFile(a, spare) {
		t.Errorf("a.txt was not written into the spare")
	}
	noLeftovers(t, root)
	if _, err := os.Lstat(filepath.Dir(filepath.Dir(spares[0]))); err == nil {
		t.Errorf("the stale originals directory is still there")
	}
}

// TestSpareWithXattrsIsNotReused: a spare with extended attributes would
// give them to the file written into it, so it is not used, and the
// written file has only its own attributes.
func TestSpareWithXattrsIsNotReused(t *testing.T) {
	root := tree(t, map[string]string{"a.txt": "a.b\n", "b.txt": "a.b\n"})
	spares := plantSpares(t, root, "1234", "5678")
	for _, p := range spares {
		if err := unix.Lsetxattr(p, "user.domainshift.spare", []byte("x"), 0); err != nil {
			t.Fatalf("this file system takes no user attributes (%v); the test needs one that does", err)
		}
	}
	res, err := Write(root, []FilePlan{plan(t, root, "a.txt", "a.b", "c.d"), plan(t, root, "b.txt", "a.b", "c.d")}, WriteOptions{})
	if err != nil || !res.OK() {
		t.Fatalf("Write: %+v, %v", res, err)
	}
	for _, name := range []string{"a.txt", "b.txt"} {
		p := filepath.Join(root, name)
		if got := read(t, root, name); got != "c.d\n" {
			t.Errorf("%s = %q", name, got)
		}
		if n, err := unix.Llistxattr(p, nil); err != nil || n != 0 {
			t.Errorf("%s has extended attributes (%d bytes of names, %v)", name, n, err)
		}
	}
	noLeftovers(t, root)
}

// TestSpareShorterThanContentGrows: with only short spares, the content
// is written whole.
func TestSpareShorterThanContentGrows(t *testing.T) {
	long := strings.Repeat("a.b ", 5000) + "\n"
	root := tree(t, map[string]string{"a.txt": long})
	spares := plantSpares(t, root, "x")
	spare := lstat(t, spares[0])
	res, err := Write(root, []FilePlan{plan(t, root, "a.txt", "a.b", "c.d")}, WriteOptions{})
	if err != nil || !res.OK() {
		t.Fatalf("Write: %+v, %v", res, err)
	}
	if got, want := read(t, root, "a.txt"), strings.ReplaceAll(long, "a.b", "c.d"); got != want {
		t.Errorf("a.txt has %d bytes, want %d", len(got), len(want))
	}
	if !os.SameFile(lstat(t, filepath.Join(root, "a.txt")), spare) {
		t.Errorf("a.txt was not written into the spare")
	}
}
