package rewrite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/domainshift/domainshift/scanner"
)

// FilePlan is what to do to one file: the edits, and the size and hash of
// the content they were computed from. The file is written only if it still
// has exactly that content.
type FilePlan struct {
	Path  string // slash-separated, relative to the root
	Size  int64
	Hash  scanner.Hash
	Edits []Edit
}

// Plan returns the plan that applies every fixable finding of a scanned
// file.
func Plan(f scanner.File) FilePlan {
	return FilePlan{Path: f.Path, Size: f.Size, Hash: f.Hash, Edits: Edits(f.Findings)}
}

// Plans returns the plans for the scanned files that have something to
// fix, in the order of files.
func Plans(files []scanner.File) []FilePlan {
	var plans []FilePlan
	for _, f := range files {
		if p := Plan(f); len(p.Edits) > 0 {
			plans = append(plans, p)
		}
	}
	return plans
}

// WriteOptions controls Write.
type WriteOptions struct {
	Workers int // files read and written at once; 0: 8 (the work is mostly waiting on fsync)

	// BeforeWrite, when set, is called with each file's path right before
	// the file is re-read and compared with the scanned content, from
	// several goroutines at once. Tests use it to change a file between the
	// scan and the write.
	BeforeWrite func(path string)
}

// Result is what Write did, each list ordered by path.
type Result struct {
	Written []Written
	Skipped []Problem // changed since the scan (errors.Is(Err, ErrChanged))
	Failed  []Problem // could not be written; the file is as it was

	// JournalErr is set when the journal could not be brought up to date
	// after some files were not written; undo still works, but reports
	// those files as changed since the apply.
	JournalErr error
}

// Written is a file that now holds its edits.
type Written struct {
	Path  string
	Edits int
}

// Problem is a file that was not written, and why.
type Problem struct {
	Path string
	Err  error
}

func (p Problem) Error() string { return p.Path + ": " + p.Err.Error() }
func (p Problem) Unwrap() error { return p.Err }

// Edits returns the number of edits written.
func (r *Result) Edits() int {
	n := 0
	for _, w := range r.Written {
		n += w.Edits
	}
	return n
}

// OK reports whether every planned file was written.
func (r *Result) OK() bool { return len(r.Skipped) == 0 && len(r.Failed) == 0 }

// Write applies plans to the files under root. Each file is re-read and
// compared with the scanned content (size and hash); a file that changed is
// skipped, never overwritten. Before any file is touched, the original
// content of every file about to change is journaled under
// root/.domainshift, so Undo can restore them even after a crash; temp
// files a killed run left behind are removed first. Each file is replaced
// atomically (temp file in its directory, same permission bits, fsync,
// rename, fsync of the directory). A file that fails is reported in the
// Result and the others are still written; the error is for problems that
// stop everything, such as an unwritable journal.
func Write(root string, plans []FilePlan, opts WriteOptions) (*Result, error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = 4
	}
	res := &Result{}
	dir, err := prepareState(root)
	if err != nil {
		return nil, err
	}
	removeTemps(root)

	// Phase 1: check every file and journal its original content.
	type ready struct {
		plan FilePlan
		data []byte // original content
		hash scanner.Hash
		err  error
	}
	jw, err := newJournal(dir)
	if err != nil {
		return nil, err
	}
	var todo []FilePlan
	var jerr error
	parallel(plans, workers, func(p FilePlan) ready {
		data, newHash, err := prepare(root, p)
		return ready{plan: p, data: data, hash: newHash, err: err}
	}, func(_ FilePlan, r ready) {
		switch {
		case r.err != nil:
			res.add(r.plan.Path, r.err)
		case jerr == nil:
			if jerr = jw.add(r.plan.Path, r.data, r.hash); jerr == nil {
				todo = append(todo, r.plan)
			}
		}
	})
	if jerr != nil {
		jw.abort()
		return nil, jerr
	}
	// A run that did not finish (killed apply, interrupted undo) may have
	// left files as it wrote them; keep them undoable.
	if jerr = carryOver(root, jw, todo); jerr != nil {
		jw.abort()
		return nil, jerr
	}
	if len(todo) == 0 {
		jw.abort() // keep the previous journal: this run changed nothing
		res.sort()
		return res, nil
	}
	if err := jw.commit(); err != nil {
		return nil, err
	}

	// Phase 2: write every temp file, make them all durable at once (one
	// syncfs on Linux instead of an fsync per file), then rename each over
	// its original and make the renames durable.
	type staged struct {
		tmp string
		st  fs.FileInfo
		err error
	}
	var toRename []FilePlan
	temps := map[string]staged{}
	parallel(todo, workers, func(p FilePlan) staged {
		if opts.BeforeWrite != nil {
			opts.BeforeWrite(p.Path)
		}
		tmp, st, err := stagePlan(root, p)
		return staged{tmp, st, err}
	}, func(p FilePlan, s staged) {
		if s.err != nil {
			res.add(p.Path, s.err)
			return
		}
		toRename = append(toRename, p)
		temps[p.Path] = s
	})
	tmpPaths := make([]string, 0, len(toRename))
	for _, p := range toRename {
		tmpPaths = append(tmpPaths, temps[p.Path].tmp)
	}
	if err := syncFiles(root, tmpPaths); err != nil {
		for _, p := range toRename {
			_ = os.Remove(temps[p.Path].tmp)
			res.add(p.Path, fmt.Errorf("sync temp file: %w", err))
		}
		toRename = nil
	}
	// Renames in different directories do not wait on each other.
	dirs := map[string]bool{}
	parallel(toRename, workers, func(p FilePlan) error {
		s := temps[p.Path]
		return renameStaged(s.tmp, filepath.Join(root, filepath.FromSlash(p.Path)), s.st)
	}, func(p FilePlan, err error) {
		if err != nil {
			res.add(p.Path, err)
			return
		}
		res.Written = append(res.Written, Written{Path: p.Path, Edits: len(p.Edits)})
		dirs[filepath.Dir(filepath.Join(root, filepath.FromSlash(p.Path)))] = true
	})
	dirList := make([]string, 0, len(dirs))
	for d := range dirs {
		dirList = append(dirList, d)
	}
	_ = syncDirs(root, dirList) // the data is synced; at worst a power cut undoes a rename
	if len(res.Written) < len(todo) {
		keep := make(map[string]bool, len(res.Written))
		for _, w := range res.Written {
			keep[w.Path] = true
		}
		if err := jw.narrow(keep); err != nil {
			// The full journal stays; undo reports the files not written
			// as changed, which is safe.
			res.JournalErr = err
		}
	}
	if res.JournalErr == nil {
		res.JournalErr = markDone(dir, jw.id)
	}
	res.sort()
	return res, nil
}

