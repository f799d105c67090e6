package rewrite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/domainshift/domainshift/scanner"
)

// FilePlan is what to do to one file: the edits, and the size and hash of
// the content they were computed from. The file is written only if it still
// has exactly that content.
type FilePlan struct {
	Path  string // slash-separated, relative to the root
	Size  int64
	Hash  scanner.Hash
	Edits []Edit
	// Encoding is how the file stores its text; for a UTF-16 file the
	// edits are in the decoded text, and the new text is encoded back.
	Encoding scanner.Encoding
}

// Plan returns the plan that applies every fixable finding of a scanned
// file.
func Plan(f scanner.File) FilePlan {
	return FilePlan{Path: f.Path, Size: f.Size, Hash: f.Hash, Edits: Edits(f.Findings), Encoding: f.Encoding}
}

// Plans returns the plans for the scanned files that have something to
// fix, in the order of files.
func Plans(files []scanner.File) []FilePlan {
	var plans []FilePlan
	for _, f := range files {
		if p := Plan(f); len(p.Edits) > 0 {
			plans = append(plans, p)
		}
	}
	return plans
}

// planPath is the file of p under root.
func planPath(root string, p FilePlan) (string, error) {
	if !filepath.IsLocal(filepath.FromSlash(p.Path)) {
		return "", fmt.Errorf("path is not inside the root")
	}
	return filepath.Join(root, filepath.FromSlash(p.Path)), nil
}

// statPlanned returns the Lstat of path if it is a writable regular file
// of the scanned size.
func statPlanned(path string, p FilePlan, dirs *dirChecks) (os.FileInfo, error) {
	st, err := checkWritable(path, dirs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (deleted)", ErrChanged)
	}
	if err != nil {
		return nil, unwrapPath(err)
	}
	if st.Size() != p.Size {
		return nil, ErrChanged
	}
	return st, nil
}

// readPlanned reads the file at path into buf (reused if big enough) if
// it is a writable regular file with the scanned size and hash; ErrChanged
// if it is not the scanned content. It returns the buffer, which holds the
// content unless there is an error.
func readPlanned(path string, p FilePlan, buf []byte, dirs *dirChecks) ([]byte, os.FileInfo, error) {
	st, err := statPlanned(path, p, dirs)
	if err != nil {
		return buf, nil, err
	}
	buf, err = readContent(path, p, buf)
	if err != nil {
		return buf, nil, err
	}
	return buf, st, nil
}

// Source returns the text of the file of p under root (decoded, for a
// UTF-16 file), as long as it is still the content that was scanned
// (ErrChanged otherwise): what Diff needs to show the plan.
func Source(root string, p FilePlan) ([]byte, error) {
	path, err := planPath(root, p)
	if err != nil {
		return nil, err
	}
	data, err := readContent(path, p, nil)
	if err != nil {
		return nil, err
	}
	return p.Encoding.Decode(data)
}
