package tui

import (
	"sort"
	"strings"

	"github.com/domainshift/domainshift/scanner"
)

// Decision is what the person decided about one change.
type Decision uint8

// The decisions. Nothing is accepted by default.
const (
	Undecided Decision = iota
	Accepted
	Rejected
)

func (d Decision) String() string {
	switch d {
	case Accepted:
		return "accepted"
	case Rejected:
		return "rejected"
	}
	return "undecided"
}

// change is one finding under review.
type change struct {
	scanner.Finding
	decision Decision
}

// fixable reports whether the change can be accepted: it has a replacement
// that changes something. Report-only findings are shown but never edited.
func (c *change) fixable() bool { return c.Fixable() && c.Replacement != c.Match }

// fileEntry is one scanned file with findings.
type fileEntry struct {
	path    string
	size    int64
	hash    scanner.Hash
	enc     scanner.Encoding // how the file stores its text; offsets are in the decoded text
	changes []change         // by offset
	written bool             // written by w; its decisions are final

	accepted, rejected, fixable int

	src    []byte // text as scanned, loaded when first shown
	srcErr error
	loaded bool
}

// ref points at one change.
type ref struct {
	f *fileEntry
	i int
}

func (r ref) change() *change { return &r.f.changes[r.i] }

// step is one decision as undo sees it: the change and what it was before.
type step struct {
	ref
	prev Decision
}

// visibleFile is a file that passes the filter, with the changes that do.
type visibleFile struct {
	f       *fileEntry
	changes []int
}

// review is the state of a review: the files, the decisions, the filter,
// the cursor and the undo history. It knows nothing about the screen.
type review struct {
	files   []*fileEntry // by path
	filter  string       // lower case
	visible []visibleFile
	visPos  map[*fileEntry]int // index into visible
	stale   bool               // visible needs rebuilding

	cur     ref // f is nil when nothing is visible
	history [][]step

	total, fixable, accepted, rejected int
}

// add inserts a scanned file, keeping files sorted by path.
func (r *review) add(sf scanner.File) *fileEntry {
	f := &fileEntry{path: sf.Path, size: sf.Size, hash: sf.Hash, enc: sf.Encoding, changes: make([]change, len(sf.Findings))}
	for i, fd := range sf.Findings {
		f.changes[i] = change{Finding: fd}
		if f.changes[i].fixable() {
			f.fixable++
		}
	}
	sort.SliceStable(f.changes, func(i, j int) bool { return f.changes[i].Offset < f.changes[j].Offset })
	i := sort.Search(len(r.files), func(i int) bool { return r.files[i].path >= f.path })
	r.files = append(r.files, nil)
	copy(r.files[i+1:], r.files[i:])
	r.files[i] = f
	r.total += len(f.changes)
	r.fixable += f.fixable
	r.stale = true
	return f
}

// set records a decision without history.
func (r *review) set(at ref, d Decision) {
	c := at.change()
	r.count(at.f, c.decision, -1)
	c.decision = d
	r.count(at.f, d, +1)
}

func (r *review) count(f *fileEntry, d Decision, n int) {
	switch d {
	case Accepted:
		f.accepted += n
		r.accepted += n
	case Rejected:
		f.rejected += n
		r.rejected += n
	}
}

// decide sets d on every ref that can take it and records one undo step;
// it returns how many changed.
func (r *review) decide(refs []ref, d Decision) int {
	var s []step
	for _, at := range refs {
		c := at.change()
		if !c.fixable() || at.f.written || c.decision == d {
			continue
		}
		s = append(s, step{at, c.decision})
		r.set(at, d)
	}
	if len(s) > 0 {
		r.history = append(r.history, s)
	}
	return len(s)
}

// undo reverts the last decision step and returns it, or nil.
func (r *review) undo() []step {
	n := len(r.history)
	if n == 0 {
		return nil
	}
	s := r.history[n-1]
	r.history = r.history[:n-1]
	for i := len(s) - 1; i >= 0; i-- {
		if !s[i].f.written {
			r.set(s[i].ref, s[i].prev)
		}
	}
	return s
}

// dropWritten removes the decisions of written files from the history.
func (r *review) dropWritten() {
	h := r.history[:0]
	for _, s := range r.history {
		kept := s[:0]
		for _, st := range s {
			if !st.f.written {
				kept = append(kept, st)
			}
		}
		if len(kept) > 0 {
			h = append(h, kept)
		}
	}
	r.history = h
}

// undecided counts the changes that can still be decided.
func (r *review) undecided() int {
	n := 0
	for _, f := range r.files {
		if !f.written {
			n += f.fixable - f.accepted - f.rejected
		}
	}
	return n
}

// undecidedWritten counts the undecided changes of written files: they
// can no longer be decided here, since their offsets are those of the
// content before the write; a new review shows them.
func (r *review) undecidedWritten() int {
	n := 0
	for _, f := range r.files {
		if f.written {
			n += f.fixable - f.accepted - f.rejected
		}
	}
	return n
}

