package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
	"github.com/domainshift/domainshift/verify"
)

func TestPalette(t *testing.T) {
	on, off := Palette{On: true}, Palette{}
	for _, c := range []struct {
		role  string
		paint func(Palette, string) string
		want  string
	}{
		{"strong", Palette.Strong, "\x1b[1mx\x1b[0m"},
		{"faint", Palette.Faint, "\x1b[2mx\x1b[0m"},
		{"error", Palette.Error, "\x1b[31mx\x1b[0m"},
		{"warning", Palette.Warning, "\x1b[33mx\x1b[0m"},
		{"ok", Palette.OK, "\x1b[32mx\x1b[0m"},
		{"failed", Palette.Failed, "\x1b[1;31mx\x1b[0m"},
	} {
		if got := c.paint(on, "x"); got != c.want {
			t.Errorf("%s: %q, want %q", c.role, got, c.want)
		}
		if got := c.paint(off, "x"); got != "x" {
			t.Errorf("%s off: %q, want the text as it is", c.role, got)
		}
	}
	if on.Severity(rules.SeverityError, "x") != on.Error("x") || on.Severity(rules.SeverityWarning, "x") != on.Warning("x") {
		t.Errorf("Severity paints errors %q and warnings %q", on.Severity(rules.SeverityError, "x"), on.Severity(rules.SeverityWarning, "x"))
	}
}

// The findings of scan and check and the results of verify are painted by
// the same palette: the same role, the same colour.
func TestOnePalette(t *testing.T) {
	p := Palette{On: true}
	var findings bytes.Buffer
	rep := &Report{Findings: []scanner.Finding{
		{Rule: "deprecated-host", Path: "a.py", Line: 1, Column: 2, Severity: rules.SeverityError, Message: "m"},
		{Rule: "uncovered-host", Path: "a.py", Line: 3, Column: 4, Severity: rules.SeverityWarning, Message: "m"},
	}, Notes: []string{"n"}}
	if err := Write(&findings, "text", rep, Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{p.Strong("a.py:1:2") + ": " + p.Error("deprecated-host") + ": m\n", p.Warning("uncovered-host"), p.Faint("note:") + " n\n"} {
		if !strings.Contains(findings.String(), want) {
			t.Errorf("findings lack %q:\n%q", want, findings.String())
		}
	}
	var results bytes.Buffer
	WriteVerifyText(&results, verifyReport(), true, p)
	for _, want := range []string{p.Strong("staging.backend"), p.Failed("FAIL"), p.Warning("warn"), p.OK("ok  ")} {
		if !strings.Contains(results.String(), want) {
			t.Errorf("verify results lack %q:\n%q", want, results.String())
		}
	}
}

// verifyReport is one endpoint with a step of every status.
func verifyReport() *verify.Report {
	return &verify.Report{Results: []verify.Result{{
		Target: verify.Target{Env: "staging", Endpoint: rules.Endpoint{Role: "backend", URL: "https://api-staging.example.com"}},
		Steps: []verify.Step{
			{Name: verify.StepCoverage, Status: verify.StatusFail, Detail: "no name covers it"},
			{Name: verify.StepDNS, Status: verify.StatusOK, Duration: 1200 * time.Microsecond, Detail: "203.0.113.7"},
			{Name: verify.StepTLS, Status: verify.StatusWarn, Duration: 2 * time.Second, Detail: "expires soon"},
			{Name: verify.StepHTTP, Status: verify.StatusSkip, Detail: "offline"},
		},
	}}}
}

func TestWriteVerifyText(t *testing.T) {
	var buf bytes.Buffer
	WriteVerifyText(&buf, verifyReport(), false, Palette{})
	want := `staging.backend  https://api-staging.example.com
  coverage   FAIL        -  no name covers it
  dns        ok      1.2ms  203.0.113.7
  tls        warn     2.0s  expires soon
  http       skip        -  offline

1 endpoint: 0 passed, 1 failed
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("verify text (-want +got):\n%s", diff)
	}
}
