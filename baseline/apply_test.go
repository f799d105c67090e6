package baseline

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/domainshift/domainshift/scanner"
)

// result is the scan result of the findings fs, one File per path, with
// changed (a subset of fs) as the reported findings of a --since scan:
// every file then carries all of its findings in AllFindings.
func result(fs, changed []scanner.Finding) *scanner.Result {
	res := &scanner.Result{}
	for _, f := range fs {
		if n := len(res.Files); n == 0 || res.Files[n-1].Path != f.Path {
			res.Files = append(res.Files, scanner.File{Path: f.Path})
		}
		file := &res.Files[len(res.Files)-1]
		file.AllFindings = append(file.AllFindings, f)
	}
	for i := range res.Files {
		for _, f := range changed {
			if f.Path == res.Files[i].Path {
				res.Files[i].Findings = append(res.Files[i].Findings, f)
			}
		}
	}
	return res
}

// lines returns the lines of fs.
func lines(fs []scanner.Finding) []int {
	var out []int
	for _, f := range fs {
		out = append(out, f.Line)
	}
	return out
}

// TestApply is the shared case table of what a baseline taken of original
// makes of a check, by scope.
func TestApply(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "a.py"), []byte(original), 0o644); err != nil {
		t.Fatal(err)
	}
	b := New(findings(t, "a.py", original))
	edited := findings(t, "a.py", strings.Replace(original, "/v2", "/v3", 1))
	for _, c := range []struct {
		name     string
		b        *Baseline
		all      []scanner.Finding // every finding of the scanned files
		reported []scanner.Finding // nil: all
		scope    Scope
		wantNew  []int // lines
		known    int
		moved    int
		stale    int
	}{
		{name: "no baseline", all: edited, wantNew: []int{1, 2, 3}},
		{name: "unchanged", b: b, all: findings(t, "a.py", original), known: 3},
		{name: "one line edited", b: b, all: edited, wantNew: []int{2}, known: 2, stale: 1},
		{name: "narrowed: stale says nothing", b: b, all: edited, scope: Scope{Narrowed: true}, wantNew: []int{2}, known: 2},
		{name: "file fixed", b: b, all: nil, stale: 3},
		// a.py exists under root, so b.py is a copy, not a.py moved
		{name: "copied", b: b, all: findings(t, "b.py", original), wantNew: []int{1, 2, 3}, stale: 3},
		{name: "changed lines: the edited line", b: b, all: edited, reported: edited[1:2], scope: Scope{Changed: true}, wantNew: []int{2}},
		{name: "changed lines: an unchanged line", b: b, all: edited, reported: edited[:1], scope: Scope{Changed: true}, known: 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			reported := c.reported
			if reported == nil {
				reported = c.all
			}
			c.scope.Root = root
			got := Apply(c.b, result(c.all, reported), reported, c.scope)
			if diff := cmp.Diff(c.wantNew, lines(got.New)); diff != "" {
				t.Errorf("new findings' lines (-want +got):\n%s", diff)
			}
			if got.Known != c.known || got.Moved != c.moved || len(got.Stale) != c.stale {
				t.Errorf("known %d, moved %d, stale %d; want %d, %d, %d", got.Known, got.Moved, len(got.Stale), c.known, c.moved, c.stale)
			}
			// The index numbers each finding among all those of its file.
			if diff := cmp.Diff(Fingerprints(c.all), got.Fingerprints.Fingerprints(c.all)); diff != "" {
				t.Errorf("fingerprints (-whole files +index):\n%s", diff)
			}
		})
	}
}

// A file the baseline names that is gone under the root hands its entries
// to the same findings elsewhere; one that is still there does not.
func TestApplyMoved(t *testing.T) {
	root := t.TempDir()
	b := New(findings(t, "a.py", original))
	moved := findings(t, "b.py", original)
	got := Apply(b, result(moved, moved), moved, Scope{Root: root})
	if len(got.New) != 0 || got.Known != 3 || got.Moved != 3 || len(got.Stale) != 0 {
		t.Errorf("a.py gone: new %d, known %d, moved %d, stale %d; want 0, 3, 3, 0", len(got.New), got.Known, got.Moved, len(got.Stale))
	}
	// With --since a gone file cannot be told: only changed lines were read.
	got = Apply(b, result(moved, moved), moved, Scope{Root: root, Changed: true})
	if len(got.New) != 3 || got.Moved != 0 {
		t.Errorf("a.py gone, changed lines: new %d, moved %d; want 3, 0", len(got.New), got.Moved)
	}
}

func TestNotes(t *testing.T) {
	stale := func(n int) []Entry {
		var es []Entry
		for i := range n {
			es = append(es, Entry{Rule: "deprecated-host", Path: fmt.Sprintf("f%02d.py", i), Fingerprint: "x:1"})
		}
		return es
	}
	for _, c := range []struct {
		name string
		c    Comparison
		want []string
	}{
		{"nothing hidden", Comparison{}, nil},
		{"one known", Comparison{Known: 1}, []string{"baseline b.json: 1 known finding not reported"}},
		{"moved", Comparison{Known: 3, Moved: 2}, []string{
			"baseline b.json: 3 known findings not reported",
			"baseline b.json: 2 of them in renamed or moved files, accepted by the entries of the files they came from; record the new paths with 'domainshift check --write-baseline b.json'",
		}},
		{"stale", Comparison{Stale: stale(2)}, []string{
			"baseline b.json: deprecated-host in f00.py no longer matches (fixed or changed)",
			"baseline b.json: deprecated-host in f01.py no longer matches (fixed or changed)",
			"baseline b.json: prune stale entries with 'domainshift check --write-baseline b.json'",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, c.c.Notes("b.json")); diff != "" {
				t.Errorf("notes (-want +got):\n%s", diff)
			}
		})
	}
	// Past maxStaleNotes, the rest are counted.
	notes := Comparison{Stale: stale(maxStaleNotes + 3)}.Notes("b.json")
	if len(notes) != maxStaleNotes+2 {
		t.Fatalf("%d notes for %d stale entries, want %d", len(notes), maxStaleNotes+3, maxStaleNotes+2)
	}
	if want := "baseline b.json: 3 more stale entries"; notes[maxStaleNotes] != want {
		t.Errorf("note %d is %q, want %q", maxStaleNotes, notes[maxStaleNotes], want)
	}
}
