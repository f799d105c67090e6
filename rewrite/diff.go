package rewrite

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
)

// DefaultContext is the number of unchanged lines around each change in a
// unified diff, as in diff -u and git diff.
const DefaultContext = 3

// FileDiff is the unified diff of one file, built from its edit list.
type FileDiff struct {
	Path    string // slash-separated, relative to the root
	Hunks   []Hunk
	Added   int // lines added, over all hunks
	Removed int // lines removed, over all hunks
}

// Hunk is one @@ section of a unified diff. Starts are 1-based line
// numbers; a side with no lines has the number of the line before it, as
// in diff -u.
type Hunk struct {
	OldStart, OldLines int
	NewStart, NewLines int
	Lines              []Line
}

// Line is one line of a hunk.
type Line struct {
	Kind byte   // ' ' context, '-' removed, '+' added
	Text []byte // the line's bytes, with its line ending if it has one
}

// Diff returns the diff that the edits make to src, with context lines of
// context around each change. Lines are split at '\n' only, so CRLF and
// bare CR stay part of a line and are reproduced verbatim.
func Diff(path string, src []byte, edits []Edit, context int) (*FileDiff, error) {
	sorted, _, err := validate(src, edits)
	if err != nil {
		return nil, err
	}
	if context < 0 {
		context = 0
	}
	d := &FileDiff{Path: path}
	old := lineStarts(src)
	blocks := changeBlocks(src, old, sorted)

	// Group blocks whose context would touch into hunks.
	for i := 0; i < len(blocks); {
		j := i + 1
		for j < len(blocks) && blocks[j].oldFrom-blocks[j-1].oldTo <= 2*context {
			j++
		}
		d.Hunks = append(d.Hunks, d.hunk(src, old, blocks[i:j], context))
		i = j
	}
	return d, nil
}

// block is a run of whole old lines [oldFrom, oldTo) that the edits turn
// into the lines of newText; newFrom is where those lines start in the new
// content.
type block struct {
	oldFrom, oldTo int
	newFrom        int
	newText        []byte
}

// changeBlocks widens each edit to the whole lines it touches and merges
// edits on the same or adjacent lines, so that a run of changed lines reads
// as its removed lines followed by its added lines, as in git diff.
func changeBlocks(src []byte, starts []int, edits []Edit) []block {
	var blocks []block
	delta := 0 // new lines minus old lines so far
	for i := 0; i < len(edits); {
		from := lineAt(src, starts, edits[i].Offset)
		to := lineAfter(src, starts, edits[i].end())
		j := i + 1
		for j < len(edits) && lineAt(src, starts, edits[j].Offset) <= to {
			to = max(to, lineAfter(src, starts, edits[j].end()))
			j++
		}
		lo, hi := offsetOf(src, starts, from), offsetOf(src, starts, to)
		var text []byte
		last := lo
		for _, e := range edits[i:j] {
			text = append(text, src[last:e.Offset]...)
			text = append(text, e.New...)
			last = e.end()
		}
		text = append(text, src[last:hi]...)
		blocks = append(blocks, block{oldFrom: from, oldTo: to, newFrom: from + delta, newText: text})
		delta += countLines(text) - (to - from)
		i = j
	}
	return blocks
}

func (d *FileDiff) hunk(src []byte, old []int, blocks []block, context int) Hunk {
	first, last := blocks[0], blocks[len(blocks)-1]
	from := max(0, first.oldFrom-context)
	to := min(len(old), last.oldTo+context)
	h := Hunk{OldStart: from, NewStart: first.newFrom - (first.oldFrom - from)}
	at := from
	for _, b := range blocks {
		for ; at < b.oldFrom; at++ {
			h.Lines = append(h.Lines, Line{' ', lineText(src, old, at)})
		}
		for ; at < b.oldTo; at++ {
			h.Lines = append(h.Lines, Line{'-', lineText(src, old, at)})
			h.OldLines++
			d.Removed++
		}
		for rest := b.newText; len(rest) > 0; {
			n := bytes.IndexByte(rest, '\n') + 1
			if n == 0 {
				n = len(rest)
			}
			h.Lines = append(h.Lines, Line{'+', rest[:n]})
			h.NewLines++
			d.Added++
			rest = rest[n:]
		}
	}
	for ; at < to; at++ {
		h.Lines = append(h.Lines, Line{' ', lineText(src, old, at)})
	}
	ctx := len(h.Lines) - h.OldLines - h.NewLines
	h.OldLines += ctx
	h.NewLines += ctx
	// 1-based, except that an empty side names the line before it.
	if h.OldLines > 0 {
		h.OldStart++
	}
	if h.NewLines > 0 {
		h.NewStart++
	}
	return h
}

