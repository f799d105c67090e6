package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"syscall"

	"github.com/domainshift/domainshift/report"
	"github.com/domainshift/domainshift/rewrite"
)

// applyOutputs are apply's machine outputs: the JSON summary and the pull
// request description.
type applyOutputs struct {
	format string // text or json
	output string // file for the JSON summary; "" or - is stdout
	prBody string // file for the Markdown description; - is stdout
}

// check refuses combinations that cannot work.
func (o *applyOutputs) check(ask bool) error {
	switch {
	case o.format != "text" && o.format != "json":
		return usageError("use --format text or --format json", "unknown format %q", o.format)
	case o.output != "" && o.format != "json":
		return usageError("add --format json: --output takes the JSON summary", "--output without --format json")
	case ask && (o.format == "json" || o.prBody != ""):
		return usageError("add --yes: machine output is for runs without a question", "--format json and --pr-body need --yes")
	case o.format == "json" && (o.output == "" || o.output == "-") && o.prBody == "-":
		return usageError("write one of them to a file", "the JSON summary and --pr-body - cannot both go to stdout")
	}
	return nil
}

// wanted reports whether a summary is written at all.
func (o *applyOutputs) wanted() bool { return o.format == "json" || o.prBody != "" }

// write writes the summary and the description of what apply did; res is
// nil when nothing needed writing.
func (o *applyOutputs) write(stdout io.Writer, s *fixes, res *rewrite.Result) error {
	if !o.wanted() {
		return nil
	}
	run := &report.ApplyRun{Findings: s.res.Findings(), Result: res, Skips: s.res.Skips, Errors: s.res.Errors, Allowed: -1, Kept: -1}
	if res != nil && len(res.Written) > 0 {
		run.Undo = undoCommand(s)
	}
	if s.res.Hosts != nil {
		run.Allowed, run.Kept = 0, 0
		for _, h := range s.res.Hosts {
			run.Allowed += h.Allowed
			if s.t.rules.Lookup(h.Host).Kept {
				run.Kept += h.Mentions
			}
		}
	}
	sum := report.Summarize(run)
	if o.format == "json" {
		if err := writeTo(stdout, o.output, "summary", func(w io.Writer) error { return report.WriteApplyJSON(w, sum) }); err != nil {
			return err
		}
	}
	if o.prBody != "" {
		return writeTo(stdout, o.prBody, "pull request description", func(w io.Writer) error { return report.WritePRBody(w, sum) })
	}
	return nil
}

// undoCommand is the command that puts back what apply wrote, run from
// the same directory: undo finds the journal from there when the root is
// that directory or above it.
func undoCommand(s *fixes) string {
	if s.t.ws.AtOrAbove() {
		return "domainshift undo"
	}
	return "domainshift undo " + s.t.root
}

// writeTo renders into path ("" or - is stdout), replacing the file only
// once the content is complete (see writeFile).
func writeTo(stdout io.Writer, path, what string, render func(io.Writer) error) error {
	if path == "" || path == "-" {
		return render(stdout)
	}
	if err := writeFile(path, render); err != nil {
		return withHint(fmt.Errorf("write %s: %w", what, err), "check that the file's directory exists and is writable")
	}
	return nil
}

// stateError explains an error of a write that wrote nothing: the lock
// another run holds, a state location that is not safe or has no room.
func stateError(err error) error {
	var busy *rewrite.BusyError
	switch {
	case errors.As(err, &busy):
		return withHint(err, "wait for that run to finish and try again; the lock goes with its process, so a killed run never leaves it held (if no domainshift is running, remove "+busy.Lock+")")
	case errors.Is(err, rewrite.ErrUnsafeState):
		return withHint(err, "nothing was written; remove it, or pass --state-dir DIR to keep the undo state elsewhere")
	case errors.Is(err, rewrite.ErrNoRoom), errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return withHint(err, "nothing was written; free space there or make it writable, or pass --state-dir DIR")
	}
	return withHint(err, "nothing was written")
}
