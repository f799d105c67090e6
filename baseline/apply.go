package baseline

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/domainshift/domainshift/scanner"
)

// maxStaleNotes caps the stale entries Notes lists one by one.
const maxStaleNotes = 20

// Scope says what the check whose findings Apply judges looked at.
type Scope struct {
	// Root is the directory the findings' paths are relative to: a file
	// the baseline names that is no longer there was renamed or moved.
	Root string

	// Changed is set when only the findings on changed lines are
	// reported (check --since, --staged); the scanned files then carry
	// all of theirs in AllFindings.
	Changed bool

	// Narrowed is set when the scan saw less than the whole repository:
	// an entry that matched nothing then says nothing.
	Narrowed bool
}

// Applied is what a baseline made of a check's findings.
type Applied struct {
	Comparison // New holds the findings to report; Stale is empty unless the scan saw everything

	// Fingerprints index every finding of the scanned files, reported
	// or not: fingerprints number the findings of a whole file.
	Fingerprints Index
}

// Apply judges reported, the findings a check found in res, by b: the
// ones b accepts are dropped, and the entries that matched nothing are
// stale when the scope is the whole repository. A nil b accepts nothing
// and has no entries; the fingerprints are indexed all the same, for the
// reports that carry them.
func Apply(b *Baseline, res *scanner.Result, reported []scanner.Finding, s Scope) Applied {
	all := reported
	if s.Changed {
		// Only findings on changed lines were kept; the scan kept those of
		// the whole files too.
		all = nil
		for _, f := range res.Files {
			all = append(all, f.AllFindings...)
		}
	}
	a := Applied{Comparison: Comparison{New: reported}, Fingerprints: NewIndex(all)}
	switch {
	case b == nil:
	case s.Changed:
		// The baseline counts findings per file, so it needs all of them.
		a.Comparison = b.CompareChanged(all, reported)
	default:
		a.Comparison = b.Compare(reported, func(path string) bool {
			_, err := os.Lstat(filepath.Join(s.Root, filepath.FromSlash(path)))
			return errors.Is(err, fs.ErrNotExist)
		})
	}
	if s.Narrowed {
		a.Stale = nil // stale says nothing about files the scan did not see
	}
	return a
}

// Notes words what the baseline file name hid and which of its entries
// are stale, for the notes of a report.
func (c Comparison) Notes(name string) []string {
	var notes []string
	if c.Known > 0 {
		notes = append(notes, fmt.Sprintf("baseline %s: %d known %s not reported", name, c.Known, plural.Of(c.Known, "finding", "findings")))
	}
	if c.Moved > 0 {
		notes = append(notes, fmt.Sprintf("baseline %s: %d of them in renamed or moved files, accepted by the entries of the files they came from; record the new paths with 'domainshift check --write-baseline %s'", name, c.Moved, name))
	}
	for i, e := range c.Stale {
		if i == maxStaleNotes {
			notes = append(notes, fmt.Sprintf("baseline %s: %d more stale entries", name, len(c.Stale)-i))
			break
		}
		notes = append(notes, fmt.Sprintf("baseline %s: %s in %s no longer matches (fixed or changed)", name, e.Rule, e.Path))
	}
	if len(c.Stale) > 0 {
		notes = append(notes, fmt.Sprintf("baseline %s: prune stale entries with 'domainshift check --write-baseline %s'", name, name))
	}
	return notes
}
