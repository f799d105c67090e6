package baseline

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

const testRules = `version = 1

[[deprecated]]
host = "api.staging.example.com"
replace = "api-staging.example.com"
`

// findings matches files (path -> content) in path order.
func findings(t *testing.T, files ...string) []scanner.Finding {
	t.Helper()
	r, err := rules.Parse("rules.toml", []byte(testRules))
	if err != nil {
		t.Fatal(err)
	}
	m := scanner.NewMatcher(r)
	var fs []scanner.Finding
	for i := 0; i < len(files); i += 2 {
		fs = append(fs, m.Match(files[i], []byte(files[i+1])).Findings...)
	}
	return fs
}

const original = `url = "https://api.staging.example.com"
other = "https://api.staging.example.com/v2"
url = "https://api.staging.example.com"
`

// TestCompare is the shared case table: how a baseline taken of original
// judges later versions of the file.
func TestCompare(t *testing.T) {
	b := New(findings(t, "a.py", original))
	if len(b.Findings) != 3 {
		t.Fatalf("baseline has %d entries, want 3", len(b.Findings))
	}
	for _, c := range []struct {
		name      string
		content   string
		wantNew   []int // lines of the new findings
		wantStale int
	}{
		{"unchanged", original, nil, 0},
		{"lines inserted above", "# header\n\n" + original, nil, 0},
		{"re-indented and CRLF", strings.ReplaceAll("  "+strings.ReplaceAll(original, "\n", "\n   "), "\n", "\r\n"), nil, 0},
		{"edit elsewhere in the file", original + "timeout = 30\n", nil, 0},
		{"lines reordered", "url = \"https://api.staging.example.com\"\nurl = \"https://api.staging.example.com\"\nother = \"https://api.staging.example.com/v2\"\n", nil, 0},
		{"a third identical line is new", original + "url = \"https://api.staging.example.com\"\n", []int{4}, 0},
		{"finding's own line edited", strings.Replace(original, "/v2", "/v3", 1), []int{2}, 1},
		{"one duplicate fixed", strings.Replace(original, "url = \"https://api.staging.example.com\"\n", "", 1), nil, 1},
		{"all fixed", "url = \"https://api-staging.example.com\"\n", nil, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := b.Compare(findings(t, "a.py", c.content), nil)
			var lines []int
			for _, f := range got.New {
				lines = append(lines, f.Line)
			}
			if diff := cmp.Diff(c.wantNew, lines); diff != "" {
				t.Errorf("new findings (-want +got):\n%s", diff)
			}
			if len(got.Stale) != c.wantStale {
				t.Errorf("%d stale entries, want %d: %+v", len(got.Stale), c.wantStale, got.Stale)
			}
			if got.Known+len(got.New) != len(findings(t, "a.py", c.content)) {
				t.Errorf("known %d + new %d is not every finding", got.Known, len(got.New))
			}
		})
	}
}

func TestComparePathMatters(t *testing.T) {
	b := New(findings(t, "a.py", original))
	got := b.Compare(findings(t, "b.py", original), nil)
	if len(got.New) != 3 || len(got.Stale) != 3 {
		t.Errorf("same content in another file: %d new, %d stale; want 3, 3", len(got.New), len(got.Stale))
	}
}

// A file that is gone hands its entries to the same findings in other
// files, once each; one that still exists hands nothing.
func TestCompareMoved(t *testing.T) {
	b := New(findings(t, "a.py", original))
	goneA := func(p string) bool { return p == "a.py" }
	for _, c := range []struct {
		name                          string
		fs                            []scanner.Finding
		gone                          func(string) bool
		wantNew, wantMoved, wantStale int
	}{
		{"renamed", findings(t, "b.py", original), goneA, 0, 3, 0},
		{"copied, the original still there", findings(t, "b.py", original), func(string) bool { return false }, 3, 0, 3},
		{"no existence check", findings(t, "b.py", original), nil, 3, 0, 3},
		{"renamed and one line edited", findings(t, "b.py", strings.Replace(original, "/v2", "/v3", 1)), goneA, 1, 2, 1},
		{"split in two", findings(t, "b.py", "other = \"https://api.staging.example.com/v2\"\n", "c.py", "url = \"https://api.staging.example.com\"\nurl = \"https://api.staging.example.com\"\n"), goneA, 0, 3, 0},
		{"renamed twice over", findings(t, "b.py", original, "c.py", original), goneA, 3, 3, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := b.Compare(c.fs, c.gone)
			if len(got.New) != c.wantNew || got.Moved != c.wantMoved || len(got.Stale) != c.wantStale {
				t.Errorf("%d new, %d moved, %d stale; want %d, %d, %d", len(got.New), got.Moved, len(got.Stale), c.wantNew, c.wantMoved, c.wantStale)
			}
			if got.Known+len(got.New) != len(c.fs) {
				t.Errorf("known %d + new %d is not every finding", got.Known, len(got.New))
			}
		})
	}
}