// carryOver adds to jw the files of an unfinished previous journal that
// still hold what that run wrote and that this run does not plan to write.
func carryOver(root string, jw *journalWriter, todo []FilePlan) error {
	prev, err := openJournal(root)
	if err != nil {
		return nil // none, or damaged: nothing to carry
	}
	defer prev.close()
	if prev.done {
		return nil
	}
	planned := make(map[string]bool, len(todo))
	for _, p := range todo {
		planned[p.Path] = true
	}
	for _, e := range prev.files {
		if planned[e.Path] {
			continue
		}
		cur, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.Path)))
		if err != nil || hashHex(scanner.HashOf(cur)) != e.Written {
			continue
		}
		orig, err := prev.original(e)
		if err != nil {
			continue
		}
		if err := jw.addEntry(e.Path, orig, e.Written); err != nil {
			return err
		}
	}
	return nil
}

// prepare reads the file of p, checks it is still what was scanned and
// writable, and returns its content and the hash of the new content.
func prepare(root string, p FilePlan) ([]byte, scanner.Hash, error) {
	if filepath.IsLocal(filepath.FromSlash(p.Path)) { // left by a run killed before it journaled
		_ = os.Remove(tempPath(filepath.Join(root, filepath.FromSlash(p.Path))))
	}
	data, _, err := readPlanned(root, p)
	if err != nil {
		return nil, scanner.Hash{}, err
	}
	out, err := Apply(data, p.Edits)
	if err != nil {
		return nil, scanner.Hash{}, err
	}
	return data, scanner.HashOf(out), nil
}

// stagePlan re-reads the file of p, checks it again and writes its new
// content to a temp file next to it, not yet synced.
func stagePlan(root string, p FilePlan) (string, fs.FileInfo, error) {
	data, st, err := readPlanned(root, p)
	if err != nil {
		return "", nil, err
	}
	out, err := Apply(data, p.Edits)
	if err != nil {
		return "", nil, err
	}
	tmp, err := writeTemp(filepath.Join(root, filepath.FromSlash(p.Path)), out, st)
	return tmp, st, err
}

// readPlanned reads the file of p if it is a writable regular file with
// the scanned size and hash; ErrChanged if it is not the scanned content.
func readPlanned(root string, p FilePlan) ([]byte, os.FileInfo, error) {
	if !filepath.IsLocal(filepath.FromSlash(p.Path)) {
		return nil, nil, fmt.Errorf("path is not inside the root")
	}
	path := filepath.Join(root, filepath.FromSlash(p.Path))
	st, err := checkWritable(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("%w (deleted)", ErrChanged)
	}
	if err != nil {
		return nil, nil, unwrapPath(err)
	}
	if st.Size() != p.Size {
		return nil, nil, ErrChanged
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, unwrapPath(err)
	}
	if int64(len(data)) != p.Size || scanner.HashOf(data) != p.Hash {
		return nil, nil, ErrChanged
	}
	return data, st, nil
}

func (r *Result) add(path string, err error) {
	if errors.Is(err, ErrChanged) {
		r.Skipped = append(r.Skipped, Problem{path, err})
	} else {
		r.Failed = append(r.Failed, Problem{path, err})
	}
}

func (r *Result) sort() {
	slices.SortFunc(r.Written, func(a, b Written) int { return strings.Compare(a.Path, b.Path) })
	byPath := func(a, b Problem) int { return strings.Compare(a.Path, b.Path) }
	slices.SortFunc(r.Skipped, byPath)
	slices.SortFunc(r.Failed, byPath)
}

// parallel runs do over items with n goroutines and hands each result to
// collect, one at a time, in completion order.
func parallel[T, R any](items []T, n int, do func(T) R, collect func(T, R)) {
	type done struct {
		item T
		res  R
	}
	in := make(chan T)
	out := make(chan done)
	var wg sync.WaitGroup
	for range min(n, len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range in {
				out <- done{it, do(it)}
			}
		}()
	}
	go func() {
		for _, it := range items {
			in <- it
		}
		close(in)
		wg.Wait()
		close(out)
	}()
	for d := range out {
		collect(d.item, d.res)
	}
}

// Source returns the content of the file of p under root, as long as it is
// still the content that was scanned (ErrChanged otherwise): what Diff
// needs to show the plan.
func Source(root string, p FilePlan) ([]byte, error) {
	if !filepath.IsLocal(filepath.FromSlash(p.Path)) {
		return nil, fmt.Errorf("path is not inside the root")
	}
	data, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p.Path)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (deleted)", ErrChanged)
	}
	if err != nil {
		return nil, unwrapPath(err)
	}
	if int64(len(data)) != p.Size || scanner.HashOf(data) != p.Hash {
		return nil, ErrChanged
	}
	return data, nil
}
