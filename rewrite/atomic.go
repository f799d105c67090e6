package rewrite

import (
	"errors"
	"fmt"
	"github.com/domainshift/domainshift/internal/own"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
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

// tempPath is the temp file used while replacing path (own.TempName). A
// killed run can leave one behind; the next apply or undo removes it, and
// the scanner skips them.
func tempPath(path string) string {
	return filepath.Join(filepath.Dir(path), own.TempName(filepath.Base(path)))
}

// checkWritable returns the Lstat of path if it is a regular file that
// rewrite may replace: not a symlink, with some write bit set on the file
// and on its directory. The write bits are checked rather than tried,
// because rename replaces a read-only file without complaint and because
// root may write anywhere; the owner marked the file read-only on purpose.
// dirs, when not nil, remembers the directories already checked.
func checkWritable(path string, dirs *dirChecks) (fs.FileInfo, error) {
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
	if err := dirs.check(filepath.Dir(path)); err != nil {
		return nil, err
	}
	return st, nil
}

// dirChecks remembers, for one run, what checking each directory's write
// bits gave: the thousands of files a run writes share a few hundred
// directories.
type dirChecks struct{ m sync.Map } // directory -> error, nil when writable

// check returns nil if dir has a write bit set; c may be nil.
func (c *dirChecks) check(dir string) error {
	if c != nil {
		if v, ok := c.m.Load(dir); ok {
			err, _ := v.(error)
			return err
		}
	}
	var err error
	st, serr := os.Stat(dir)
	switch {
	case serr != nil:
		err = serr
	case st.Mode().Perm()&0o222 == 0:
		err = fmt.Errorf("%w directory (mode %04o)", ErrReadOnly, st.Mode().Perm())
	}
	if c != nil {
		c.m.Store(dir, err)
	}
	return err
}

// replaceFile atomically replaces path with data: a temp file in the same
// directory gets the data and the permission bits of st (the Lstat of the
// original), is synced and renamed over path. On any error the temp file
// is removed and path is untouched. The directory is not synced.
func replaceFile(path string, data []byte, st fs.FileInfo) error {
	tmp, err := writeTemp(path, [][]byte{data}, st, nil)
	if err != nil {
		return err
	}
	if err := syncFiles(filepath.Dir(path), []string{tmp}); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("sync temp file: %w", err)
	}
	return renameStaged(tmp, path, st)
}

// WriteFile atomically replaces or creates path with data, keeping the
// permission bits of an existing file (perm for a new one), and makes the
// result durable. It never writes through a symlink.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		st = newFileInfo{perm}
	case err != nil:
		return unwrapPath(err)
	case !st.Mode().IsRegular():
		return ErrNotRegular
	}
	if err := replaceFile(path, data, st); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

// newFileInfo stands in for the Lstat of a file that does not exist yet.
type newFileInfo struct{ perm fs.FileMode }

func (n newFileInfo) Name() string       { return "" }
func (n newFileInfo) Size() int64        { return 0 }
func (n newFileInfo) Mode() fs.FileMode  { return n.perm }
func (n newFileInfo) ModTime() time.Time { return time.Time{} }
func (n newFileInfo) IsDir() bool        { return false }
func (n newFileInfo) Sys() any           { return nil }

// renameStaged renames the synced temp file over path, unless path
// changed since st (its Lstat) was taken, in which case the temp file is
// removed and the result is ErrChanged. A st without Sys (a file that did
// not exist) is not compared.
func renameStaged(tmp, path string, st fs.FileInfo) error {
	if st.Sys() != nil {
		cur, err := os.Lstat(path)
		if err != nil || !unchanged(st, cur) {
			_ = os.Remove(tmp)
			return ErrChanged
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("rename: %w", unwrapPath(err))
	}
	return nil
}

// unchanged reports whether cur is still the file was describes: the same
// inode, size, mode and modification time, and where the system has one,
// the same change time, which any write or chmod moves.
func unchanged(was, cur fs.FileInfo) bool {
	return sameMeta(was, cur) && sameCtime(was, cur)
}

// sameMeta reports whether was and cur have the same inode, size, mode and
// modification time.
func sameMeta(was, cur fs.FileInfo) bool {
	return os.SameFile(was, cur) && cur.Size() == was.Size() && cur.Mode() == was.Mode() &&
		cur.ModTime().Equal(was.ModTime())
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

// fsyncPath opens and fsyncs one file.
func fsyncPath(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return unwrapPath(err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return unwrapPath(err)
}
