package rewrite

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/domainshift/domainshift/internal/own"
	"github.com/domainshift/domainshift/scanner"
)

// TestBatchStagesScannedContent stages files from the content a scan read,
// as apply --yes does, and checks that a file changed after the scan is
// never overwritten: before it is staged (same size, other bytes) or after
// (between the stage and the rename).
func TestBatchStagesScannedContent(t *testing.T) {
	root := tree(t, map[string]string{
		"a.txt":     "host a.b here\n",
		"b.txt":     "a.b\n",
		"c.txt":     "a.b\n",
		"d/e.txt":   "url: a.b\n",
		"keep.conf": "nothing\n",
	})
	var plans []FilePlan
	scanned := map[string][]byte{}
	for _, p := range []string{"a.txt", "b.txt", "c.txt", "d/e.txt"} {
		plans = append(plans, plan(t, root, p, "a.b", "new.host"))
		scanned[p] = []byte(read(t, root, p))
	}
	// b.txt changes after the scan and before it is staged: same size,
	// other content.
	if err := os.WriteFile(filepath.Join(root, "b.txt"), []byte("x.y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := Begin(root, WriteOptions{BeforeWrite: func(p string) {
		if p == "c.txt" { // changed between the stage and the rename, same size
			if err := os.WriteFile(filepath.Join(root, "c.txt"), []byte("my!\n"), 0o644); err != nil {
				t.Error(err)
			}
		}
	}})
	for _, p := range plans {
		b.Stage(p, scanned[p.Path])
	}
	res, err := b.Finish()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]Written{{"a.txt", 1}, {"d/e.txt", 1}}, res.Written); diff != "" {
		t.Errorf("Written (-want +got):\n%s", diff)
	}
	checkProblems(t, "Skipped", res.Skipped, map[string]error{"b.txt": ErrChanged, "c.txt": ErrChanged})
	for p, want := range map[string]string{"a.txt": "host new.host here\n", "b.txt": "x.y\n", "c.txt": "my!\n", "d/e.txt": "url: new.host\n"} {
		if got := read(t, root, p); got != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
	noLeftovers(t, root)

	ures, err := undo(t, root)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a.txt", "d/e.txt"}, ures.Restored); diff != "" || !ures.OK() {
		t.Errorf("Restored (-want +got):\n%s; result %+v", diff, ures)
	}
	if got := read(t, root, "a.txt"); got != "host a.b here\n" {
		t.Errorf("a.txt after undo = %q", got)
	}
	if entries, _ := os.ReadDir(stateOf(t, root)); len(entries) > 0 {
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), backupPrefix) || e.Name() == journalName {
				t.Errorf("%s left after a complete undo", e.Name())
			}
		}
	}
}

// noLeftovers fails if a temp file, a pending list or a stale originals
// directory is left under root.
func noLeftovers(t *testing.T, root string) {
	t.Helper()
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && own.IsTemp(d.Name()) {
			t.Errorf("temp file %s left behind", p)
		}
		return nil
	})
	if _, err := os.Lstat(filepath.Join(stateOf(t, root), pendingName)); err == nil {
		t.Errorf("%s left behind", pendingName)
	}
	// Besides the journal's originals, those of the journal it replaced
	// stay as the next run's spares, and nothing else.
	j, err := openJournal(stateOf(t, root))
	entries, _ := os.ReadDir(stateOf(t, root))
	var others []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), backupPrefix) && (err != nil || e.Name() != backupPrefix+j.id) {
			others = append(others, e.Name())
		}
	}
	if len(others) > 1 || len(others) == 1 && (!reuseSpares || err != nil) {
		t.Errorf("originals directories %v are not the journal's", others)
	}
}