// pending returns the accepted changes not yet written: the count of
// changes and of files.
func (r *review) pending() (changes, files int) {
	for _, f := range r.files {
		if !f.written && f.accepted > 0 {
			changes += f.accepted
			files++
		}
	}
	return changes, files
}

// same returns the undecided changes identical to c: same rule, same old
// and new text, in every file. Rejected ones stay rejected.
func (r *review) same(c *change) []ref {
	var out []ref
	for _, f := range r.files {
		if f.written {
			continue
		}
		for i := range f.changes {
			o := &f.changes[i]
			if o.decision == Undecided && o.fixable() && o.Rule == c.Rule && o.Match == c.Match && o.Replacement == c.Replacement {
				out = append(out, ref{f, i})
			}
		}
	}
	return out
}

// undecidedOf returns the refs of refs whose change is still undecided.
func (r *review) undecidedOf(refs []ref) []ref {
	out := refs[:0:0]
	for _, at := range refs {
		if at.change().decision == Undecided {
			out = append(out, at)
		}
	}
	return out
}

// fileRefs returns the visible changes of the current file.
func (r *review) fileRefs() []ref {
	r.refresh()
	if r.cur.f == nil {
		return nil
	}
	v := r.visible[r.visPos[r.cur.f]]
	out := make([]ref, len(v.changes))
	for k, i := range v.changes {
		out[k] = ref{v.f, i}
	}
	return out
}

// setFilter narrows the visible changes to files whose path, or changes
// whose host or text, contains s (case-insensitive).
func (r *review) setFilter(s string) {
	r.filter = strings.ToLower(s)
	r.stale = true
	r.refresh()
}

// refresh rebuilds the visible list if needed and keeps the cursor on a
// visible change.
func (r *review) refresh() {
	if !r.stale {
		return
	}
	r.stale = false
	r.visible = r.visible[:0]
	if r.visPos == nil {
		r.visPos = map[*fileEntry]int{}
	}
	clear(r.visPos)
	for _, f := range r.files {
		v := visibleFile{f: f}
		all := r.filter == "" || strings.Contains(strings.ToLower(f.path), r.filter)
		for i := range f.changes {
			if all || r.matches(&f.changes[i]) {
				v.changes = append(v.changes, i)
			}
		}
		if len(v.changes) > 0 {
			r.visPos[f] = len(r.visible)
			r.visible = append(r.visible, v)
		}
	}
	if r.cur.f != nil && r.isVisible(r.cur) {
		return
	}
	// The cursor's change is filtered out: start again at the first.
	r.cur = ref{}
	if len(r.visible) > 0 {
		r.cur = ref{r.visible[0].f, r.visible[0].changes[0]}
	}
}

func (r *review) matches(c *change) bool {
	return strings.Contains(c.Host, r.filter) ||
		strings.Contains(strings.ToLower(c.Match), r.filter) ||
		strings.Contains(strings.ToLower(c.Replacement), r.filter)
}

func (r *review) isVisible(at ref) bool {
	k, ok := r.visPos[at.f]
	if !ok {
		return false
	}
	return indexOf(r.visible[k].changes, at.i) >= 0
}

func indexOf(xs []int, x int) int {
	i := sort.SearchInts(xs, x)
	if i < len(xs) && xs[i] == x {
		return i
	}
	return -1
}

// position returns the cursor's visible file index and change index
// within the file's visible changes.
func (r *review) position() (file, chg int) {
	r.refresh()
	if r.cur.f == nil {
		return -1, -1
	}
	k := r.visPos[r.cur.f]
	return k, indexOf(r.visible[k].changes, r.cur.i)
}

// move goes delta changes forward or back across files; it stops at the
// ends.
func (r *review) move(delta int) {
	k, j := r.position()
	if k < 0 {
		return
	}
	for ; delta > 0; delta-- {
		switch {
		case j+1 < len(r.visible[k].changes):
			j++
		case k+1 < len(r.visible):
			k, j = k+1, 0
		}
	}
	for ; delta < 0; delta++ {
		switch {
		case j > 0:
			j--
		case k > 0:
			k--
			j = len(r.visible[k].changes) - 1
		}
	}
	r.cur = ref{r.visible[k].f, r.visible[k].changes[j]}
}

// moveFile goes to the first change of the file delta files away.
func (r *review) moveFile(delta int) {
	k, _ := r.position()
	if k < 0 {
		return
	}
	k = min(max(k+delta, 0), len(r.visible)-1)
	r.cur = ref{r.visible[k].f, r.visible[k].changes[0]}
}

// goTo puts the cursor on at if it is visible.
func (r *review) goTo(at ref) {
	r.refresh()
	if r.isVisible(at) {
		r.cur = at
	}
}

// current returns the change under the cursor, or nil.
func (r *review) current() *change {
	r.refresh()
	if r.cur.f == nil {
		return nil
	}
	return r.cur.change()
}
