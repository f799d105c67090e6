package report

import (
	"encoding/json"
	"io"

	"github.com/domainshift/domainshift/scanner"
)

// JSONVersion is the version of the JSON report's shape (schema/report.schema.json).
// Adding a field keeps it; renaming, removing or retyping one bumps it.
const JSONVersion = 1

// jsonReport is the JSON contract of DESIGN.md; keep it backward compatible.
// It is its own type, not scanner.Finding, so that a change to the engine
// cannot change the public output.
type jsonReport struct {
	Version  int           `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Stats    jsonStats     `json:"stats"`
}

type jsonFinding struct {
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	Offset      int    `json:"offset"`
	Length      int    `json:"length"`
	Match       string `json:"match"`
	Replacement string `json:"replacement"`
	Severity    string `json:"severity"`
	Message     string `json:"message"`
	Environment string `json:"environment"`
	// Fingerprint is the finding's stable identity, the one SARIF's
	// partialFingerprints, GitLab's Code Quality and baselines use.
	Fingerprint string `json:"fingerprint"`
}

type jsonStats struct {
	Files    int   `json:"files"`
	Bytes    int64 `json:"bytes"`
	Findings int   `json:"findings"`
	Fixable  int   `json:"fixable"`
	// Skipped counts the files left out that may hold hosts, by reason
	// word; absent when there are none.
	Skipped map[string]int `json:"skipped,omitempty"`
}

func writeJSON(w io.Writer, r *Report, _ Options) error {
	out, finding := jsonReportOf(r)
	return encodeJSONStream(w, out, "findings", len(r.Findings), func(i int) any { return finding(i) })
}

// jsonReportOf returns the report of r with its findings left empty and
// how to build each of them, so that they need not be held all at once.
func jsonReportOf(r *Report) (jsonReport, func(i int) jsonFinding) {
	out := jsonReport{Version: JSONVersion, Findings: []jsonFinding{}}
	fps := r.fingerprints()
	if r.Result != nil {
		out.Stats.Files = r.Result.Stats.Files
		out.Stats.Bytes = r.Result.Stats.Bytes
		if len(r.Result.Skips) > 0 {
			out.Stats.Skipped = SkipCounts(r.Result.Skips)
		}
	}
	out.Stats.Findings = len(r.Findings)
	out.Stats.Fixable = Count(r.Findings).Fixable
	return out, func(i int) jsonFinding { return jsonFindingOf(r.Findings[i], fps[i]) }
}

func jsonFindingOf(f scanner.Finding, fingerprint string) jsonFinding {
	return jsonFinding{
		Rule: f.Rule, Path: f.Path, Line: f.Line, Column: f.Column, Offset: f.Offset, Length: f.Length,
		Match: f.Match, Replacement: f.Replacement, Severity: string(f.Severity), Message: f.Message,
		Environment: f.Environment, Fingerprint: fingerprint,
	}
}

// encodeJSON writes v indented, without HTML escapes, as every JSON format does.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
