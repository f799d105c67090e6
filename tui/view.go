package tui

import (
	"fmt"
	"strings"

	"github.com/domainshift/domainshift/internal/plural"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// View is the screen, on the alternate screen buffer.
func (m *Model) View() tea.View {
	v := tea.NewView(m.screen())
	v.AltScreen = true
	return v
}

// screen lays out the screen: a title line with the scan progress, the body
// (two panes, or the help, a dialog or the result), a status line and the
// help bar. Every line is cut to the width, so it fits any size.
func (m *Model) screen() string {
	if m.quit {
		return ""
	}
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return "domainshift review: starting…"
	}
	bodyH := max(h-3, 1)
	var body string
	switch m.mode {
	case modeHelp:
		body = fitLines(append([]string{m.styles.PaneTitle.Render("Keys"), ""}, strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n")...), w, bodyH)
	case modeDialog:
		body = m.dialogView(w, bodyH)
	case modeResult:
		body = m.resultView(w, bodyH)
	default:
		body = m.panesView(w, bodyH)
	}
	var b strings.Builder
	b.Grow((w + 8) * h)
	b.WriteString(fit(m.headerView(w), w))
	b.WriteByte('\n')
	b.WriteString(body)
	b.WriteByte('\n')
	b.WriteString(fit(m.statusView(), w))
	b.WriteByte('\n')
	b.WriteString(fit(m.helpView(), w))
	return b.String()
}

func (m *Model) headerView(w int) string {
	st := m.styles
	var progress string
	if m.scanning {
		progress = fmt.Sprintf("scanning… %s, %s so far", plural.Count(m.scanned, "file"), plural.Count(m.found, "finding"))
	} else {
		progress = fmt.Sprintf("%s scanned, %s in %s", plural.Count(m.scanned, "file"), plural.Count(m.found, "finding"), plural.Count(len(m.rv.files), "file"))
		if m.unreadable > 0 {
			progress += fmt.Sprintf(", %d unreadable", m.unreadable)
		}
	}
	left := st.Title.Render("domainshift review") + "  " + st.Progress.Render(progress)
	right := st.Accepted.Render(fmt.Sprintf("✓%d", m.rv.accepted)) + " " +
		st.Rejected.Render(fmt.Sprintf("✗%d", m.rv.rejected)) + " " +
		fmt.Sprintf("?%d", m.rv.undecided())
	return spread(left, right, w)
}

func (m *Model) statusView() string {
	st := m.styles
	switch {
	case m.mode == modeFilter:
		return "/" + m.rv.filter + "█"
	case m.mode == modeWriting:
		return st.Status.Render("writing…")
	case m.isError:
		return st.Error.Render(m.status)
	case m.status != "":
		return st.Status.Render(m.status)
	case m.rv.filter != "":
		return st.Status.Render(fmt.Sprintf("filter: %q (/ then esc clears)", m.rv.filter))
	}
	return ""
}

func (m *Model) helpView() string {
	switch m.mode {
	case modeFilter:
		return m.help.ShortHelpView(filterKeys{m.keys.Apply, m.keys.Cancel}.ShortHelp())
	case modeDialog:
		return ""
	case modeResult:
		return m.help.ShortHelpView([]key.Binding{m.keys.Back, m.keys.Quit})
	case modeHelp:
		return m.help.ShortHelpView([]key.Binding{m.keys.Close, m.keys.ForceQuit})
	}
	return m.help.ShortHelpView(m.keys.ShortHelp())
}

// panesView is the file list and the change view side by side.
func (m *Model) panesView(w, h int) string {
	lw := min(max(w/3, 20), 44)
	if w < 40 {
		lw = w / 2
	}
	rw := max(w-lw-3, 1)
	left := m.fileListLines(lw, h)
	right := m.changeLines(rw, h)
	div := m.styles.Divider.Render(" │ ")
	var b strings.Builder
	for i := range h {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(fit(at(left, i), lw))
		b.WriteString(div)
		b.WriteString(fit(at(right, i), rw))
	}
	return b.String()
}

// fileListLines is the left pane: the visible files around the current
// one, each with its count of changes and of decisions.
func (m *Model) fileListLines(w, h int) []string {
	st := m.styles
	rv := &m.rv
	k, _ := rv.position()
	title := fmt.Sprintf("Files %d", len(rv.visible))
	if rv.filter != "" {
		title = fmt.Sprintf("Files %d of %d (filtered)", len(rv.visible), len(rv.files))
	}
	lines := []string{st.PaneTitle.Render(title)}
	rows := h - 1
	start := 0
	if k >= rows {
		start = min(k-rows/2, len(rv.visible)-rows)
	}
	for i := start; i < len(rv.visible) && len(lines) < h; i++ {
		f := rv.visible[i].f
		counts := fmt.Sprintf("%d ✓%d ✗%d", len(f.changes), f.accepted, f.rejected)
		if f.written {
			counts = "written"
		}
		marker, style := "  ", st.FileNormal
		switch {
		case i == k:
			marker, style = "> ", st.FileSelected
		case f.written || f.accepted+f.rejected == f.fixable:
			style = st.FileDone
		}
		pathW := w - len(marker) - ansi.StringWidth(counts) - 1
		path := f.path
		if ansi.StringWidth(path) > pathW {
			path = ansi.TruncateLeft(path, ansi.StringWidth(path)-pathW+1, "…")
		}
		lines = append(lines, style.Render(spread(marker+path, counts, w)))
	}
	return lines
}

// changeLines is the right pane: where the change is, its rule, reason,
// environment and decision, then the hunk.
func (m *Model) changeLines(w, h int) []string {
	st := m.styles
	rv := &m.rv
	c := rv.current()
	if c == nil {
		switch {
		case m.scanning:
			return []string{"", "  scanning…"}
		case len(rv.files) == 0:
			return []string{"", "  no findings: nothing to review"}
		}
		return []string{"", "  no change matches the filter"}
	}
	f := rv.cur.f
	k, j := rv.position()
	lines := []string{spread(st.PaneTitle.Render(fmt.Sprintf("%s:%d:%d", f.path, c.Line, c.Column)),
		fmt.Sprintf("%d/%d", j+1, len(rv.visible[k].changes)), w)}
	// A value wraps under itself at spaces rather than being cut at 80
	// columns: the reason and the old -> new hosts are what the person
	// decides on. Three lines at most, so the hunk keeps its room.
	label := func(name string, value ...styled) {
		const indent = 8
		wrapped := wrapWords(value, max(w-indent, 10))
		if len(wrapped) > 3 {
			wrapped = append(wrapped[:2], ansi.Truncate(strings.Join(wrapped[2:], " "), max(w-indent, 10), "…"))
		}
		lines = append(lines, st.Label.Render(fmt.Sprintf("%-7s", name))+" "+wrapped[0])
		for _, l := range wrapped[1:] {
			lines = append(lines, strings.Repeat(" ", indent)+l)
		}
	}
	plain := lipgloss.NewStyle()
	label("rule", styled{fmt.Sprintf("%s (%s)", c.Rule, c.Severity), plain})
	reason := c.Reason
	if reason == "" {
		reason = c.Message
	}
	label("reason", styled{reason, plain})
	env := c.Environment
	if env == "" {
		env = "none"
	}
	label("env", styled{env, plain})
	switch {
	case !c.fixable():
		label("change", styled{"report only: no automatic fix, cannot be accepted", st.ReportOnly})
	default:
		label("change", styled{c.Match, st.Removed}, styled{"->", plain}, styled{c.Replacement, st.Added})
	}
	var state styled
	switch {
	case f.written && c.fixable() && c.decision == Accepted:
		state = styled{"written", st.Accepted}
	case f.written && c.fixable() && c.decision == Undecided:
		// Not "written": the file was written without this change.
		state = styled{"not written: its file was written without it; review again to decide it", st.Status}
	case !c.fixable():
		state = styled{"report only", st.ReportOnly}
	case c.decision == Accepted:
		state = styled{"accepted", st.Accepted}
	case c.decision == Rejected:
		state = styled{"rejected", st.Rejected}
	default:
		state = styled{"undecided", plain}
	}
	label("status", state)
	lines = append(lines, "")
	return append(lines, m.hunkLines(f, rv.cur.i, w, h-len(lines))...)
}

// at returns lines[i], or "" past the end.
func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}

// fit cuts or pads s to exactly w columns.
func fit(s string, w int) string {
	sw := ansi.StringWidth(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return s + strings.Repeat(" ", w-sw)
}

// fitLines renders lines as a block of exactly w columns and h rows.
func fitLines(lines []string, w, h int) string {
	var b strings.Builder
	for i := range h {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(fit(at(lines, i), w))
	}
	return b.String()
}

// spread puts left and right at the two ends of w columns; right wins if
// they do not both fit.
func spread(left, right string, w int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw+1 > w {
		left = ansi.Truncate(left, max(w-rw-1, 0), "…")
		lw = ansi.StringWidth(left)
	}
	return left + strings.Repeat(" ", max(w-lw-rw, 1)) + right
}

// styled is text and the style to show it in.
type styled struct {
	text  string
	style lipgloss.Style
}

// wrapWords lays out the words of parts in lines of at most limit columns,
// breaking only at spaces (never at the hyphens and dots of host names); a
// word longer than a line gets a line of its own and is cut later. Each
// word is rendered on its own, so no style runs across a line break.
func wrapWords(parts []styled, limit int) []string {
	var lines []string
	var cur strings.Builder
	curW := 0
	for _, p := range parts {
		for _, word := range strings.Fields(p.text) {
			ww := ansi.StringWidth(word)
			if curW > 0 && curW+1+ww > limit {
				lines = append(lines, cur.String())
				cur.Reset()
				curW = 0
			}
			if curW > 0 {
				cur.WriteByte(' ')
				curW++
			}
			cur.WriteString(p.style.Render(word))
			curW += ww
		}
	}
	return append(lines, cur.String())
}
