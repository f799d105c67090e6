//go:build !unix

package rewrite

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// writeTemp writes parts, one after the other, to the temp file of path
// with the permission bits of st, without syncing it, and returns the temp
// file's name. On error no temp file is left. The temp file is always a
// new file: spares are reused on Linux only.
func writeTemp(path string, parts [][]byte, st fs.FileInfo, _ *spares) (_ string, err error) {
	tmp := tempPath(path)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		// Left by a killed run whose journal is gone; nothing else makes
		// this name.
		_ = os.Remove(tmp)
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	}
	if err != nil {
		return "", fmt.Errorf("create temp file: %w", unwrapPath(err))
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp) // tmp, not the result, which is "" on error
		}
	}()
	for _, data := range parts {
		if _, err = f.Write(data); err != nil {
			return "", fmt.Errorf("write temp file: %w", unwrapPath(err))
		}
	}
	mode := st.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
	if err = f.Chmod(mode); err != nil {
		return "", fmt.Errorf("set mode: %w", unwrapPath(err))
	}
	if err = f.Close(); err != nil {
		return "", fmt.Errorf("close temp file: %w", unwrapPath(err))
	}
	return tmp, nil
}

// openRead opens the file at path for reading.
func openRead(path string) (io.ReadCloser, error) { return os.Open(path) }

// otherLinks is false: the link count is only read on unix.
func otherLinks(fs.FileInfo) bool { return false }
