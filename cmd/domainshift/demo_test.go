package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDemoScan pins what a new user sees first: `domainshift scan
// testdata/demo` with the root rules.toml, as README.md shows it. Refresh
// the golden file with -update after a deliberate change to the demo or the
// matcher, and read its diff.
func TestDemoScan(t *testing.T) {
	demo := filepath.Join("..", "..", "testdata", "demo")
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"demo_scan.golden", []string{"scan", "--color", "never", demo}},
		{"demo_hosts.golden", []string{"hosts", "--color", "never", demo}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, nil, &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			if stderr.Len() > 0 {
				t.Errorf("stderr: %s", stderr.String())
			}
			golden := filepath.Join("testdata", tc.golden)
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
// and its totals line.
func TestDemoAnswerKey(t *testing.T) {
	demo := filepath.Join("..", "..", "testdata", "demo")
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