// lineStarts returns the offset of every line of src; a final '\n' does
// not start another line.
func lineStarts(src []byte) []int {
	starts := make([]int, 0, 64)
	if len(src) == 0 {
		return starts
	}
	starts = append(starts, 0)
	for i, c := range src {
		if c == '\n' && i+1 < len(src) {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineAt returns the index of the line an edit at off starts in; at the
// very end of content that ends with '\n' that is the line past the last,
// so appending leaves the last line alone.
func lineAt(src []byte, starts []int, off int) int {
	if off == len(src) && len(src) > 0 && src[len(src)-1] == '\n' {
		return len(starts)
	}
	return lineOf(starts, off)
}

// lineOf returns the index of the line holding offset off.
func lineOf(starts []int, off int) int {
	lo, hi := 0, len(starts) // first start > off, minus one
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if starts[m] <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return max(lo-1, 0)
}

// lineAfter returns the index of the first line after the one holding the
// byte at end, which is the first byte an edit leaves alone: that line is
// touched too when the edit ends at its start, because the new bytes run
// into it.
func lineAfter(src []byte, starts []int, end int) int {
	if end >= len(src) {
		return len(starts)
	}
	return lineOf(starts, end) + 1
}

// offsetOf returns the offset of line i, or len(src) past the last line.
func offsetOf(src []byte, starts []int, i int) int {
	if i >= len(starts) {
		return len(src)
	}
	return starts[i]
}

func lineText(src []byte, starts []int, i int) []byte {
	return src[starts[i]:offsetOf(src, starts, i+1)]
}

func countLines(b []byte) int {
	n := bytes.Count(b, []byte{'\n'})
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return n
}

// Empty reports whether the diff changes nothing.
func (d *FileDiff) Empty() bool { return len(d.Hunks) == 0 }

// WriteTo writes the diff in git's format: a diff --git header, ---/+++
// lines and the hunks, bytes verbatim, with "\ No newline at end of file"
// after a last line that has no newline. git apply and patch -p1 accept
// it. An empty diff writes nothing.
func (d *FileDiff) WriteTo(w io.Writer) (int64, error) {
	if d.Empty() {
		return 0, nil
	}
	var b bytes.Buffer
	a, bp := quotePath("a/"+d.Path), quotePath("b/"+d.Path)
	fmt.Fprintf(&b, "diff --git %s %s\n", a, bp)
	fmt.Fprintf(&b, "--- %s%s\n+++ %s%s\n", a, nameEnd(a), bp, nameEnd(bp))
	for _, h := range d.Hunks {
		fmt.Fprintf(&b, "@@ -%s +%s @@\n", hunkRange(h.OldStart, h.OldLines), hunkRange(h.NewStart, h.NewLines))
		for _, l := range h.Lines {
			b.WriteByte(l.Kind)
			b.Write(l.Text)
			if len(l.Text) == 0 || l.Text[len(l.Text)-1] != '\n' {
				b.WriteString("\n\\ No newline at end of file\n")
			}
		}
	}
	n, err := w.Write(b.Bytes())
	return int64(n), err
}

func hunkRange(start, lines int) string {
	if lines == 1 {
		return strconv.Itoa(start)
	}
	return strconv.Itoa(start) + "," + strconv.Itoa(lines)
}

// nameEnd is what git puts after a file name with a space on the ---/+++
// lines: a tab, so that patch does not take the rest for a timestamp.
func nameEnd(name string) string {
	if bytes.IndexByte([]byte(name), ' ') >= 0 && name[0] != '"' {
		return "\t"
	}
	return ""
}

// quotePath quotes a path the way git does (core.quotePath): control
// characters, '"', '\\' and non-ASCII bytes force C-style quoting with
// octal escapes.
func quotePath(p string) string {
	need := false
	for i := 0; i < len(p); i++ {
		if c := p[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			need = true
			break
		}
	}
	if !need {
		return p
	}
	var b bytes.Buffer
	b.WriteByte('"')
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case '\t':
			b.WriteString(`\t`)
		case '\n':
			b.WriteString(`\n`)
		case '\v':
			b.WriteString(`\v`)
		case '\f':
			b.WriteString(`\f`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if c < 0x20 || c >= 0x7f {
				fmt.Fprintf(&b, `\%03o`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
