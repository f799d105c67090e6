package rewrite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/domainshift/domainshift/scanner"
)

// ErrChangedSinceApply: the file is no longer what apply wrote, so undo
// leaves it alone rather than lose those changes.
var ErrChangedSinceApply = errors.New("changed since the apply")

// UndoResult is what Undo did, each list ordered by path.
type UndoResult struct {
	Restored  []string  // put back to their content before the apply
	Unchanged []string  // already had that content (the apply never got to them)
	Left      []Problem // changed since the apply (ErrChangedSinceApply) or deleted; left alone
	Failed    []Problem // could not be restored; the file is as it was
}

// OK reports whether every file of the last apply is back as it was.
func (r *UndoResult) OK() bool { return len(r.Left) == 0 && len(r.Failed) == 0 }

// Undo restores the files the last Write under root changed, each only if
// it still holds exactly what Write wrote; the others are reported and left
// alone. dir is the state directory that holds the journal (FindJournal).
// When every file is back, the journal is removed, so a second Undo finds
// ErrNoJournal; otherwise it is kept for another try.
func Undo(root, dir string) (*UndoResult, error) {
	st, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoJournal
	}
	if err == nil && !st.IsDir() {
		return nil, unsafeState(dir, st)
	}
	unlock, err := lockState(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	j, err := removeTemps(root, dir, true)
	if err != nil {
		return nil, err
	}
	// Until it finishes, the journal describes an unfinished run: an apply
	// after an interrupted undo keeps the files undo did not reach.
	_ = os.Remove(filepath.Join(dir, doneName))
	res := &UndoResult{}
	dirs := map[string]bool{}
	parallel(j.files, 8, func(e journalEntry) error {
		return restore(root, j, e)
	}, func(e journalEntry, err error) {
		switch {
		case err == nil:
			res.Restored = append(res.Restored, e.Path)
			dirs[filepath.Dir(filepath.Join(root, filepath.FromSlash(e.Path)))] = true
		case errors.Is(err, errUnchanged):
			res.Unchanged = append(res.Unchanged, e.Path)
		case errors.Is(err, ErrChangedSinceApply):
			res.Left = append(res.Left, Problem{e.Path, err})
		default:
			res.Failed = append(res.Failed, Problem{e.Path, err})
		}
	})
	for d := range dirs {
		_ = syncDir(d)
	}
	slices.Sort(res.Restored)
	slices.Sort(res.Unchanged)
	byPath := func(a, b Problem) int { return strings.Compare(a.Path, b.Path) }
	slices.SortFunc(res.Left, byPath)
	slices.SortFunc(res.Failed, byPath)
	if res.OK() {
		if err := os.Remove(filepath.Join(dir, journalName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return res, fmt.Errorf("remove journal: %w", unwrapPath(err))
		}
		_ = os.RemoveAll(j.backups)
	}
	return res, nil
}

var errUnchanged = errors.New("already original")

func restore(root string, j *journal, e journalEntry) error {
	path := filepath.Join(root, filepath.FromSlash(e.Path))
	st, err := checkWritable(path, nil)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w (deleted)", ErrChangedSinceApply)
	}
	if err != nil {
		if errors.Is(err, ErrNotRegular) {
			return fmt.Errorf("%w (%v)", ErrChangedSinceApply, err)
		}
		return unwrapPath(err)
	}
	cur, err := os.ReadFile(path)
	if err != nil {
		return unwrapPath(err)
	}
	if int64(len(cur)) == e.Size && hashHex(scanner.HashOf(cur)) == e.Original {
		return errUnchanged
	}
	orig, err := j.original(e)
	if err != nil {
		return err
	}
	if !e.holdsWritten(orig, cur) {
		return ErrChangedSinceApply
	}
	return replaceFile(path, orig, st)
}

// FindJournal returns the state directory that holds the undo journal of
// root: the one LocateState(root, override) names, else the .domainshift
// directory an earlier version kept at the root, which undo still honours.
// ErrNoJournal if there is none.
func FindJournal(root, override string) (string, error) {
	dir, err := LocateState(root, override)
	if err != nil {
		return "", err
	}
	if hasState(dir) {
		return dir, nil
	}
	if override == "" {
		abs, err := filepath.Abs(root)
		if err != nil {
			return "", err
		}
		if legacy, ok := legacyState(abs); ok {
			return legacy, nil
		}
	}
	return "", ErrNoJournal
}

// hasState reports whether the state directory dir has a journal, or the pending list of a run
// killed before it wrote one (whose temp files undo removes).
func hasState(dir string) bool {
	for _, name := range []string{journalName, pendingName} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}
