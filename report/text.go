package report

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/domainshift/domainshift/scanner"
)

// writeText prints one finding per line, "path:line:col: rule: message",
// then a summary line.
func writeText(w io.Writer, r *Report, opts Options) error {
	bw := bufio.NewWriter(w)
	p := Palette{On: opts.Color}
	for _, f := range r.Findings {
		fmt.Fprintf(bw, "%s: %s: %s\n", p.Strong(fmt.Sprintf("%s:%d:%d", QuotePath(f.Path), f.Line, f.Column)), p.Severity(f.Severity, f.Rule), f.Message)
	}
	if !opts.Quiet {
		for _, n := range r.Notes {
			fmt.Fprintf(bw, "%s %s\n", p.Faint("note:"), n)
		}
		fmt.Fprintln(bw, Summary(r))
	}
	return bw.Flush()
}

// Summary is the one-line summary of a report.
func Summary(r *Report) string {
	c := Count(r.Findings)
	s := fmt.Sprintf("%s (%d %s, %d %s, %d fixable) in %s",
		plural.Count(len(r.Findings), "finding"), c.Errors, plural.Word(c.Errors, "error"), c.Warnings, plural.Word(c.Warnings, "warning"), c.Fixable, plural.Count(c.Files, "file"))
	if len(r.Findings) == 0 {
		s = "no findings"
	}
	if r.Result != nil {
		s += fmt.Sprintf("; %s scanned", plural.Count(r.Result.Stats.Files, "file"))
		if n := len(r.Result.Skips); n > 0 {
			s += fmt.Sprintf(", %d skipped (%s)", n, countsText(SkipCounts(r.Result.Skips)))
		}
	}
	return s
}

// SkipCounts counts the notable skips of a scan by reason word
// ("too-large", "invalid-utf-16", "ambiguous-utf-16", "domainshift-report").
func SkipCounts(skips []scanner.Skip) map[string]int {
	counts := map[string]int{}
	for _, s := range skips {
		counts[skipReason(s.Reason)]++
	}
	return counts
}

// countsText lists counts by key, "1 a, 2 b".
func countsText(counts map[string]int) string {
	parts := make([]string, 0, len(counts))
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%d %s", counts[k], k))
	}
	return strings.Join(parts, ", ")
}
