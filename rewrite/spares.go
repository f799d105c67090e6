package rewrite

import (
	"cmp"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// spares are the originals that no journal needs any more, kept by the
// run before the previous one, whose inodes this run's temp files reuse
// rather than creating new files. A run leaves the originals of the
// journal it replaces in place, and the run after it moves them, one at a
// time, to the temp-file names of the files it writes and overwrites
// them. Creating a file and, later, unlinking an original each cost the
// file system an inode and its blocks (and, mounted with discard, a wait
// for the device on each unlink); overwriting a spare costs neither. What
// is not reused goes with its directory after the last rename.
//
// Only a regular file with no other link is a spare: an original that is
// still a name of a file in the tree (after a killed run) is removed at
// the start, as every stale original was before, so that the files it is
// linked to are not taken for files with other names.
type spares struct {
	mu    sync.Mutex
	files []spare // by size
	off   bool    // a spare could not be reused next to a file: stop trying
}

type spare struct {
	path string
	size int64
}

// collectSpares gathers the spares of the originals directories in dir
// other than keep, the current journal's, and removes now every file in
// them that cannot be one. Without a readable journal nothing is touched:
// a journal from another version may still need its originals.
func collectSpares(dir string, j *journal, jerr error) *spares {
	keep, ok := inUse(j, jerr)
	if !ok {
		return nil
	}
	sp := &spares{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), backupPrefix) || e.Name() == keep || !e.IsDir() {
			continue
		}
		for _, p := range originalFiles(filepath.Join(dir, e.Name())) {
			if st, err := os.Lstat(p); err == nil && spareFile(st) {
				sp.files = append(sp.files, spare{p, st.Size()})
			} else {
				_ = os.Remove(p)
			}
		}
	}
	slices.SortFunc(sp.files, func(a, b spare) int { return cmp.Compare(a.size, b.size) })
	return sp
}

// take returns a spare for content of n bytes, or "" when there is none
// left or reuse is off: the smallest one of n bytes or more, else the
// largest. A spare of the very size is overwritten block for block; a
// longer one frees its tail, a shorter one grows.
func (s *spares) take(n int64) string {
	if s == nil {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.off || len(s.files) == 0 {
		return ""
	}
	i, _ := slices.BinarySearchFunc(s.files, n, func(f spare, n int64) int { return cmp.Compare(f.size, n) })
	i = min(i, len(s.files)-1)
	f := s.files[i].path
	s.files = slices.Delete(s.files, i, i+1)
	return f
}

// stop turns reuse off for the rest of the run.
func (s *spares) stop() {
	s.mu.Lock()
	s.off = true
	s.mu.Unlock()
}

// spareFile reports whether st, the Lstat of a stale original, is one
// that may be reused: a regular file with no other name.
func spareFile(st fs.FileInfo) bool {
	return st.Mode().IsRegular() && !otherLinks(st)
}
