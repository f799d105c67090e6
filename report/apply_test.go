package report

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/domainshift/domainshift/rewrite"
	"github.com/domainshift/domainshift/scanner"
)

func applyRun() *ApplyRun {
	fix := func(path, match, repl, host string) scanner.Finding {
		return scanner.Finding{Rule: "deprecated-host", Path: path, Line: 1, Column: 1, Match: match, Replacement: repl, Host: host, Severity: "error", RuleIndex: 0}
	}
	return &ApplyRun{
		Findings: []scanner.Finding{
			fix("a.py", `api\.staging\.example\.com`, `api-staging\.example\.com`, "api.staging.example.com"),
			fix("a.py", "API.staging.example.com", "api-staging.example.com", "api.staging.example.com"),
			fix("b.ts", "api.staging.example.com", "api-staging.example.com", "api.staging.example.com"),
			fix("c.yaml", "api.staging.example.com", "api-staging.example.com", "api.staging.example.com"),
			{Rule: "insecure-scheme", Path: "a.py", Line: 3, Column: 5, Match: "ws", Replacement: "", Severity: "warning", Message: "ws:// with an explicit port", RuleIndex: -1},
		},
		Result: &rewrite.Result{
			Written: []rewrite.Written{{Path: "a.py", Edits: 2}, {Path: "b.ts", Edits: 1}},
			Skipped: []rewrite.Problem{{Path: "c.yaml", Err: rewrite.ErrChanged}},
		},
		Skips:   []scanner.Skip{{Path: "big.json", Reason: "too large (12 MiB > 8 MiB)"}},
		Undo:    "domainshift undo",
		Allowed: 4, Kept: -1,
	}
}

func TestSummarize(t *testing.T) {
	s := Summarize(applyRun())
	if s.OK || s.FilesChanged != 2 || s.Edits != 3 || s.ByRule["deprecated-host"] != 3 {
		t.Errorf("summary %+v", s)
	}
	if len(s.ByHost) != 1 || s.ByHost[0] != (ApplyHost{"deprecated-host", "api.staging.example.com", "api-staging.example.com", 3, 2}) {
		t.Errorf("a skipped file's edits are counted, or spellings are not one host: %+v", s.ByHost)
	}
	if len(s.Skipped) != 2 || s.Skipped[0].Path != "big.json" || s.Skipped[0].Reason != "too-large" || s.Skipped[1].Reason != "changed" {
		t.Errorf("skipped %+v", s.Skipped)
	}
	if len(s.ReportOnly) != 1 || s.ReportOnly[0].Rule != "insecure-scheme" {
		t.Errorf("report only %+v", s.ReportOnly)
	}
}

func TestApplySchema(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "schema", "apply.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("apply.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("apply.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	failed := applyRun()
	failed.Result.Failed = []rewrite.Problem{{Path: "d.md", Err: errors.New("permission denied")}}
	for name, run := range map[string]*ApplyRun{"run": applyRun(), "failed": failed, "nothing": {Allowed: -1, Kept: -1}} {
		var b bytes.Buffer
		if err := WriteApplyJSON(&b, Summarize(run)); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(&b)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestPRBody(t *testing.T) {
	run := applyRun()
	for i := range 40 {
		run.Findings = append(run.Findings, scanner.Finding{Rule: "deprecated-host", Path: "z.md", Line: i + 1, Match: "a|b", Severity: "warning", Message: "m"})
	}
	var b bytes.Buffer
	if err := WritePRBody(&b, Summarize(run)); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"rewrote 3 mentions in 2 files.",
		"| deprecated-host | `api.staging.example.com` | `api-staging.example.com` | 3 | 2 |",
		"**41 findings without an automatic fix**",
		"**4 mentions allowlisted**",
		"**2 files not rewritten** (1 changed, 1 too-large)",
		"| `z.md:1` | deprecated-host | `a\\|b` | m |",
		"and 11 more; `domainshift scan` lists them all.",
		"domainshift check",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("description lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "kept") {
		t.Errorf("kept mentions were not counted, yet the description speaks of them:\n%s", got)
	}
}
