// Package rewrite turns findings into byte edits and edits into new file
// content, unified diffs and safe writes. It owns everything that changes a
// file on disk: the stale check against the scanned content, atomic
// replacement, and the journal that lets `undo` put files back. It never
// prints.
package rewrite

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/domainshift/domainshift/scanner"
)

// Edit replaces Len bytes at Offset with New. The undo journal keeps
// edits in JSON, New in base64: a replacement need not be UTF-8.
type Edit struct {
	Offset int    `json:"at"`
	Len    int    `json:"len"`
	New    []byte `json:"new"`
}

// end returns the offset just past the replaced bytes.
func (e Edit) end() int { return e.Offset + e.Len }

// EditError is an edit list that cannot be applied to the content.
type EditError struct {
	Edit   Edit
	Reason string // "out of range", "overlaps the edit at 12"
}

func (e *EditError) Error() string {
	return fmt.Sprintf("edit at %d+%d: %s", e.Edit.Offset, e.Edit.Len, e.Reason)
}

// Apply returns src with edits applied. The edits may come in any order;
// they must lie within src and must not overlap (two insertions at the same
// offset overlap too, since their order would be ambiguous). src is not
// modified; the result is built in one allocation.
func Apply(src []byte, edits []Edit) ([]byte, error) {
	sorted, size, err := validate(src, edits)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, size)
	last := 0
	for _, e := range sorted {
		out = append(out, src[last:e.Offset]...)
		out = append(out, e.New...)
		last = e.end()
	}
	return append(out, src[last:]...), nil
}

// Segments returns what Apply(src, edits) returns as the pieces it is made
// of, without copying any: src between the edits and each edit's new
// bytes, in order. A caller writing the file need not build it.
func Segments(src []byte, edits []Edit) ([][]byte, error) {
	sorted, _, err := validate(src, edits)
	if err != nil {
		return nil, err
	}
	parts := make([][]byte, 0, 2*len(sorted)+1)
	last := 0
	for _, e := range sorted {
		parts = append(parts, src[last:e.Offset], e.New)
		last = e.end()
	}
	return append(parts, src[last:]), nil
}

// validate checks edits against src and returns them sorted by offset,
// with the size of the result.
func validate(src []byte, edits []Edit) ([]Edit, int, error) {
	sorted := edits
	if !slices.IsSortedFunc(edits, byOffset) {
		sorted = slices.Clone(edits)
		slices.SortStableFunc(sorted, byOffset)
	}
	size := len(src)
	for i, e := range sorted {
		if e.Offset < 0 || e.Len < 0 || e.Offset > len(src) || e.Len > len(src)-e.Offset {
			return nil, 0, &EditError{Edit: e, Reason: fmt.Sprintf("out of range (content is %d bytes)", len(src))}
		}
		if i > 0 {
			prev := sorted[i-1]
			if e.Offset < prev.end() || (e.Len == 0 && prev.Len == 0 && e.Offset == prev.Offset) {
				return nil, 0, &EditError{Edit: e, Reason: fmt.Sprintf("overlaps the edit at %d+%d", prev.Offset, prev.Len)}
			}
		}
		size += len(e.New) - e.Len
	}
	return sorted, size, nil
}

func byOffset(a, b Edit) int {
	if c := cmp.Compare(a.Offset, b.Offset); c != 0 {
		return c
	}
	return cmp.Compare(a.Len, b.Len)
}

// Edits returns the edits that fix the fixable findings, by offset. A
// finding whose replacement equals its match changes nothing and is left
// out, so a second pass over rewritten content yields no edits.
func Edits(findings []scanner.Finding) []Edit {
	var edits []Edit
	for _, f := range findings {
		if !f.Fixable() || f.Replacement == f.Match {
			continue
		}
		edits = append(edits, Edit{Offset: f.Offset, Len: f.Length, New: []byte(f.Replacement)})
	}
	slices.SortStableFunc(edits, byOffset)
	return edits
}