// TestOriginalsAreHardLinks: the journal keeps each original as a link to
// its old inode, not a copy.
func TestOriginalsAreHardLinks(t *testing.T) {
	root := tree(t, map[string]string{"a.txt": "a.b\n"})
	before, err := os.Lstat(filepath.Join(root, "a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := Write(root, []FilePlan{plan(t, root, "a.txt", "a.b", "c.d")}, WriteOptions{}); err != nil || !res.OK() {
		t.Fatalf("Write: %+v, %v", res, err)
	}
	j, err := openJournal(stateOf(t, root))
	if err != nil {
		t.Fatal(err)
	}
	kept, err := os.Lstat(filepath.Join(j.backups, j.files[0].Backup))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, kept) {
		t.Errorf("the original of a.txt was copied, not linked")
	}
	if got := read(t, root, "a.txt"); got != "c.d\n" {
		t.Errorf("a.txt = %q", got)
	}
}

// TestOriginalsInSubdirectories: originals go into subdirectories of
// originalsPerDir each, and undo finds them there.
func TestOriginalsInSubdirectories(t *testing.T) {
	const n = 2*originalsPerDir + 3
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("d%d/f%03d.txt", i%3, i)] = fmt.Sprintf("a.b %d\n", i)
	}
	root := tree(t, files)
	var plans []FilePlan
	for p := range files {
		plans = append(plans, plan(t, root, p, "a.b", "c.d"))
	}
	if res, err := Write(root, plans, WriteOptions{}); err != nil || len(res.Written) != n {
		t.Fatalf("Write: %+v, %v", res, err)
	}
	j, err := openJournal(stateOf(t, root))
	if err != nil {
		t.Fatal(err)
	}
	perDir := map[string]int{}
	for _, e := range j.files {
		sub, name, ok := strings.Cut(e.Backup, "/")
		num, err := strconv.Atoi(name)
		if !ok || err != nil || sub != strconv.Itoa(num/originalsPerDir) {
			t.Fatalf("original of %s is %q, want SUB/NUM with SUB = NUM/%d", e.Path, e.Backup, originalsPerDir)
		}
		perDir[sub]++
	}
	if diff := cmp.Diff(map[string]int{"0": originalsPerDir, "1": originalsPerDir, "2": 3}, perDir); diff != "" {
		t.Errorf("originals per subdirectory (-want +got):\n%s", diff)
	}
	entries, err := os.ReadDir(j.backups)
	if err != nil || len(entries) != 3 {
		t.Errorf("originals directory holds %d entries (%v), want the 3 subdirectories", len(entries), err)
	}
	res, err := undo(t, root)
	if err != nil || len(res.Restored) != n || !res.OK() {
		t.Fatalf("Undo: %+v, %v", res, err)
	}
	for p, want := range files {
		if got := read(t, root, p); got != want {
			t.Errorf("%s = %q after undo, want %q", p, got, want)
		}
	}
}

// TestUndoOlderJournalFormats: journals of the earlier formats, which
// record a hash of what was written (and in format 2 keep the originals
// directly in the originals directory), are still undone.
func TestUndoOlderJournalFormats(t *testing.T) {
	orig, written := "host a.b\n", "host c.d\n"
	hex := func(s string) string { return hashHex(scanner.HashOf([]byte(s))) }
	for version, backup := range map[int]string{2: "0", 3: "0/0"} {
		t.Run(strconv.Itoa(version), func(t *testing.T) {
			manifest := fmt.Sprintf(`{"version":%d,"id":"x","files":[{"path":"a.txt","backup":%q,"size":%d,"original":%q,"written":%q},`+
				`{"path":"b.txt","backup":%q,"size":%d,"original":%q,"written":%q}]}`,
				version, backup, len(orig), hex(orig), hex(written), backup, len(orig), hex(orig), hex(written))
			root := tree(t, map[string]string{"a.txt": written, "b.txt": "edited since\n",
				".domainshift/journal": manifest, ".domainshift/originals-x/" + backup: orig})
			res, err := undo(t, root)
			if err != nil || len(res.Restored) != 1 || len(res.Left) != 1 || res.Left[0].Path != "b.txt" {
				t.Fatalf("Undo: %+v, %v; want a.txt restored and b.txt left", res, err)
			}
			if got := read(t, root, "a.txt"); got != orig {
				t.Errorf("a.txt = %q, want %q", got, orig)
			}
		})
	}
}

