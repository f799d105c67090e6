package baseline

import (
	"os"
	"path/filepath"

	"github.com/domainshift/domainshift/rewrite"
	"github.com/domainshift/domainshift/scanner"
)

// Write records fs (ordered as for Fingerprints) as the baseline file at
// path, replacing what was there, and returns how many entries of the
// file it replaced matched none of them: the stale entries it pruned.
// The write is atomic, so that an interrupted run never leaves half a
// baseline for the next check to reject, and creates the file's
// directory as a report's --output does.
func Write(path string, fs []scanner.Finding) (pruned int, err error) {
	if old, err := Load(path); err == nil {
		pruned = len(old.Compare(fs, nil).Stale)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, err
	}
	return pruned, rewrite.WriteFile(path, New(fs).Marshal(), 0o644)
}
