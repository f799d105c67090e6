package report

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/domainshift/domainshift/rewrite"
	"github.com/domainshift/domainshift/scanner"
)

// ApplyRun is what one apply saw and did: the input of its JSON summary
// and of the pull request description.
type ApplyRun struct {
	Findings []scanner.Finding // every finding of the scan, by path and offset
	Result   *rewrite.Result   // nil when nothing needed writing
	Skips    []scanner.Skip    // files the scan left out on purpose
	Errors   []scanner.FileError
	Undo     string // the command that puts the written files back; "" when nothing was written

	// Allowed and Kept count the mentions the rules leave alone on
	// purpose (allow entries and inline comments; keep entries), when the
	// caller took an inventory; both are -1 otherwise.
	Allowed, Kept int
}

// ApplySummary is the JSON summary of an apply (schema/apply.schema.json).
type ApplySummary struct {
	Version      int            `json:"version"`
	OK           bool           `json:"ok"` // everything wanted was written, or nothing was needed
	FilesChanged int            `json:"files_changed"`
	Edits        int            `json:"edits"`
	Written      []ApplyFile    `json:"written"`
	ByRule       map[string]int `json:"edits_by_rule"`
	ByHost       []ApplyHost    `json:"edits_by_host"`
	Skipped      []ApplySkip    `json:"skipped"`
	ReportOnly   []ApplyFinding `json:"report_only"`
	Allowed      int            `json:"allowed"` // -1: not counted
	Kept         int            `json:"kept"`    // -1: not counted
	Undo         string         `json:"undo"`
}

// ApplyFile is a written file.
type ApplyFile struct {
	Path  string `json:"path"`
	Edits int    `json:"edits"`
}

// ApplyHost is one old -> new rewrite and how often it was written.
type ApplyHost struct {
	Rule  string `json:"rule"`
	Old   string `json:"old"`
	New   string `json:"new"`
	Edits int    `json:"edits"`
	Files int    `json:"files"`
}

// ApplySkip is a file that was not written, or not scanned, and why.
type ApplySkip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"` // changed, failed, unreadable, or the scan's reason (too-large, binary, ...)
	Detail string `json:"detail"`
}