// TestCarryOverOlderJournal: an apply after an unfinished run that wrote
// a format-3 journal keeps that run's file undoable next to its own.
func TestCarryOverOlderJournal(t *testing.T) {
	orig, written := "host a.b\n", "host c.d\n"
	hex := func(s string) string { return hashHex(scanner.HashOf([]byte(s))) }
	manifest := fmt.Sprintf(`{"version":3,"id":"x","files":[{"path":"old.txt","backup":"0/0","size":%d,"original":%q,"written":%q}]}`,
		len(orig), hex(orig), hex(written))
	root := tree(t, map[string]string{"old.txt": written, "new.txt": "a.b\n"})
	putState(t, root, map[string]string{"journal": manifest, "originals-x/0/0": orig})
	res, err := Write(root, []FilePlan{plan(t, root, "new.txt", "a.b", "c.d")}, WriteOptions{})
	if err != nil || len(res.Written) != 1 || res.JournalErr != nil {
		t.Fatalf("Write: %+v, %v", res, err)
	}
	ures, err := undo(t, root)
	if err != nil || !ures.OK() || len(ures.Restored) != 2 {
		t.Fatalf("Undo: %+v, %v; want old.txt and new.txt restored", ures, err)
	}
	for p, want := range map[string]string{"old.txt": orig, "new.txt": "a.b\n"} {
		if got := read(t, root, p); got != want {
			t.Errorf("%s = %q after undo, want %q", p, got, want)
		}
	}
}

// TestParseManifestEntries: an entry has either edits or a hash of the
// written content; formats before 4 only the hash.
func TestParseManifestEntries(t *testing.T) {
	for _, c := range []struct {
		version int
		more    string
		ok      bool
	}{
		{4, `"edits":[{"at":0,"len":1,"new":"eA=="}]`, true},
		{4, `"written":"ab"`, true}, // carried over from an unfinished older run
		{4, `"edits":[{"at":0,"len":1,"new":""}],"written":"ab"`, false},
		{4, `"edits":[]`, false},
		{3, `"written":"ab"`, true},
		{3, `"edits":[{"at":0,"len":1,"new":""}]`, false},
		{5, `"edits":[{"at":0,"len":1,"new":""}]`, false},
	} {
		data := fmt.Sprintf(`{"version":%d,"id":"x","files":[{"path":"a.txt","backup":"0/0","size":1,"original":"",%s}]}`, c.version, c.more)
		if _, err := parseManifest([]byte(data)); (err == nil) != c.ok {
			t.Errorf("version %d, %s: err = %v, want ok = %v", c.version, c.more, err, c.ok)
		}
	}
}

// TestManifestID: the id of a journal is read from its first two members
// only when they are the version and the id, both valid; otherwise the
// whole journal is parsed.
func TestManifestID(t *testing.T) {
	for data, want := range map[string]string{
		`{"version":4,"id":"x1","files":[`:             "x1", // the rest is not read
		`{"version":2,"id":"x2","files":[]}`:           "x2",
		` { "version" : 4 , "id" : "x3" , "files":[]}`: "x3",
		`{"id":"x","version":4,"files":[]}`:            "",
		`{"version":5,"id":"x","files":[]}`:            "",
		`{"version":1,"id":"x","files":[]}`:            "",
		`{"version":4,"id":"../x","files":[]}`:         "",
		`{"version":4,"id":"","files":[]}`:             "",
		`{"version":"4","id":"x","files":[]}`:          "",
		`{"version":4,"id":7,"files":[]}`:              "",
		`{"files":[],"version":4,"id":"x"}`:            "",
		`["version",4]`:                                "",
		"domainshift journal 1\n":                      "",
		``:                                             "",
	} {
		id, ok := manifestID([]byte(data))
		if ok != (want != "") || id != want {
			t.Errorf("manifestID(%s) = %q, %v; want %q", data, id, ok, want)
		}
	}
}

