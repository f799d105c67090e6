package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/internal/own"
	"github.com/domainshift/domainshift/report"
	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

// checkFlags are the flags of `check`.
type checkFlags struct {
	formats       []string
	outputs       []string
	strict        bool
	baseline      string // --baseline FILE: fail only on findings not in it
	writeBaseline string // --write-baseline FILE: record today's findings
	staged        bool   // --staged: scan the index, not the work tree
	since         string // --since REF: only lines changed since merge-base(REF, HEAD)
}

func (a *app) checkCommand() *cobra.Command {
	var fl checkFlags
	cmd := &cobra.Command{
		Use:   "check [PATH...]",
		Short: "The CI gate: exit 1 on findings of severity error",
		Long: `check scans like scan and exits 0 when clean, 1 when a finding of severity
"error" remains (warnings too with --strict), and 2 on a usage, config or I/O
error; a file that could not be read makes the check incomplete (exit 2).
Allow and keep entries that matched nothing are reported as notes.

Exit status: 0 clean, 1 findings, 2 a usage, config or I/O error.

--output FILE may be given once per --format, in the same order, so one run
writes several reports. Formats: text, json, sarif (GitHub code scanning),
github (workflow annotations), gitlab (GitLab Code Quality), junit and
checkstyle. Without --format, each --output's extension names its format
(.sarif, .json, .txt); a .xml file needs --format junit or checkstyle.

--write-baseline FILE records today's findings; --baseline FILE then fails
only on findings that are not in it, and notes the entries that no longer
match (--write-baseline prunes them). A finding keeps its identity when
lines move, and when its file is renamed or moved; editing its own line
makes it new.

--staged checks what the next commit records (the index, not the work
tree), on the lines it adds or changes: the pre-commit use. --since REF
checks only the lines added or changed since the merge base of REF and
HEAD, like a pull request diff.`,
		Example: `  domainshift check .
  domainshift check --strict --format json --output findings.json .
  domainshift check --format text --format sarif --output - --output domainshift.sarif
  domainshift check --output domainshift.sarif   # the format from the extension
  domainshift check --format gitlab --output gl-code-quality-report.json
  domainshift check --write-baseline .domainshift-baseline.json
  domainshift check --baseline .domainshift-baseline.json --format github
  domainshift check --staged                     # in a pre-commit hook
  domainshift check --since origin/main          # in a pull request`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runCheck(cmd, args, fl)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&fl.formats, "format", nil, "report format: "+strings.Join(report.Formats(), ", ")+" (repeatable; default text)")
	f.StringArrayVarP(&fl.outputs, "output", "o", nil, "write the report to FILE instead of stdout (once per --format; - is stdout)")
	f.BoolVar(&fl.strict, "strict", false, "fail on warnings too")
	f.StringVar(&fl.baseline, "baseline", "", "fail only on findings not recorded in this baseline `FILE`")
	f.StringVar(&fl.writeBaseline, "write-baseline", "", "record today's findings in `FILE` (pruning stale entries) and exit 0")
	f.BoolVar(&fl.staged, "staged", false, "check the lines the next commit adds or changes, as staged (pre-commit)")
	f.StringVar(&fl.since, "since", "", "report only findings on lines changed since the merge base of `REF` and HEAD")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.Formats(), cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func (a *app) runCheck(cmd *cobra.Command, args []string, fl checkFlags) error {
	formats, err := reportFormats(fl.formats, fl.outputs)
	if err != nil {
		return err
	}
	if err := fl.validate(); err != nil {
		return err
	}
	base, err := loadBaseline(fl.baseline)
	if err != nil {
		return err
	}
	t, err := a.resolve(args)
	if err != nil {
		return err
	}
	if t.rules.NothingToCheck() {
		return withHint(fmt.Errorf("%s: nothing to check: no deprecated host, no secure zone and no environment", t.rules.File),
			"add a [[deprecated]] entry, a [secure] zone or an [environments] table; 'domainshift hosts' lists the hosts the repository uses")
	}
	// A report names the deprecated hosts it found: one written inside
	// the tree by an earlier run of this command is not a finding.
	for _, out := range fl.outputs {
		if out != "-" {
			t.opts.Skip = append(t.opts.Skip, out)
		}
	}
	t.opts.NoHash = true // check writes no file it scans
	if fl.writeBaseline != "" && t.opts.Narrowed() {
		return usageError("run it on the whole repository: from its top without PATH arguments (or with the top as the PATH), and without --include or --exclude", "--write-baseline records every finding of the repository")
	}
	res, err := a.checkScan(cmd.Context(), t, fl)
	if err != nil {
		return err
	}
	if fl.writeBaseline != "" {
		return a.writeBaseline(t, res, fl.writeBaseline)
	}
	rep := &report.Report{Rules: t.rules, Result: res, Findings: res.Findings(), Notes: report.StaleNotes(t.rules, res), Version: version()}
	applyBaseline(rep, base, t, fl)
	if rep.Findings, err = a.ssotDrift(t, res, rep.Findings); err != nil {
		return err
	}
	textOnStdout := false
	for i, format := range formats {
		out := "-"
		if len(fl.outputs) > 0 {
			out = fl.outputs[i]
		}
		textOnStdout = textOnStdout || format == "text" && out == "-"
		if err := a.writeReport(cmd, format, out, reportPaths(rep, t.ws, format), fl.strict); err != nil {
			return err
		}
	}
	if !textOnStdout && !a.quiet {
		for _, n := range rep.Notes {
			fmt.Fprintf(a.stderr, "domainshift: note: %s\n", n)
		}
	}
	if err := incomplete(t, res); err != nil {
		return err
	}
	if failing(rep.Findings, fl.strict) > 0 {
		return errFindings
	}
	return nil
}

// reportFormats pairs each --output with its --format. Without --format,
// each output's extension names its format (a.sarif is sarif), and with
// neither the report is text on stdout.
func reportFormats(formats, outputs []string) ([]string, error) {
	if len(formats) == 0 && len(outputs) == 0 {
		return []string{"text"}, nil
	}
	if len(formats) == 0 {
		for _, out := range outputs {
			f, err := report.FormatFor(out)
			if err != nil {
				return nil, usageError("name the format with --format, one per --output", "%v", err)
			}
			formats = append(formats, f)
		}
	}
	for _, f := range formats {
		if !slices.Contains(report.Formats(), f) {
			return nil, usageError("use one of "+strings.Join(report.Formats(), ", "), "unknown format %q", f)
		}
	}
	if len(outputs) > 0 && len(outputs) != len(formats) {
		return nil, usageError("give --output once per --format, in the same order", "%d formats but %d outputs", len(formats), len(outputs))
	}
	for i, out := range outputs {
		if want, bad := report.Mismatch(formats[i], out); bad {
			return nil, usageError("pass --format "+strings.ReplaceAll(want, " or ", " or --format ")+" for "+out, "refusing to write text into %s", out)
		}
	}
	return formats, nil
}

// writeReport renders rep in format to out ("-" is stdout).
func (a *app) writeReport(cmd *cobra.Command, format, out string, rep *report.Report, strict bool) error {
	opts := report.Options{Quiet: a.quiet, Strict: strict}
	if out == "-" {
		opts.Color = a.colorOn(cmd.OutOrStdout())
		return report.Write(cmd.OutOrStdout(), format, rep, opts)
	}
	// Like most linters, create the report's directory (CI often asks for
	// reports/domainshift.sarif in a fresh checkout). The report streams
	// into the file: a SARIF report of a large repository is tens of
	// megabytes, not worth holding.
	err := os.MkdirAll(filepath.Dir(out), 0o755)
	if err == nil {
		err = writeFile(out, func(w io.Writer) error { return report.Write(w, format, rep, opts) })
	}
	if err != nil {
		return withHint(fmt.Errorf("write %s report: %w", format, err), "check that --output names a writable file")
	}
	return nil
}

// writeFile replaces the file path with what write writes, buffered: it
// streams into a temp file beside it and renames that over path once
// complete, so that a failed write (a full disk) leaves the previous report
// as it was. A path that is not a regular file (a pipe, /dev/stdout) is
// written in place.
func writeFile(path string, write func(io.Writer) error) error {
	perm := fs.FileMode(0o644)
	if st, err := os.Lstat(path); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		if target, err := filepath.EvalSymlinks(path); err == nil {
			path = target // replace what the link names, keeping the link
		}
	}
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return streamTo(path, os.O_WRONLY, 0, write)
		}
		perm = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), own.TempName(filepath.Base(path))+"-*")
	if errors.Is(err, fs.ErrPermission) {
		// a writable report in a directory we may not add to: as before
		return streamTo(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm, write)
	}
	if err != nil {
		return err
	}
	name := tmp.Name()
	_ = tmp.Close()
	err = streamTo(name, os.O_WRONLY|os.O_TRUNC, perm, write)
	if err == nil {
		err = os.Chmod(name, perm) // CreateTemp made it 0600
	}
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		_ = os.Remove(name)
	}
	return err
}

// streamTo opens path with flag and writes it with write, buffered.
func streamTo(path string, flag int, perm fs.FileMode, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, flag, perm)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// failing counts the findings that fail the check.
func failing(fs []scanner.Finding, strict bool) int {
	n := 0
	for _, f := range fs {
		if f.Severity == rules.SeverityError || strict {
			n++
		}
	}
	return n
}
