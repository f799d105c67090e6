package rewrite

import "path/filepath"

// StateFile returns the path of the file name in the state directory of
// root (dir, or LocateState(root, "") when dir is empty), creating the
// directory if needed: the review UI keeps its decisions there, next to
// the journal.
func StateFile(root, dir, name string) (string, error) {
	if dir == "" {
		var err error
		if dir, err = LocateState(root, ""); err != nil {
			return "", err
		}
	}
	if err := prepareState(root, dir); err != nil {
		return "", err
	}
	return filepath.Join(dir, name), nil
}