// TestFinishedJournalReadToItsID: after an apply that finished, the next
// run reads the journal only as far as its id, and undo still gets every
// file; a journal not marked done is read whole.
func TestFinishedJournalReadToItsID(t *testing.T) {
	root := tree(t, map[string]string{"a.txt": "a.b\n", "b.txt": "a.b\n"})
	plans := []FilePlan{plan(t, root, "a.txt", "a.b", "c.d"), plan(t, root, "b.txt", "a.b", "c.d")}
	if res, err := Write(root, plans, WriteOptions{}); err != nil || !res.OK() {
		t.Fatalf("Write: %+v, %v", res, err)
	}
	dir := stateOf(t, root)
	whole, err := readJournal(dir, true)
	if err != nil || !whole.done || len(whole.files) != 2 {
		t.Fatalf("readJournal(whole) = %+v, %v; want done with 2 files", whole, err)
	}
	head, err := readJournal(dir, false)
	if err != nil || !head.done || head.id != whole.id || head.backups != whole.backups || head.files != nil {
		t.Fatalf("readJournal = %+v, %v; want done, id %s, no files", head, err, whole.id)
	}
	if err := os.Remove(filepath.Join(dir, doneName)); err != nil {
		t.Fatal(err)
	}
	if j, err := readJournal(dir, false); err != nil || j.done || len(j.files) != 2 {
		t.Fatalf("readJournal of an unfinished journal = %+v, %v; want its 2 files", j, err)
	}
	if err := markDone(dir, whole.id); err != nil {
		t.Fatal(err)
	}
	res, err := Undo(root, dir)
	if err != nil || len(res.Restored) != 2 {
		t.Fatalf("Undo: %+v, %v; want 2 restored", res, err)
	}
	for _, name := range []string{"a.txt", "b.txt"} {
		if got, _ := os.ReadFile(filepath.Join(root, name)); string(got) != "a.b\n" {
			t.Errorf("%s after undo = %q", name, got)
		}
	}
}

// TestParseManifestBackupNames: an original is named by a file name or a
// subdirectory and a file name, never a path that leaves the originals
// directory.
func TestParseManifestBackupNames(t *testing.T) {
	for name, ok := range map[string]bool{"0": true, "3/200": true, "": false, "..": false, "../x": false,
		"0/..": false, "/0": false, "0/": false, "0/1/2": false, `0\1`: false} {
		data := fmt.Sprintf(`{"version":4,"id":"x","files":[{"path":"a.txt","backup":%q,"size":1,"original":"","edits":[{"at":0,"len":1,"new":""}]}]}`, name)
		if _, err := parseManifest([]byte(data)); (err == nil) != ok {
			t.Errorf("backup %q: err = %v, want ok = %v", name, err, ok)
		}
	}
}

