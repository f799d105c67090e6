package report

import (
	"encoding/json"
	"io"

	"github.com/domainshift/domainshift/scanner"
)

// jsonReport is the JSON contract of DESIGN.md; keep it backward compatible.
type jsonReport struct {
	Version  int               `json:"version"`
	Findings []scanner.Finding `json:"findings"`
	Stats    scanner.Stats     `json:"stats"`
}

func writeJSON(w io.Writer, r *Report, _ Options) error {
	out := jsonReport{Version: 1, Findings: r.Findings}
	if out.Findings == nil {
		out.Findings = []scanner.Finding{}
	}
	if r.Result != nil {
		out.Stats = r.Result.Stats
	}
	out.Stats.Findings = len(r.Findings)
	out.Stats.Fixable = Count(r.Findings).Fixable
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
