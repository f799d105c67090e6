//go:build unix

package rewrite

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteParts writes many parts, some empty, through a writev that
// writes at most a few bytes at a time (as a signal or a full disk can
// make it), and checks the file holds them all in order and the parts are
// unchanged.
func TestWriteParts(t *testing.T) {
	var parts [][]byte
	var want []byte
	for i := range 2*maxIovecs + 10 {
		p := []byte(fmt.Sprintf("part %d;", i))
		if i%7 == 0 {
			p = nil
		}
		parts = append(parts, p)
		want = append(want, p...)
	}
	before := bytes.Join(parts, []byte("|"))
	for _, limit := range []int{1, 5, 1 << 20} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) {
			calls := 0
			short := func(fd int, batch [][]byte) (int, error) {
				calls++
				if len(batch) > maxIovecs {
					t.Fatalf("writev with %d parts", len(batch))
				}
				n := 0
				for _, p := range batch {
					m := min(len(p), limit-n)
					w, err := syscall.Write(fd, p[:m])
					n += w
					if err != nil || w < len(p) || n == limit {
						return n, err
					}
				}
				return n, nil
			}
			path := filepath.Join(t.TempDir(), "out")
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := writeParts(int(f.Fd()), parts, short); err != nil {
				t.Fatal(err)
			}
			f.Close()
			got, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("file holds %d bytes (%v), want %d", len(got), err, len(want))
			}
			if !bytes.Equal(bytes.Join(parts, []byte("|")), before) {
				t.Error("writeParts changed the parts")
			}
			if limit == 1<<20 && calls != 3 {
				t.Errorf("%d writev calls for %d parts, want 3", calls, len(parts))
			}
		})
	}
}