func TestMarshalStable(t *testing.T) {
	fs := findings(t, "z.py", original, "a.py", "x = 'api.staging.example.com'\n")
	a := New(fs).Marshal()
	// Findings in another order produce the same file.
	rev := append([]scanner.Finding(nil), fs[3:]...)
	rev = append(rev, fs[:3]...)
	if b := New(rev).Marshal(); !bytes.Equal(a, b) {
		t.Errorf("baseline depends on the order of findings:\n%s\n%s", a, b)
	}
	parsed, err := Parse(a)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(New(fs), parsed); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if parsed.Findings[0].Path != "a.py" {
		t.Errorf("entries not sorted by path: %+v", parsed.Findings)
	}
	if bytes.Contains(a, []byte("api.staging")) {
		t.Errorf("the baseline spells out a deprecated host, so it would be a finding itself:\n%s", a)
	}
	empty := New(nil).Marshal()
	if want := "{\n  \"version\": 1,\n  \"findings\": []\n}\n"; string(empty) != want {
		t.Errorf("empty baseline %q, want %q", empty, want)
	}
}

func TestParseErrors(t *testing.T) {
	for name, c := range map[string]struct{ data, msg string }{
		"not JSON":       {"api.staging.example.com\n", "not a baseline file: invalid character"},
		"empty":          {"\n", "not a baseline file: it is empty"},
		"conflict":       {"{\n<<<<<<< HEAD\n  \"version\": 1,\n=======\n>>>>>>> pr\n", "not a baseline file: it has git conflict markers"},
		"array":          {`[]`, `not a baseline file: want {"version": 1, "findings": [...]}, found a JSON array at the top level`},
		"truncated":      {`{"version": 1, "findings": [`, "not a baseline file: unexpected EOF"},
		"newer version":  {`{"version": 2, "findings": []}`, "written by a newer domainshift (baseline format 2; this one reads 1)"},
		"no version":     {`{"findings": []}`, "unsupported baseline version 0 (want 1)"},
		"unknown key":    {`{"version": 1, "findings": [], "extra": true}`, "not a baseline file: json: unknown field"},
		"no fingerprint": {`{"version": 1, "findings": [{"rule": "deprecated-host", "path": "a.py"}]}`, "findings[0] has no path or no fingerprint"},
		"trailing data":  {`{"version": 1, "findings": []} {}`, "not a baseline file: data after the JSON object"},
	} {
		_, err := Parse([]byte(c.data))
		if err == nil || !strings.HasPrefix(err.Error(), c.msg) {
			t.Errorf("%s: Parse(%q) = %v, want an error starting %q", name, c.data, err, c.msg)
		}
	}
	var ve *VersionError
	if _, err := Parse([]byte(`{"version": 9, "findings": []}`)); !errors.As(err, &ve) || !ve.Newer() {
		t.Errorf("a newer format: %v, want a *VersionError that is Newer", err)
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.json"))
	if !os.IsNotExist(err) {
		t.Errorf("Load of a missing file: %v, want a not-exist error", err)
	}
}

// TestCompareChanged: with --since only findings on changed lines are
// judged, so identity is by count per file, not by occurrence number.
func TestCompareChanged(t *testing.T) {
	b := New(findings(t, "a.py", original))
	line := "url = \"https://api.staging.example.com\"\n"
	for _, c := range []struct {
		name    string
		content string
		changed []int // lines git reports as added or changed
		wantNew []int
	}{
		{"a third identical line on top", line + original, []int{1}, []int{1}},
		{"a known line moved", "other = \"https://api.staging.example.com/v2\"\n" + line + line, []int{1}, nil},
		{"a known line re-typed in place", original, []int{3}, nil},
		{"an edited line", strings.Replace(original, "/v2", "/v3", 1), []int{2}, []int{2}},
		{"two copies added, one was fixed elsewhere", line + line + line + "other = \"https://api.staging.example.com/v2\"\n", []int{1, 2}, []int{1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			all := findings(t, "a.py", c.content)
			var changed []scanner.Finding
			for _, f := range all {
				for _, l := range c.changed {
					if f.Line == l {
						changed = append(changed, f)
					}
				}
			}
			got := b.CompareChanged(all, changed)
			var lines []int
			for _, f := range got.New {
				lines = append(lines, f.Line)
			}
			if diff := cmp.Diff(c.wantNew, lines); diff != "" {
				t.Errorf("new findings (-want +got):\n%s", diff)
			}
			if got.Known+len(got.New) != len(changed) || got.Stale != nil {
				t.Errorf("known %d + new %d != changed %d, or stale %v", got.Known, len(got.New), len(changed), got.Stale)
			}
		})
	}
}
