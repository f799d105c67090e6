package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDemoScan pins what a new user sees first: `domainshift scan
// testdata/demo` run from the top of this repository with its rules.toml,
// as README.md shows it. Refresh the golden file with -update after a
// deliberate change to the demo or the matcher, and read its diff.
func TestDemoScan(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join("..", ".."))
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"demo_scan.golden", []string{"scan", "--color", "never", "testdata/demo"}},
		{"demo_hosts.golden", []string{"hosts", "--color", "never", "testdata/demo"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, nil, &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			if stderr.Len() > 0 {
				t.Errorf("stderr: %s", stderr.String())
			}
			golden := filepath.Join(wd, "testdata", tc.golden)
			if *update {
				if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(stdout.Bytes(), want) {
				t.Errorf("output differs from %s:\n%s", golden, stdout.String())
			}
		})
	}
}

// TestDemoAnswerKey holds the demo's answer key to what check finds: every
// row of the "Every finding" table of testdata/demo/EXPECTED.md, in order,
// and its totals line. The key names files relative to the demo, as in a
// repository of its own; here the JSON report names them relative to the
// top of this repository.
func TestDemoAnswerKey(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	demo := filepath.Join("testdata", "demo")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--format", "json", demo}, nil, &stdout, &stderr); code != exitFindings {
		t.Fatalf("exit %d, want %d\n%s", code, exitFindings, stderr.String())
	}
	var rep struct {
		Findings []struct {
			Rule, Path, Match, Replacement, Severity string
			Line, Column                             int
		}
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if err := validateJSON("report", stdout.Bytes()); err != nil {
		t.Errorf("the demo's JSON report is not valid under schema/report.schema.json: %v", err)
	}
	var got []string
	files := map[string]bool{}
	fixable := 0
	for _, f := range rep.Findings {
		repl := "none"
		if f.Replacement != "" {
			repl = "`" + f.Replacement + "`"
			fixable++
		}
		path, ok := strings.CutPrefix(f.Path, "testdata/demo/")
		if !ok {
			t.Errorf("finding outside the demo: %s", f.Path)
		}
		f.Path = path
		files[f.Path] = true
		got = append(got, fmt.Sprintf("`%s:%d:%d` | %s | %s | `%s` | %s", f.Path, f.Line, f.Column, f.Rule, f.Severity, f.Match, repl))
	}

	key, err := os.ReadFile(filepath.Join(demo, "EXPECTED.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(key), "\n## Every finding\n")
	if !ok {
		t.Fatal(`EXPECTED.md has no "## Every finding" section`)
	}
	var want []string
	for line := range strings.Lines(table) {
		if row, ok := strings.CutPrefix(strings.TrimSpace(line), "| `"); ok {
			want = append(want, "`"+strings.TrimSuffix(row, " |"))
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EXPECTED.md rows (-want) against check (+got):\n%s", diff)
	}
	totals := fmt.Sprintf("\n%d findings in %d files, %d fixable:\n", len(got), len(files), fixable)
	if !strings.Contains(string(key), totals) {
		t.Errorf("EXPECTED.md does not give the totals %q", strings.TrimSpace(totals))
	}
}

// TestDemoApplyCreatesNothing applies every fix to a copy of the demo (as a
// repository of its own, with rules.toml at its top) and checks again: the
// second check lists a subset of what the first listed, with nothing left
// to fix, as demo_after_apply.golden pins. A fix that would create a
// finding, such as the staging host written into .env.production, is not
// offered.
func TestDemoApplyCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, filepath.Join("..", "..", "testdata", "demo"), dir)
	rulesData, err := os.ReadFile(filepath.Join("..", "..", "rules.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rules.toml"), rulesData, 0o644); err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)

	type key struct{ Rule, Path, Match string }
	check := func() (map[key]int, int, string) {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"check", "--format", "json"}, nil, &stdout, &stderr); code != exitFindings {
			t.Fatalf("check: exit %d\n%s", code, stderr.String())
		}
		var rep struct {
			Findings []struct{ Rule, Path, Match, Replacement string }
		}
		if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
			t.Fatal(err)
		}
		got, fixable := map[key]int{}, 0
		for _, f := range rep.Findings {
			got[key{f.Rule, f.Path, f.Match}]++
			if f.Replacement != "" {
				fixable++
			}
		}
		stdout.Reset()
		run([]string{"check", "--color", "never"}, nil, &stdout, &stderr)
		return got, fixable, stdout.String()
	}
	before, fixable, _ := check()
	if fixable == 0 {
		t.Fatal("the demo has nothing to fix")
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"apply", "--yes", "-q"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("apply: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	after, left, text := check()
	for k, n := range after {
		if n > before[k] {
			t.Errorf("apply created a finding: %d× %s %s %q, %d before", n, k.Rule, k.Path, k.Match, before[k])
		}
	}
	if left != 0 {
		t.Errorf("%d findings still fixable after apply", left)
	}
	golden := filepath.Join(wd, "testdata", "demo_after_apply.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if text != string(want) {
		t.Errorf("check after apply differs from %s:\n%s", golden, text)
	}
}

// copyTree copies the regular files, directories and symlinks under src
// into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, to)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
