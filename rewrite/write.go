package rewrite

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// WriteOptions controls Write.
type WriteOptions struct {
	Workers int // files read and written at once; 0: 4

	// StateDir is where the journal, the originals and the lock go; empty:
	// LocateState(root, "").
	StateDir string

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

	// Linked are written files that had other hard links: the new content
	// is a new file, and those other names still hold the old content.
	Linked []string

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

// ErrBusy: another run is writing the same tree.
var ErrBusy = errors.New("another domainshift run is writing this tree")

// BusyError is ErrBusy with the lock and the PID of the run that holds it
// (0 when it is not known).
type BusyError struct {
	Lock string
	PID  int
}

func (e *BusyError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("another domainshift run (pid %d) is writing this tree: it holds %s", e.PID, e.Lock)
	}
	return fmt.Sprintf("another domainshift run is writing this tree: it holds %s", e.Lock)
}

func (e *BusyError) Unwrap() error { return ErrBusy }

// Write applies plans to the files under root: Begin, Stage of every plan
// (each file re-read and checked), Finish. A file that changed since the
// scan is skipped, never overwritten; a file that fails is reported in the
// Result and the others are still written. The error is for problems that
// stop everything, such as an unwritable journal.
func Write(root string, plans []FilePlan, opts WriteOptions) (*Result, error) {
	b := Begin(root, opts)
	parallel(plans, b.workers(), func(p FilePlan) struct{} {
		b.Stage(p, nil)
		return struct{}{}
	}, func(FilePlan, struct{}) {})
	return b.Finish()
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
	slices.Sort(r.Linked)
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
