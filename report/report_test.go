package report

import (
	"bytes"
	"testing"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

// testRules has a fixable error, a report-only warning and the scheme
// policy, so every report shape appears.
const testRules = `version = 1

[[deprecated]]
host = "api.staging.example.com"
replace = "api-staging.example.com"
reason = "two-level name"

[[deprecated]]
host = "*.legacy.example.com"
severity = "warning"

[secure]
zones = ["example.com"]
`

// testFiles are matched in this order; paths with spaces and non-ASCII
// lines check escaping and code-point columns.
var testFiles = []struct{ path, content string }{
	{"app/config.py", "API = \"https://api.staging.example.com/v1\"\n# é ü api.staging.example.com\n"},
	{"docs/notes file.md", "ws://svc.legacy.example.com/ws\n"},
}

func mustRules(t testing.TB) *rules.Rules {
	t.Helper()
	r, err := rules.Parse("rules.toml", []byte(testRules))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// testReport matches testFiles and returns a report of the findings.
func testReport(t testing.TB) *Report {
	t.Helper()
	r := mustRules(t)
	m := scanner.NewMatcher(r)
	rep := &Report{Rules: r, Version: "1.2.3"}
	for _, f := range testFiles {
		rep.Findings = append(rep.Findings, m.Match(f.path, []byte(f.content)).Findings...)
	}
	if len(rep.Findings) != 4 {
		t.Fatalf("got %d findings, want 4: %+v", len(rep.Findings), rep.Findings)
	}
	return rep
}

// hostileReport is one finding whose path and message hold every
// character the formats must escape.
func hostileReport() *Report {
	return &Report{
		Version: "1.2.3",
		Findings: []scanner.Finding{{
			Rule: rules.RuleDeprecatedHost, Path: `we<ird>&"dir"/a,b:c%d.txt`, Line: 2, Column: 3, CharColumn: 3,
			Offset: 10, Length: 5, Match: "x.y.z", Replacement: `<new>&"'`,
			Severity: rules.SeverityError,
			Message:  "line one\r\nline two: 100% <b>bold</b> & \"quoted\" 'single' ]]> \x01\x1b[31m",
		}},
		Notes: []string{"a note\nwith 50% newline"},
	}
}

func render(t testing.TB, format string, rep *Report, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, format, rep, opts); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

func TestFormats(t *testing.T) {
	want := "checkstyle github gitlab json junit sarif text"
	got := ""
	for i, f := range Formats() {
		if i > 0 {
			got += " "
		}
		got += f
	}
	if got != want {
		t.Errorf("Formats() = %q, want %q", got, want)
	}
}
