package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/domainshift/domainshift/baseline"
	"github.com/domainshift/domainshift/report"
	"github.com/domainshift/domainshift/rewrite"
	"github.com/domainshift/domainshift/scanner"
)

// maxStaleNotes caps the stale baseline entries listed one by one.
const maxStaleNotes = 20

// loadBaseline reads the --baseline file, if one is given.
func loadBaseline(path string) (*baseline.Baseline, error) {
	if path == "" {
		return nil, nil
	}
	b, err := baseline.Load(path)
	var ve *baseline.VersionError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, withHint(fmt.Errorf("baseline %s not found", path), "create it with 'domainshift check --write-baseline "+path+"'")
	case errors.As(err, &ve) && ve.Newer():
		// Regenerating it with this older version would downgrade the
		// file the team shares.
		return nil, withHint(fmt.Errorf("baseline %s: %w", path, err), "upgrade domainshift to the version that wrote it (go install github.com/domainshift/domainshift/cmd/domainshift@latest)")
	case err != nil:
		return nil, withHint(fmt.Errorf("baseline %s: %w", path, unwrapPathError(err)), "regenerate it with 'domainshift check --write-baseline "+path+"'")
	}
	return b, nil
}

// applyBaseline records the fingerprints of the whole scan in rep, drops
// the findings b (if any) accepts from rep and notes how many it hid and,
// when the scan saw the whole repository, which entries no longer match
// anything.
func (a *app) applyBaseline(rep *report.Report, b *baseline.Baseline, t *target, fl checkFlags) error {
	all := rep.Findings
	changedOnly := fl.since != "" || fl.staged
	if changedOnly {
		// Only findings on changed lines were kept; fingerprints number
		// the findings of a whole file, which the scan kept too.
		all = nil
		for _, f := range rep.Result.Files {
			all = append(all, f.AllFindings...)
		}
	}
	rep.Fingerprints = baseline.NewIndex(all)
	if b == nil {
		return nil
	}
	var c baseline.Comparison
	if changedOnly {
		// The baseline counts findings per file, so it needs all of them.
		c = b.CompareChanged(all, rep.Findings)
	} else {
		c = b.Compare(rep.Findings, func(path string) bool {
			_, err := os.Lstat(filepath.Join(t.root, filepath.FromSlash(path)))
			return errors.Is(err, fs.ErrNotExist)
		})
	}
	rep.Findings = c.New
	if c.Known > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("baseline %s: %d known %s not reported", fl.baseline, c.Known, plural.Of(c.Known, "finding", "findings")))
	}
	if c.Moved > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("baseline %s: %d of them in renamed or moved files, accepted by the entries of the files they came from; record the new paths with 'domainshift check --write-baseline %s'", fl.baseline, c.Moved, fl.baseline))
	}
	if t.opts.Narrowed() || fl.staged || fl.since != "" {
		return nil // stale says nothing about files the scan did not see
	}
	for i, e := range c.Stale {
		if i == maxStaleNotes {
			rep.Notes = append(rep.Notes, fmt.Sprintf("baseline %s: %d more stale entries", fl.baseline, len(c.Stale)-i))
			break
		}
		rep.Notes = append(rep.Notes, fmt.Sprintf("baseline %s: %s in %s no longer matches (fixed or changed)", fl.baseline, e.Rule, e.Path))
	}
	if len(c.Stale) > 0 {
		rep.Notes = append(rep.Notes, fmt.Sprintf("baseline %s: prune stale entries with 'domainshift check --write-baseline %s'", fl.baseline, fl.baseline))
	}
	return nil
}

// writeBaseline records res's findings in path, replacing what was there,
// and says how the baseline changed. An incomplete scan writes nothing.
func (a *app) writeBaseline(t *target, res *scanner.Result, path string) error {
	if err := incomplete(t, res); err != nil {
		return err
	}
	findings := res.Findings()
	b := baseline.New(findings)
	pruned := -1
	if old, err := baseline.Load(path); err == nil {
		pruned = len(old.Compare(findings, nil).Stale)
	}
	// Atomically, so that an interrupted run never leaves half a baseline
	// for the next check to reject; the directory is created as for --output.
	err := os.MkdirAll(filepath.Dir(path), 0o755)
	if err == nil {
		err = rewrite.WriteFile(path, b.Marshal(), 0o644)
	}
	if err != nil {
		return withHint(fmt.Errorf("write baseline %s: %w", path, unwrapPathError(err)), "check that --write-baseline names a writable file")
	}
	if !a.quiet {
		msg := fmt.Sprintf("domainshift: wrote baseline %s: %d %s", path, len(findings), plural.Of(len(findings), "finding", "findings"))
		if pruned > 0 {
			msg += fmt.Sprintf(", %d stale %s pruned", pruned, plural.Of(pruned, "entry", "entries"))
		}
		fmt.Fprintln(a.stderr, msg)
	}
	return nil
}
