// Package report renders the outcome of a scan in the formats `scan` and
// `check` write: human text and the JSON contract of DESIGN.md, plus the CI
// formats. It writes only to the io.Writer it is given.
package report

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/domainshift/domainshift/baseline"
	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

// Report is everything a renderer may show.
type Report struct {
	Rules    *rules.Rules
	Result   *scanner.Result
	Findings []scanner.Finding // what to report; usually Result.Findings()
	Notes    []string          // stale entries and other remarks, already worded
	Version  string            // domainshift's version, for tool metadata
	// Fingerprints knows the fingerprints of the whole scan, for a report
	// of only some findings; nil: they are numbered among Findings.
	Fingerprints baseline.Index
	// Top is the absolute directory that the paths of Findings are
	// relative to (the top of the git repository), for SARIF's
	// originalUriBaseIds; "" leaves it unsaid.
	Top string
}

// Options change how a report looks.
type Options struct {
	Color  bool // ANSI colours in text output
	Quiet  bool // no summary line in text output
	Strict bool // warnings fail the check too (junit marks them as failures)
}

// writers maps a format name to its renderer; each format lives in its own file.
var writers = map[string]func(io.Writer, *Report, Options) error{
	"text":       writeText,
	"json":       writeJSON,
	"sarif":      writeSARIF,
	"github":     writeGitHub,
	"junit":      writeJUnit,
	"checkstyle": writeCheckstyle,
	"gitlab":     writeGitLab,
}

// Formats returns the names of the formats Write knows, sorted.
func Formats() []string {
	var fs []string
	for f := range writers {
		fs = append(fs, f)
	}
	sort.Strings(fs)
	return fs
}

// fingerprints returns the fingerprint of each of r.Findings: the one
// place every format that carries one (json, sarif, gitlab) takes it from.
func (r *Report) fingerprints() []string {
	return r.Fingerprints.Fingerprints(r.Findings)
}

// Write renders r in format to w.
func Write(w io.Writer, format string, r *Report, opts Options) error {
	fn, ok := writers[format]
	if !ok {
		return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	return fn(w, r, opts)
}

// StaleNotes words the allow entries that expired and the allow and keep
// entries that matched nothing.
func StaleNotes(r *rules.Rules, res *scanner.Result) []string {
	var notes []string
	for _, a := range r.Expired {
		notes = append(notes, fmt.Sprintf("%s:%d: allow[%d] expired on %s, so its findings are reported again; fix them, or give it a later expires", r.File, a.Line, a.Index, a.Expires.Format(time.DateOnly)))
	}
	for _, i := range res.StaleAllow {
		a := r.Allow[i]
		notes = append(notes, fmt.Sprintf("%s:%d: allow[%d] matched nothing; remove it or fix its paths, hosts or rules", r.File, a.Line, a.Index))
	}
	for _, i := range res.StaleKeep {
		notes = append(notes, fmt.Sprintf("%s:%d: keep[%d] matched nothing; remove it or fix its hosts", r.File, r.Keep[i].Line, i))
	}
	return notes
}

// Counts sums up findings by severity.
type Counts struct {
	Errors, Warnings, Fixable int
	Files                     int
}

// Count returns the Counts of fs.
func Count(fs []scanner.Finding) Counts {
	var c Counts
	files := map[string]bool{}
	for _, f := range fs {
		if f.Severity == rules.SeverityWarning {
			c.Warnings++
		} else {
			c.Errors++
		}
		if f.Fixable() {
			c.Fixable++
		}
		files[f.Path] = true
	}
	c.Files = len(files)
	return c
}

// byExtension maps a report file's extension to its format, where only one
// format uses it; ambiguous lists the extensions several formats share.
var (
	byExtension = map[string]string{".sarif": "sarif", ".json": "json", ".txt": "text"}
	ambiguous   = map[string]string{".xml": "junit or checkstyle"}
)

// FormatFor returns the format a report written to path has when no
// --format names it, from the file's extension ("-", stdout, is text). An
// extension that several formats share, or none does, is an error that
// says so.
func FormatFor(path string) (string, error) {
	if path == "-" {
		return "text", nil
	}
	ext := strings.ToLower(filepath.Ext(path))
	if f, ok := byExtension[ext]; ok {
		return f, nil
	}
	if fs, ok := ambiguous[ext]; ok {
		return "", fmt.Errorf("%s: a %s file may be %s", path, ext, fs)
	}
	return "", fmt.Errorf("%s: no report format has the extension %q", path, ext)
}

// Mismatch reports, for a format written to path, the format the
// extension of path implies when that is a machine format and differs:
// text in a .sarif or .json file is never what anyone wants.
func Mismatch(format, path string) (string, bool) {
	if format != "text" || path == "-" {
		return "", false
	}
	ext := strings.ToLower(filepath.Ext(path))
	if f, ok := byExtension[ext]; ok && f != "text" {
		return f, true
	}
	if fs, ok := ambiguous[ext]; ok {
		return fs, true
	}
	return "", false
}
