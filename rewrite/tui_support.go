package rewrite

import "path/filepath"

// StateFile returns the path of the file name in the state directory under
// root, creating the directory (with its .gitignore) if needed: the review
// UI keeps its decisions there, next to the journal.
func StateFile(root, name string) (string, error) {
	dir, err := prepareState(root)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, name), nil
}
