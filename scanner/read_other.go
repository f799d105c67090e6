//go:build !unix

package scanner

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// readFile reads the regular file at the slash-separated p in t into a
// buffer from bufs and returns its content, or a reason to skip it.
func readFile(t *tree, p string, limit int64, bufs *readBufs) ([]byte, string, error) {
	path := t.path(p)
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, "vanished", nil
	case err != nil:
		return nil, "", unwrapPath(err)
	case st.Mode()&os.ModeSymlink != 0:
		return nil, "symlink", nil
	case !st.Mode().IsRegular():
		return nil, "not a regular file", nil
	case st.Size() > limit:
		return nil, tooLarge(st.Size(), limit), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", unwrapPath(err)
	}
	defer f.Close()
	buf := bufs.get(int(st.Size()) + 1)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, "", unwrapPath(err)
	}
	if int64(n) > limit {
		return nil, tooLarge(-1, limit), nil
	}
	return buf[:n], "", nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
