package rewrite

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"slices"
	"sync"

	"github.com/domainshift/domainshift/scanner"
)

// smallContent is the size of the chunks files are re-read in.
const smallContent = 256 << 10

var chunkPool = sync.Pool{New: func() any { return new([smallContent]byte) }}

// verifySeed keys verifySum, once per process.
var verifySeed = maphash.MakeSeed()

// verifySum is the hash Finish compares a file's content with when it
// re-reads it, within one run: the content it was staged from was checked
// against the scan's SHA-256 then. A 64-bit hash keyed at random per
// process takes a fraction of SHA-256's time, and nothing outside the
// process can aim a change at it.
func verifySum(data []byte) uint64 { return maphash.Bytes(verifySeed, data) }

// sameContent re-reads the file at path in chunks and checks it has size
// bytes with the verifySum sum; ErrChanged if not.
func sameContent(path string, size int64, sum uint64) error {
	f, err := openRead(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w (deleted)", ErrChanged)
	}
	if err != nil {
		return unwrapPath(err)
	}
	defer f.Close()
	chunk := chunkPool.Get().(*[smallContent]byte)
	defer chunkPool.Put(chunk)
	var h maphash.Hash
	h.SetSeed(verifySeed)
	// One byte more than the size: a file that grew is read that far.
	n, err := io.CopyBuffer(&h, io.LimitReader(f, size+1), chunk[:])
	if err != nil {
		return unwrapPath(err)
	}
	if n != size || h.Sum64() != sum {
		return ErrChanged
	}
	return nil
}

// verify re-reads the file of s and checks it is still the
// scanned content, with the mode its temp file was given; it returns the
// file's Lstat from before the read, which the rename compares with.
func verify(s stagedFile) (fs.FileInfo, error) {
	st, err := os.Lstat(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (deleted)", ErrChanged)
	}
	if err != nil {
		return nil, unwrapPath(err)
	}
	if st.Mode() != s.st.Mode() || st.Size() != s.plan.Size {
		return nil, ErrChanged
	}
	if err := sameContent(s.path, s.plan.Size, s.sum); err != nil {
		return nil, err
	}
	return st, nil
}

// readContent reads the file at path into buf (reused if big enough) and
// checks it has the scanned size and hash; ErrChanged if not.
func readContent(path string, p FilePlan, buf []byte) ([]byte, error) {
	f, err := openRead(path)
	if errors.Is(err, fs.ErrNotExist) {
		return buf, fmt.Errorf("%w (deleted)", ErrChanged)
	}
	if err != nil {
		return buf, unwrapPath(err)
	}
	defer f.Close()
	// One byte more than the size: a file that grew fills it.
	buf = slices.Grow(buf[:0], int(p.Size)+1)[:p.Size+1]
	n, err := io.ReadFull(f, buf)
	buf = buf[:n]
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return buf, unwrapPath(err)
	}
	return buf, checkContent(buf, p)
}

// checkContent is ErrChanged unless data is the scanned content of p.
func checkContent(data []byte, p FilePlan) error {
	if int64(len(data)) != p.Size || scanner.HashOf(data) != p.Hash {
		return ErrChanged
	}
	return nil
}