// TestBusy: while one run holds the state directory, another is refused
// and changes nothing; once the first finishes, the second may run.
func TestBusy(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no flock")
	}
	root := tree(t, map[string]string{"a.txt": "a.b\n", "b.txt": "a.b\n"})
	first := Begin(root, WriteOptions{})
	first.Stage(plan(t, root, "a.txt", "a.b", "c.d"), nil)
	_, err := Write(root, []FilePlan{plan(t, root, "b.txt", "a.b", "c.d")}, WriteOptions{})
	var busy *BusyError
	if !errors.Is(err, ErrBusy) || !errors.As(err, &busy) {
		t.Fatalf("second Write during the first: %v, want ErrBusy", err)
	}
	// The lock names the run that holds it (this process) and its file.
	lock := filepath.Join(stateOf(t, root), lockName)
	if busy.PID != os.Getpid() || busy.Lock != lock ||
		err.Error() != fmt.Sprintf("another domainshift run (pid %d) is writing this tree: it holds %s", os.Getpid(), lock) {
		t.Errorf("busy error %q (pid %d, lock %s)", err, busy.PID, busy.Lock)
	}
	if _, err := undo(t, root); !errors.Is(err, ErrBusy) {
		t.Fatalf("Undo during a Write: %v, want ErrBusy", err)
	}
	if got := read(t, root, "b.txt"); got != "a.b\n" {
		t.Errorf("b.txt written by the refused run: %q", got)
	}
	if res, err := first.Finish(); err != nil || !res.OK() {
		t.Fatalf("first Finish: %+v, %v", res, err)
	}
	if res, err := Write(root, []FilePlan{plan(t, root, "b.txt", "a.b", "c.d")}, WriteOptions{}); err != nil || !res.OK() {
		t.Fatalf("Write after the first finished: %+v, %v", res, err)
	}
}

// TestAbortLeavesNothing: an aborted batch (the scan failed) removes its
// temp files and originals and keeps the previous journal.
func TestAbortLeavesNothing(t *testing.T) {
	root := tree(t, map[string]string{"a.txt": "a.b\n", "b.txt": "a.b\n"})
	if res, err := Write(root, []FilePlan{plan(t, root, "a.txt", "a.b", "c.d")}, WriteOptions{}); err != nil || !res.OK() {
		t.Fatalf("Write: %+v, %v", res, err)
	}
	b := Begin(root, WriteOptions{})
	b.Stage(plan(t, root, "b.txt", "a.b", "c.d"), nil)
	b.Abort()
	if got := read(t, root, "b.txt"); got != "a.b\n" {
		t.Errorf("b.txt = %q after an abort", got)
	}
	noLeftovers(t, root)
	ures, err := undo(t, root) // the first run's journal is still there
	if err != nil || len(ures.Restored) != 1 || ures.Restored[0] != "a.txt" {
		t.Fatalf("Undo: %+v, %v", ures, err)
	}
}

// TestKilledBeforeJournalCleanedByUndo: a run killed after it staged temp
// files but before it wrote its journal leaves a pending list; undo (with
// nothing to undo) still removes the temp files it names.
func TestKilledBeforeJournalCleanedByUndo(t *testing.T) {
	root := tree(t, map[string]string{"d/a.txt": "a.b\n"})
	b := Begin(root, WriteOptions{})
	b.Stage(plan(t, root, "d/a.txt", "a.b", "c.d"), nil)
	// Simulate the kill: drop the batch without Finish or Abort, and give
	// up its lock as the dying process would.
	b.unlock()
	tmp := tempPath(filepath.Join(root, "d", "a.txt"))
	if _, err := os.Lstat(tmp); err != nil {
		t.Fatalf("no temp file staged: %v", err)
	}
	dir, err := FindJournal(root, "")
	if err != nil || dir != stateOf(t, root) {
		t.Fatalf("FindJournal = %q, %v; want the state directory, whose pending list needs cleaning", dir, err)
	}
	if _, err := Undo(root, dir); !errors.Is(err, ErrNoJournal) {
		t.Fatalf("Undo: %v, want ErrNoJournal", err)
	}
	noLeftovers(t, root)
	if got := read(t, root, "d/a.txt"); got != "a.b\n" {
		t.Errorf("d/a.txt = %q", got)
	}
}

