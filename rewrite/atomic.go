package rewrite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Errors a file can be skipped or fail with; check them with errors.Is.
var (
	// ErrChanged: the file is no longer what was scanned, so the edits
	// computed from the scan no longer apply. It is skipped, never
	// overwritten.
	ErrChanged = errors.New("changed since the scan")
	// ErrNotRegular: the path is a symlink or not a regular file. Writing
	// through a symlink would replace the link or a file outside the
	// repository, so it is refused.
	ErrNotRegular = errors.New("not a regular file")
	// ErrReadOnly: the file or its directory has no write permission bits.
	ErrReadOnly = errors.New("read-only")
)

// tempSuffix ends the name of every temp file rewrite creates next to a
// file it replaces: ".NAME.domainshift-tmp". A killed run can leave one
// behind; the next apply or undo removes it, and scanners skip them.
const tempSuffix = ".domainshift-tmp"

// IsTemp reports whether a base file name is one of rewrite's temp files,
// for scanners to skip.
func IsTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.HasSuffix(name, tempSuffix) && len(name) > 1+len(tempSuffix)
}

// tempPath is the temp file used while replacing path.
func tempPath(path string) string {
	return filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+tempSuffix)
}

// checkWritable returns the Lstat of path if it is a regular file that
// rewrite may replace: not a symlink, with some write bit set on the file
// and on its directory. The write bits are checked rather than tried,
// because rename replaces a read-only file without complaint and because
// root may write anywhere; the owner marked the file read-only on purpose.
func checkWritable(path string) (fs.FileInfo, error) {
	st, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		if st.Mode()&fs.ModeSymlink != 0 {
			return nil, fmt.Errorf("%w (symlink; domainshift never writes through one)", ErrNotRegular)
		}
		return nil, ErrNotRegular
	}
	if st.Mode().Perm()&0o222 == 0 {
		return nil, fmt.Errorf("%w file (mode %04o)", ErrReadOnly, st.Mode().Perm())
	}
	dst, err := os.Stat(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	if dst.Mode().Perm()&0o222 == 0 {
		return nil, fmt.Errorf("%w directory (mode %04o)", ErrReadOnly, dst.Mode().Perm())
	}
	return st, nil
}

// replaceFile atomically replaces path with data: a temp file in the same
// directory gets the data and the permission bits of st (the Lstat of the
// original), is synced and renamed over path. On any error the temp file
// is removed and path is untouched. The directory is not synced; callers
// sync each directory once after all renames.
func replaceFile(path string, data []byte, st fs.FileInfo) (err error) {
	tmp := tempPath(path)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		// Left by a killed run whose journal is gone; nothing else makes
		// this name.
		_ = os.Remove(tmp)
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	}
	if err != nil {
		return fmt.Errorf("create temp file: %w", unwrapPath(err))
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("write temp file: %w", unwrapPath(err))
	}
	mode := st.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
	if err = f.Chmod(mode); err != nil {
		return fmt.Errorf("set mode: %w", unwrapPath(err))
	}
	chown(f, st)
	if err = f.Sync(); err != nil {
		return fmt.Errorf("sync temp file: %w", unwrapPath(err))
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("close temp file: %w", unwrapPath(err))
	}
	if err = os.Rename(tmp, path); err != nil {
		return fmt.Errorf("rename: %w", unwrapPath(err))
	}
	return nil
}

// syncDir makes renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
