//go:build !unix

package scanner

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// readFile reads the regular file at path into buf (grown as needed) and
// returns the number of bytes read, or a reason to skip it.
func readFile(path string, limit int64, buf []byte) (int, []byte, string, error) {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return 0, buf, "vanished", nil
	case err != nil:
		return 0, buf, "", unwrapPath(err)
	case st.Mode()&os.ModeSymlink != 0:
		return 0, buf, "symlink", nil
	case !st.Mode().IsRegular():
		return 0, buf, "not a regular file", nil
	case st.Size() > limit:
		return 0, buf, tooLarge(st.Size(), limit), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, buf, "", unwrapPath(err)
	}
	defer f.Close()
	buf = growBuf(buf, int(st.Size())+1)
	n, err := io.ReadFull(f, buf)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return 0, buf, "", unwrapPath(err)
	}
	if int64(n) > limit {
		return 0, buf, tooLarge(-1, limit), nil
	}
	return n, buf, "", nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