// TestTempsOfUnfinishedJournalRemoved: a temp file next to a file that an
// unfinished journal lists goes at the next run, even with the pending list
// gone; the journal is what names it then.
func TestTempsOfUnfinishedJournalRemoved(t *testing.T) {
	root := tree(t, map[string]string{"a.txt": "a.b\n", "b.txt": "a.b\n"})
	if _, err := Write(root, []FilePlan{plan(t, root, "a.txt", "a.b", "c.d")}, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	// As a run killed between publishing its journal and marking it done
	// leaves it, minus the pending list.
	if err := os.Remove(filepath.Join(stateOf(t, root), doneName)); err != nil {
		t.Fatal(err)
	}
	tmp := tempPath(filepath.Join(root, "a.txt"))
	if err := os.WriteFile(tmp, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Write(root, []FilePlan{plan(t, root, "b.txt", "a.b", "c.d")}, WriteOptions{})
	if err != nil || len(res.Written) != 1 {
		t.Fatalf("Write = %+v, %v", res, err)
	}
	if _, err := os.Lstat(tmp); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("temp file of the unfinished run left: %v", err)
	}
	noLeftovers(t, root)
}

// TestUnchanged: the check right before each rename sees a file replaced
// by another inode. (A rewrite that kept the size and the modification
// time is TestUnchangedCtime, on Linux.)
func TestUnchanged(t *testing.T) {
	root := tree(t, map[string]string{"a.txt": "aaaa\n"})
	p := filepath.Join(root, "a.txt")
	was, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := os.Lstat(p)
	if !unchanged(was, cur) {
		t.Fatal("an untouched file looks changed")
	}
	was, _ = os.Lstat(p)
	if err := os.WriteFile(p+".new", []byte("cccc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p+".new", was.ModTime(), was.ModTime()); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(p+".new", p); err != nil {
		t.Fatal(err)
	}
	cur, _ = os.Lstat(p)
	if unchanged(was, cur) {
		t.Error("a file replaced by another inode looks unchanged")
	}
}

// TestJournalFromOlderVersion: a journal in the first format is reported
// as such, and the originals directories are left alone.
func TestJournalFromOlderVersion(t *testing.T) {
	root := tree(t, map[string]string{".domainshift/journal": "domainshift journal 1\nold content\n", ".domainshift/originals-x/0": "keep"})
	_, err := undo(t, root)
	if err == nil || !strings.Contains(err.Error(), "older domainshift") {
		t.Fatalf("Undo: %v, want an error naming the older version", err)
	}
	if got := read(t, root, ".domainshift/originals-x/0"); got != "keep" {
		t.Errorf("originals removed: %q", got)
	}
}

// TestTwoNamesOfOneFile: two planned paths that are hard links of one file
// are both written (renaming one over its new content moves the other's
// link count, which is not a change of content), and both are reported as
// linked; a third name outside the plan keeps the old content.
func TestTwoNamesOfOneFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("link counts are read on unix only")
	}
	root := tree(t, map[string]string{"a.txt": "a.b\n"})
	for _, name := range []string{"b.txt", "c.txt"} {
		if err := os.Link(filepath.Join(root, "a.txt"), filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
	plans := []FilePlan{plan(t, root, "a.txt", "a.b", "c.d"), plan(t, root, "b.txt", "a.b", "c.d")}
	res, err := Write(root, plans, WriteOptions{})
	if err != nil || !res.OK() {
		t.Fatalf("Write: %+v, %v", res, err)
	}
	if diff := cmp.Diff([]string{"a.txt", "b.txt"}, res.Linked); diff != "" {
		t.Errorf("Linked (-want +got):\n%s", diff)
	}
	for p, want := range map[string]string{"a.txt": "c.d\n", "b.txt": "c.d\n", "c.txt": "a.b\n"} {
		if got := read(t, root, p); got != want {
			t.Errorf("%s = %q, want %q", p, got, want)
		}
	}
}

// TestNothingWrittenKeepsPreviousUndo: a run whose every file turns out
// changed after its journal was committed writes nothing, and puts the
// previous journal back, so the apply before it can still be undone.
func TestNothingWrittenKeepsPreviousUndo(t *testing.T) {
	root := tree(t, map[string]string{"a.txt": "a.b\n", "b.txt": "a.b\n"})
	if res, err := Write(root, []FilePlan{plan(t, root, "a.txt", "a.b", "c.d")}, WriteOptions{}); err != nil || !res.OK() {
		t.Fatalf("first Write: %+v, %v", res, err)
	}
	res, err := Write(root, []FilePlan{plan(t, root, "b.txt", "a.b", "c.d")}, WriteOptions{BeforeWrite: func(string) {
		if err := os.WriteFile(filepath.Join(root, "b.txt"), []byte("mine\n"), 0o644); err != nil {
			t.Error(err)
		}
	}})
	if err != nil || len(res.Written) != 0 || len(res.Skipped) != 1 || res.JournalErr != nil {
		t.Fatalf("second Write: %+v, %v; want b.txt skipped and nothing written", res, err)
	}
	noLeftovers(t, root)
	ures, err := undo(t, root)
	if err != nil || !ures.OK() || len(ures.Restored) != 1 || ures.Restored[0] != "a.txt" {
		t.Fatalf("Undo: %+v, %v; want a.txt restored", ures, err)
	}
	if got := read(t, root, "a.txt"); got != "a.b\n" {
		t.Errorf("a.txt = %q after undo", got)
	}
}

// A file larger than smallContent is written piece by piece and re-read in
// chunks: it gets exactly Apply's content and an undoable journal entry,
// and a change deep in its second chunk, same size, makes it skipped.
func TestWriteLargeFiles(t *testing.T) {
	body := strings.Repeat("filler line without hosts\n", 3*smallContent/26)
	root := tree(t, map[string]string{
		"big.sql":     "a.b\n" + body + "a.b\n" + body + "a.b",
		"changed.sql": "a.b\n" + body + "a.b\n",
	})
	plans := []FilePlan{plan(t, root, "big.sql", "a.b", "host.example"), plan(t, root, "changed.sql", "a.b", "host.example")}
	want, err := Apply([]byte(read(t, root, "big.sql")), plans[0].Edits)
	if err != nil {
		t.Fatal(err)
	}
	before := read(t, root, "big.sql")
	res, err := Write(root, plans, WriteOptions{BeforeWrite: func(p string) {
		if p == "changed.sql" {
			data := []byte(read(t, root, p))
			data[smallContent+100] = 'X'
			if err := os.WriteFile(filepath.Join(root, p), data, 0o644); err != nil {
				t.Error(err)
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != 1 || res.Written[0].Path != "big.sql" || len(res.Skipped) != 1 || res.Skipped[0].Path != "changed.sql" {
		t.Fatalf("written %v, skipped %v; want big.sql written and changed.sql skipped", res.Written, res.Skipped)
	}
	if got := read(t, root, "big.sql"); got != string(want) {
		t.Fatalf("big.sql is not Apply's content (%d bytes, want %d)", len(got), len(want))
	}
	if _, err := undo(t, root); err != nil {
		t.Fatal(err)
	}
	if read(t, root, "big.sql") != before {
		t.Fatal("undo did not restore big.sql")
	}
}

// TestOriginalsAreSparesOfTheRunAfterNext: a second apply leaves the
// first one's originals, which the third reuses as its temp files (on
// Linux) and removes with whatever it left there.
func TestOriginalsAreSparesOfTheRunAfterNext(t *testing.T) {
	const n = 3*originalsPerDir + 5
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("d%d/f%d.txt", i%7, i)] = "a.b\n"
	}
	root := tree(t, files)
	stats := func() []fs.FileInfo {
		t.Helper()
		var sts []fs.FileInfo
		for p := range files {
			st, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p)))
			if err != nil {
				t.Fatal(err)
			}
			sts = append(sts, st)
		}
		return sts
	}
	write := func(from, to string) *journal {
		t.Helper()
		var plans []FilePlan
		for p := range files {
			plans = append(plans, plan(t, root, p, from, to))
		}
		if res, err := Write(root, plans, WriteOptions{}); err != nil || !res.OK() {
			t.Fatalf("Write: %+v, %v", res, err)
		}
		j, err := openJournal(stateOf(t, root))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range j.files {
			got, err := os.ReadFile(filepath.Join(j.backups, filepath.FromSlash(e.Backup)))
			if err != nil || string(got) != from+"\n" {
				t.Fatalf("original of %s: %q, %v", e.Path, got, err)
			}
			if got := read(t, root, e.Path); got != to+"\n" {
				t.Fatalf("%s = %q, want %q", e.Path, got, to+"\n")
			}
		}
		if len(j.files) != n {
			t.Fatalf("journal lists %d files, want %d", len(j.files), n)
		}
		return j
	}
	before := stats()
	first := write("a.b", "c.d")
	// A stray file beside the subdirectories (format 2 kept originals
	// there) and a nested directory go with the spares.
	putState(t, root, map[string]string{
		filepath.Base(first.backups) + "/stray":      "x",
		filepath.Base(first.backups) + "/0/deeper/x": "x",
	})
	write("c.d", "e.f")
	_, err := os.Lstat(first.backups)
	if reuseSpares != (err == nil) {
		t.Errorf("after the second apply, the first apply's originals: %v", err)
	}
	noLeftovers(t, root)
	write("e.f", "g.h")
	if _, err := os.Lstat(first.backups); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after the third apply, the first apply's originals are still there: %v", err)
	}
	reused := 0
	for _, st := range stats() {
		for _, was := range before {
			if os.SameFile(st, was) {
				reused++
			}
		}
	}
	if want := map[bool]int{true: n, false: 0}[reuseSpares]; reused != want {
		t.Errorf("%d files written into the first apply's originals, want %d", reused, want)
	}
	noLeftovers(t, root)
}

// TestRunAfterKilledRunWritesItsLinkedFiles: a killed run leaves the files
// it had not yet renamed linked into its originals directory. The next run
// writes them all: the killed run's originals go only after its renames,
// since removing one moves the link count and change time its file shows
// between that file's last check and its rename.
func TestRunAfterKilledRunWritesItsLinkedFiles(t *testing.T) {
	const linked = 3 * originalsPerDir
	files := map[string]string{}
	for i := range 6 {
		files[fmt.Sprintf("d%d/g.txt", i)] = "a.b\n"
	}
	var killed []journalEntry
	for i := range linked {
		p := fmt.Sprintf("x/f%d.txt", i)
		files[p] = "a.b\n"
		killed = append(killed, journalEntry{Path: p, Backup: fmt.Sprintf("%d/%d", i/originalsPerDir, i),
			Size: 4, Original: hashHex(scanner.HashOf([]byte("a.b\n"))), Edits: []Edit{{Offset: 0, Len: 3, New: []byte("c.d")}}})
	}
	root := tree(t, files)
	dir := stateOf(t, root)
	m, err := json.Marshal(manifest{Version: journalFormat, ID: "killed", Files: killed})
	if err != nil {
		t.Fatal(err)
	}
	putState(t, root, map[string]string{journalName: string(m)})
	for _, e := range killed {
		dst := filepath.Join(dir, backupPrefix+"killed", filepath.FromSlash(e.Backup))
		if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Link(filepath.Join(root, filepath.FromSlash(e.Path)), dst); err != nil {
			t.Fatal(err)
		}
	}
	var plans []FilePlan
	for p := range files {
		plans = append(plans, plan(t, root, p, "a.b", "c.d"))
	}
	res, err := Write(root, plans, WriteOptions{})
	if err != nil || len(res.Written) != len(files) || len(res.Skipped)+len(res.Failed) != 0 {
		t.Fatalf("Write: %d written, skipped %v, failed %v, %v; want all %d files written",
			len(res.Written), res.Skipped, res.Failed, err, len(files))
	}
	for p := range files {
		if got := read(t, root, p); got != "c.d\n" {
			t.Errorf("%s = %q", p, got)
		}
	}
	noLeftovers(t, root)
}
