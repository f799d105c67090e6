package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/domainshift/domainshift/baseline"
	"github.com/domainshift/domainshift/report"
	"github.com/domainshift/domainshift/scanner"
)

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
func applyBaseline(rep *report.Report, b *baseline.Baseline, t *target, fl checkFlags) {
	ap := baseline.Apply(b, rep.Result, rep.Findings, baseline.Scope{
		Root:     t.root,
		Changed:  fl.since != "" || fl.staged,
		Narrowed: t.opts.Narrowed(),
	})
	rep.Findings, rep.Fingerprints = ap.New, ap.Fingerprints
	rep.Notes = append(rep.Notes, ap.Notes(fl.baseline)...)
}

// writeBaseline records res's findings in path, replacing what was there,
// and says how the baseline changed. An incomplete scan writes nothing.
func (a *app) writeBaseline(t *target, res *scanner.Result, path string) error {
	if err := incomplete(t, res); err != nil {
		return err
	}
	findings := res.Findings()
	pruned, err := baseline.Write(path, findings)
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