// ApplyFinding is a finding apply left for a person.
type ApplyFinding struct {
	Rule     string `json:"rule"`
	Path     string `json:"path"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Match    string `json:"match"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// Summarize builds the summary of run.
func Summarize(run *ApplyRun) *ApplySummary {
	s := &ApplySummary{Version: 1, OK: true, Written: []ApplyFile{}, ByRule: map[string]int{}, ByHost: []ApplyHost{},
		Skipped: []ApplySkip{}, ReportOnly: []ApplyFinding{}, Allowed: run.Allowed, Kept: run.Kept, Undo: run.Undo}
	written := map[string]bool{}
	if res := run.Result; res != nil {
		for _, w := range res.Written {
			written[w.Path] = true
			s.Written = append(s.Written, ApplyFile{w.Path, w.Edits})
			s.Edits += w.Edits
		}
		for _, p := range res.Skipped {
			s.Skipped = append(s.Skipped, ApplySkip{p.Path, "changed", p.Err.Error()})
		}
		for _, p := range res.Failed {
			s.Skipped = append(s.Skipped, ApplySkip{p.Path, "failed", p.Err.Error()})
		}
		s.OK = res.OK()
	}
	s.FilesChanged = len(s.Written)
	for _, e := range run.Errors {
		s.Skipped = append(s.Skipped, ApplySkip{e.Path, "unreadable", e.Err.Error()})
		s.OK = false
	}
	for _, sk := range run.Skips {
		s.Skipped = append(s.Skipped, ApplySkip{sk.Path, skipReason(sk.Reason), sk.Reason})
	}
	slices.SortStableFunc(s.Skipped, func(a, b ApplySkip) int { return strings.Compare(a.Path, b.Path) })

	type key struct{ rule, old, new string }
	hosts := map[key]*ApplyHost{}
	files := map[key]map[string]bool{}
	for _, f := range run.Findings {
		switch {
		case !f.Fixable():
			s.ReportOnly = append(s.ReportOnly, ApplyFinding{f.Rule, f.Path, f.Line, f.Column, f.Match, string(f.Severity), f.Message})
			continue
		case !written[f.Path] || f.Replacement == f.Match:
			continue
		}
		s.ByRule[f.Rule]++
		k := key{f.Rule, spelled(f.Match), spelled(f.Replacement)}
		switch {
		case f.Rule == "deprecated-host" && f.Host != "":
			k.old = f.Host
		case f.Rule == "insecure-scheme" && !strings.HasSuffix(k.old, "://"):
			k.old, k.new = k.old+"://", k.new+"://" // the span is the scheme alone
		}
		if hosts[k] == nil {
			hosts[k] = &ApplyHost{Rule: k.rule, Old: k.old, New: k.new}
			files[k] = map[string]bool{}
		}
		hosts[k].Edits++
		files[k][f.Path] = true
	}
	for k, h := range hosts {
		h.Files = len(files[k])
		s.ByHost = append(s.ByHost, *h)
	}
	slices.SortFunc(s.ByHost, func(a, b ApplyHost) int {
		return cmp.Or(strings.Compare(a.Rule, b.Rule), cmp.Compare(b.Edits, a.Edits), strings.Compare(a.Old, b.Old), strings.Compare(a.New, b.New))
	})
	return s
}

// spelled is a host or scheme as a person reads it: without the escapes
// of the spelling it was found in (api\.staging\.example\.com), in lower
// case.
func spelled(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, `\`, ""))
}

// skipReason turns the scan's reason ("too large (12 MiB > 8 MiB)") into
// a word scripts can branch on ("too-large").
func skipReason(reason string) string {
	word, _, _ := strings.Cut(reason, " (")
	word, _, _ = strings.Cut(word, ":")
	word, _, _ = strings.Cut(word, ";")
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(word), " ", "-"))
}

// WriteApplyJSON writes the summary as JSON.
func WriteApplyJSON(w io.Writer, s *ApplySummary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(s)
}

// maxPRRows bounds the findings a pull request description lists; the
// rest are counted, and 'domainshift scan' lists them all.
const maxPRRows = 30

// WritePRBody writes a Markdown description of the change for a pull or
// merge request: what was migrated, what was left and why, how to check.
func WritePRBody(w io.Writer, s *ApplySummary) error {
	var b bytes.Buffer
	b.WriteString("## Migrate deprecated host names\n\n")
	if s.Edits == 0 {
		b.WriteString("`domainshift apply` found nothing to rewrite.\n")
	} else {
		fmt.Fprintf(&b, "`domainshift apply` rewrote %s in %s.\n\n", plural.Count(s.Edits, "mention"), plural.Count(s.FilesChanged, "file"))
		b.WriteString("| Rule | From | To | Changes | Files |\n|---|---|---|---:|---:|\n")
		for _, h := range s.ByHost {
			fmt.Fprintf(&b, "| %s | `%s` | `%s` | %d | %d |\n", h.Rule, mdCell(h.Old), mdCell(h.New), h.Edits, h.Files)
		}
	}
	var left []string
	if n := len(s.ReportOnly); n > 0 {
		left = append(left, fmt.Sprintf("**%s without an automatic fix** (report-only: no single replacement, an explicit port, or a fix that would create another finding); decide each by hand:", plural.Count(n, "finding")))
	}
	if s.Allowed > 0 {
		left = append(left, fmt.Sprintf("**%s allowlisted** by `[[allow]]` entries or `domainshift:allow` comments.", plural.Count(s.Allowed, "mention")))
	}
	if s.Kept > 0 {
		left = append(left, fmt.Sprintf("**%s kept** by `[[keep]]` entries (internal or preview hosts).", plural.Count(s.Kept, "mention")))
	}
	if n := len(s.Skipped); n > 0 {
		left = append(left, fmt.Sprintf("**%s not rewritten** (%s); run `domainshift apply` again after looking at them.", plural.Count(n, "file"), skippedWhy(s.Skipped)))
	}
	if len(left) > 0 {
		b.WriteString("\n### Left as it is\n\n")
		for _, l := range left {
			fmt.Fprintf(&b, "- %s\n", l)
		}
		if len(s.ReportOnly) > 0 {
			b.WriteString("\n| Where | Rule | Found | Why |\n|---|---|---|---|\n")
			for i, f := range s.ReportOnly {
				if i == maxPRRows {
					fmt.Fprintf(&b, "\nand %d more; `domainshift scan` lists them all.\n", len(s.ReportOnly)-maxPRRows)
					break
				}
				fmt.Fprintf(&b, "| `%s:%d` | %s | `%s` | %s |\n", mdCell(f.Path), f.Line, f.Rule, mdCell(f.Match), mdCell(f.Message))
			}
		}
	}
	b.WriteString("\n### How to verify\n\n```sh\ndomainshift check    # exits 0 when nothing deprecated is left\ndomainshift diff     # the change again, as a patch\n```\n")
	_, err := w.Write(b.Bytes())
	return err
}

// skippedWhy lists the reasons of skipped files with their counts.
func skippedWhy(skips []ApplySkip) string {
	counts := map[string]int{}
	for _, s := range skips {
		counts[s.Reason]++
	}
	return countsText(counts)
}
