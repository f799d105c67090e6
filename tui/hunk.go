package tui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/domainshift/domainshift/rewrite"
)

// hunkCache keeps the rendered hunk of the current change, so moving the
// cursor elsewhere is the only thing that costs a diff.
type hunkCache struct {
	f            *fileEntry
	i, ctx, w, h int
	lines        []string
}

// hunkLines renders change i of f as a unified hunk of at most h lines,
// w columns wide, the old and new text highlighted within their lines.
func (m *Model) hunkLines(f *fileEntry, i, w, h int) []string {
	ctx := contextSteps[m.context]
	hc := &m.hunk
	if hc.f == f && hc.i == i && hc.ctx == ctx && hc.w == w && hc.h == h && hc.lines != nil {
		return hc.lines
	}
	lines := m.renderHunk(f, i, ctx, w, h)
	*hc = hunkCache{f: f, i: i, ctx: ctx, w: w, h: h, lines: lines}
	return lines
}

func (m *Model) renderHunk(f *fileEntry, i, ctx, w, h int) []string {
	st := m.styles
	if h <= 0 {
		return nil
	}
	switch {
	case !f.loaded:
		return []string{"loading…"}
	case f.srcErr != nil:
		return []string{st.Error.Render(fmt.Sprintf("cannot show the change: %v", f.srcErr)),
			"the file will be skipped when written; run review again"}
	}
	c := &f.changes[i]
	// A report-only finding is shown as a change to itself: the diff gives
	// its line and context; only the removed side is drawn.
	repl := c.Replacement
	if !c.fixable() {
		repl = c.Match
	}
	d, err := rewrite.Diff(f.path, f.src, []rewrite.Edit{{Offset: c.Offset, Len: c.Length, New: []byte(repl)}}, ctx)
	if err != nil || len(d.Hunks) == 0 {
		return []string{st.Error.Render(fmt.Sprintf("cannot show the change: %v", err))}
	}
	hk := d.Hunks[0]
	var removed, added []string
	for _, l := range hk.Lines {
		switch l.Kind {
		case '-':
			removed = append(removed, lineText(l.Text))
		case '+':
			added = append(added, lineText(l.Text))
		}
	}
	// Two levels of highlight: the whole old and new host, from the
	// finding's span, and within them the characters go-diff says differ.
	oldSpans := make([][]rewrite.Span, len(removed))
	newSpans := make([][]rewrite.Span, len(added))
	if c.fixable() {
		for k := range min(len(removed), len(added)) {
			oldSpans[k], newSpans[k] = rewrite.LineSpans(removed[k], added[k])
		}
	}
	var oldHost, newHost rewrite.Span
	if len(removed) > 0 {
		start := min(c.Column-1, len(removed[0]))
		oldHost = rewrite.Span{Start: start, End: min(start+c.Length, len(removed[0]))}
		if len(added) > 0 {
			newHost = rewrite.Span{Start: min(start, len(added[0])), End: min(start+len(repl), len(added[0]))}
		}
	}
	// Shift long lines left so the change is in view; every line shifts
	// alike, so the columns still line up.
	skip := 0
	if len(removed) > 0 {
		from := ansi.StringWidth(clean(removed[0][:oldHost.Start]))
		to := ansi.StringWidth(clean(removed[0][:oldHost.End]))
		if to > w-2 {
			skip = max(from-(w-1)/4, 0)
		}
	}
	header := fmt.Sprintf("@@ -%d,%d +%d,%d @@", hk.OldStart, hk.OldLines, hk.NewStart, hk.NewLines)
	if !c.fixable() {
		header = fmt.Sprintf("@@ line %d @@", c.Line)
	}
	out := []string{st.HunkHeader.Render(header)}
	first := -1 // index in out of the first changed line
	ri, ai := 0, 0
	for _, l := range hk.Lines {
		var s string
		switch l.Kind {
		case ' ':
			s = renderLine(" ", lineText(l.Text), marks{}, skip, w)
		case '-':
			mk := marks{base: st.Removed, hit: st.RemovedHit, diff: st.RemovedDiff, diffs: oldSpans[ri]}
			kind := "-"
			if !c.fixable() {
				kind, mk.base, mk.hit = ">", st.Context, st.ReportOnlyHit
			}
			if ri == 0 {
				mk.host = oldHost
			}
			s = renderLine(kind, removed[ri], mk, skip, w)
			ri++
		case '+':
			if !c.fixable() {
				continue
			}
			mk := marks{base: st.Added, hit: st.AddedHit, diff: st.AddedDiff, diffs: newSpans[ai]}
			if ai == 0 {
				mk.host = newHost
			}
			s = renderLine("+", added[ai], mk, skip, w)
			ai++
		}
		if l.Kind != ' ' && first < 0 {
			first = len(out)
		}
		out = append(out, s)
	}
	if len(out) <= h {
		return out
	}
	// Too tall: a window that keeps the change in view.
	start := min(max(first-(h-1)/2, 1), len(out)-(h-1))
	return append([]string{out[0]}, out[start:start+h-1]...)
}

// lineText is a hunk line without its line ending.
func lineText(b []byte) string {
	s := string(b)
	s = strings.TrimSuffix(s, "\n")
	return strings.TrimSuffix(s, "\r")
}

// marks says how to draw a line: its base style, the host span in hit
// style and, within it, the differing characters in diff style.
type marks struct {
	base, hit, diff lipgloss.Style
	host            rewrite.Span
	diffs           []rewrite.Span
}

// renderLine draws one hunk line: the kind column, then the text with its
// marks, shifted skip columns left and cut to w columns.
func renderLine(kind, text string, mk marks, skip, w int) string {
	// One style class per byte: 0 base, 1 host, 2 changed characters.
	class := make([]uint8, len(text))
	for i := mk.host.Start; i < mk.host.End && i < len(text); i++ {
		class[i] = 1
	}
	for _, sp := range mk.diffs {
		for i := sp.Start; i < sp.End && i < len(text); i++ {
			class[i] = 2
		}
	}
	styles := [3]lipgloss.Style{mk.base, mk.hit, mk.diff}
	var b strings.Builder
	for i := 0; i < len(text); {
		j := i + 1
		for j < len(text) && class[j] == class[i] {
			j++
		}
		b.WriteString(styles[class[i]].Render(clean(text[i:j])))
		i = j
	}
	body := b.String()
	if skip > 0 {
		body = ansi.TruncateLeft(body, skip+1, "…")
	}
	return mk.base.Render(kind) + ansi.Truncate(body, max(w-1, 0), "…")
}

// clean makes text safe to draw: tabs become spaces, control characters
// and invalid UTF-8 become visible placeholders.
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f:
			return '·'
		}
		return r
	}, s)
}
