package rewrite

import (
	"errors"
	"github.com/domainshift/domainshift/internal/own"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/domainshift/domainshift/internal/testfs"
	"github.com/domainshift/domainshift/scanner"
)

// tree writes files (path -> content) under a new temp root.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	return testfs.Tree(t, files)
}

// plan replaces every old with new in the file at p as it is now.
func plan(t testing.TB, root, p, old, new string) FilePlan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	fp := FilePlan{Path: p, Size: int64(len(data)), Hash: scanner.HashOf(data)}
	s := string(data)
	for i := 0; ; {
		j := strings.Index(s[i:], old)
		if j < 0 {
			break
		}
		fp.Edits = append(fp.Edits, Edit{Offset: i + j, Len: len(old), New: []byte(new)})
		i += j + len(old)
	}
	return fp
}

func read(t *testing.T, root, p string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteAndUndo(t *testing.T) {
	root := tree(t, map[string]string{
		"a.txt":       "url: ws://a.b\r\nother: a.b\r\n",
		"dir/b.txt":   "a.b",
		"dir/c.txt":   "a.b\n",
		"dir/ro.txt":  "a.b\n",
		"rodir/d.txt": "a.b\n",
		"rodir/e.txt": "a.b\n", // the directory's check is remembered, not lost
		"gone.txt":    "a.b\n",
		"real.txt":    "a.b\n",
	})
	if err := os.Symlink("real.txt", filepath.Join(root, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(root, "dir/b.txt"), 0o750); err != nil {
		t.Fatal(err)
	}
	var plans []FilePlan
	for _, p := range []string{"a.txt", "dir/b.txt", "dir/c.txt", "dir/ro.txt", "rodir/d.txt", "rodir/e.txt", "gone.txt", "link.txt"} {
		plans = append(plans, plan(t, root, p, "a.b", "new.host"))
	}
	plans[len(plans)-1] = FilePlan{Path: "link.txt", Size: plans[len(plans)-1].Size, Hash: plans[len(plans)-1].Hash, Edits: plans[len(plans)-1].Edits}
	chmod(t, filepath.Join(root, "dir/ro.txt"), 0o444)
	chmod(t, filepath.Join(root, "rodir"), 0o555)
	if err := os.Remove(filepath.Join(root, "gone.txt")); err != nil {
		t.Fatal(err)
	}
	// A stale temp file from a killed run, listed by no journal.
	stale := filepath.Join(root, "dir", ".c.txt"+own.TempSuffix)
	if err := os.WriteFile(stale, []byte("junk"), 0o600); err != nil {
		t.Fatal(err)
	}

	res, err := Write(root, plans, WriteOptions{BeforeWrite: func(p string) {
		if p == "dir/c.txt" { // changed between the scan and the write
			if err := os.WriteFile(filepath.Join(root, "dir/c.txt"), []byte("a.b\nedited\n"), 0o644); err != nil {
				t.Error(err)
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Written{{"a.txt", 2}, {"dir/b.txt", 1}}, res.Written); diff != "" {
		t.Errorf("Written (-want +got):\n%s", diff)
	}
	wantSkipped := map[string]error{"dir/c.txt": ErrChanged, "gone.txt": ErrChanged}
	wantFailed := map[string]error{"dir/ro.txt": ErrReadOnly, "rodir/d.txt": ErrReadOnly, "rodir/e.txt": ErrReadOnly, "link.txt": ErrNotRegular}
	checkProblems(t, "Skipped", res.Skipped, wantSkipped)
	checkProblems(t, "Failed", res.Failed, wantFailed)

	if got := read(t, root, "a.txt"); got != "url: ws://new.host\r\nother: new.host\r\n" {
		t.Errorf("a.txt = %q", got)
	}
	if got := read(t, root, "dir/b.txt"); got != "new.host" {
		t.Errorf("dir/b.txt = %q", got)
	}
	if st, _ := os.Stat(filepath.Join(root, "dir/b.txt")); st.Mode().Perm() != 0o750 {
		t.Errorf("dir/b.txt mode = %v, want 0750", st.Mode().Perm())
	}
	if got := read(t, root, "dir/c.txt"); got != "a.b\nedited\n" {
		t.Errorf("changed file overwritten: %q", got)
	}
	if got := read(t, root, "real.txt"); got != "a.b\n" {
		t.Errorf("written through a symlink: %q", got)
	}
	if _, err := os.Lstat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale temp file left: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(root, ".domainshift")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the undo state is in the tree: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(stateOf(t, root), journalName)); err != nil {
		t.Errorf("no journal in the state directory: %v", err)
	}

	// Undo: a.txt is restored; b.txt was edited after the apply and stays.
	if err := os.WriteFile(filepath.Join(root, "dir/b.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	ures, err := undo(t, root)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a.txt"}, ures.Restored); diff != "" {
		t.Errorf("Restored (-want +got):\n%s", diff)
	}
	checkProblems(t, "Left", ures.Left, map[string]error{"dir/b.txt": ErrChangedSinceApply})
	if got := read(t, root, "a.txt"); got != "url: ws://a.b\r\nother: a.b\r\n" {
		t.Errorf("a.txt after undo = %q", got)
	}
	// The journal stays for another try; once b.txt is back as apply left
	// it, undo finishes and removes the journal.
	if err := os.WriteFile(filepath.Join(root, "dir/b.txt"), []byte("new.host"), 0o644); err != nil {
		t.Fatal(err)
	}
	ures, err = undo(t, root)
	if err != nil {
		t.Fatal(err)
	}
	if !ures.OK() || len(ures.Restored) != 1 || len(ures.Unchanged) != 1 {
		t.Errorf("second undo = %+v", ures)
	}
	if _, err := undo(t, root); !errors.Is(err, ErrNoJournal) {
		t.Errorf("third undo: %v, want ErrNoJournal", err)
	}
}

func chmod(t *testing.T, p string, mode os.FileMode) {
	t.Helper()
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(p, 0o755) })
}

func checkProblems(t *testing.T, what string, got []Problem, want map[string]error) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %v, want %d entries", what, got, len(want))
	}
	for _, p := range got {
		if w, ok := want[p.Path]; !ok || !errors.Is(p.Err, w) {
			t.Errorf("%s: %s: %v, want %v", what, p.Path, p.Err, w)
		}
	}
}

// TestWriteNothingKeepsJournal: a run that writes nothing leaves the last
// apply undoable.
func TestWriteNothingKeepsJournal(t *testing.T) {
	root := tree(t, map[string]string{"a.txt": "a.b\n"})
	p := plan(t, root, "a.txt", "a.b", "c.d")
	if res, err := Write(root, []FilePlan{p}, WriteOptions{}); err != nil || !res.OK() {
		t.Fatalf("Write: %+v, %v", res, err)
	}
	// The same plan again: the file changed (it was written), so skipped.
	res, err := Write(root, []FilePlan{p}, WriteOptions{})
	if err != nil || len(res.Skipped) != 1 {
		t.Fatalf("second Write: %+v, %v", res, err)
	}
	if _, err := undo(t, root); err != nil {
		t.Fatal(err)
	}
	if got := read(t, root, "a.txt"); got != "a.b\n" {
		t.Errorf("after undo: %q", got)
	}
}

func TestTempPathIsTemp(t *testing.T) {
	if got := filepath.Base(tempPath("x/a.txt")); !own.IsTemp(got) {
		t.Errorf("tempPath gives %q, not a temp name", got)
	}
}

// TestMain keeps the undo state of the trees outside git, which lives in
// the user's state directory, in a temp directory of its own.
func TestMain(m *testing.M) { os.Exit(testfs.RunWithStateHome(m)) }

// stateOf is the state directory of root.
func stateOf(t testing.TB, root string) string {
	t.Helper()
	dir, err := LocateState(root, "")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// undo undoes the last apply under root, wherever its journal is.
func undo(t testing.TB, root string) (*UndoResult, error) {
	t.Helper()
	dir, err := FindJournal(root, "")
	if err != nil {
		return nil, err
	}
	return Undo(root, dir)
}

// putState writes files into the state directory of root.
func putState(t testing.TB, root string, files map[string]string) {
	t.Helper()
	testfs.Write(t, stateOf(t, root), files)
}
