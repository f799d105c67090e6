package tui

import (
	"errors"
	"fmt"
	"strings"

	"github.com/domainshift/domainshift/internal/plural"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/domainshift/domainshift/rewrite"
)

// dialogKind says what a dialog's yes does.
type dialogKind int

const (
	dialogWrite dialogKind = iota // write the accepted changes
	dialogSame                    // accept every identical change
	dialogQuit                    // quit with undecided or unwritten changes
)

// dialog is a yes/no question over the review.
type dialog struct {
	kind  dialogKind
	title string
	body  []string
	refs  []ref // dialogSame: the changes to accept
}

func (m *Model) openDialog(d dialog) {
	m.dlg = d
	m.mode = modeDialog
}

// dialogKey answers the open dialog.
func (m *Model) dialogKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Yes):
	case key.Matches(msg, m.keys.No):
		m.mode = modeReview
		return nil
	default:
		return nil
	}
	m.mode = modeReview
	switch m.dlg.kind {
	case dialogWrite:
		m.mode = modeWriting
		return writeAccepted(m.cfg.Root, m.cfg.StateDir, m.rv.plans())
	case dialogSame:
		n := m.rv.decide(m.dlg.refs, Accepted)
		m.status = fmt.Sprintf("accepted %s", plural.Count(n, "identical change"))
		if n > 0 {
			return m.save()
		}
	case dialogQuit:
		return m.exit()
	}
	return nil
}

func (m *Model) dialogView(w, h int) string {
	d := m.dlg
	st := m.styles
	inner := min(60, w-6)
	lines := []string{st.DialogTitle.Render(d.title), ""}
	for _, b := range d.body {
		lines = append(lines, lipgloss.NewStyle().Width(inner).Render(b))
	}
	keys := m.help.ShortHelpView(dialogKeys{m.keys.Yes, m.keys.No}.ShortHelp())
	lines = append(lines, "", keys)
	body := strings.Split(strings.Join(lines, "\n"), "\n")
	if len(body)+2 > h { // the border takes two rows; keep the title and the keys
		body = body[:max(h-4, 1)]
		body[len(body)-1] = "…"
		body = append(body, "", keys)
	}
	// The width includes the border and the padding.
	box := st.Dialog.Width(inner + 6).Render(strings.Join(body, "\n"))
	// Cut to the screen: Place pads but never crops a box larger than it.
	return fitLines(strings.Split(lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box), "\n"), w, h)
}

// resultView is the screen after a write. What needs attention comes
// first (failed and skipped files), then what to do next, and the list of
// written files last, cut to the height: a long list must not push a
// failure off the screen.
func (m *Model) resultView(w, h int) string {
	r := m.result
	st := m.styles
	lines := []string{st.DialogTitle.Render(fmt.Sprintf("Wrote %s in %s", plural.Count(r.Edits(), "change"), plural.Count(len(r.Written), "file")))}
	var problems []string
	if len(r.Failed) > 0 {
		problems = append(problems, "", st.Error.Render(fmt.Sprintf("Failed %s:", plural.Count(len(r.Failed), "file"))))
		for _, p := range r.Failed {
			problems = append(problems, fmt.Sprintf("  %s: %v", p.Path, p.Err))
		}
	}
	if len(r.Skipped) > 0 {
		problems = append(problems, "", st.Status.Render(fmt.Sprintf("Skipped %s, changed since the scan:", plural.Count(len(r.Skipped), "file"))))
		for _, p := range r.Skipped {
			if errors.Is(p.Err, rewrite.ErrChanged) && p.Err.Error() != rewrite.ErrChanged.Error() {
				problems = append(problems, fmt.Sprintf("  %s: %v", p.Path, p.Err)) // deleted
			} else {
				problems = append(problems, "  "+p.Path)
			}
		}
	}
	if len(r.Linked) > 0 {
		problems = append(problems, "", st.Status.Render(fmt.Sprintf("%s had other hard links, which still hold the old content:", plural.Count(len(r.Linked), "written file"))))
		for _, p := range r.Linked {
			problems = append(problems, "  "+p)
		}
	}
	next := []string{"", "Undo what was written with: domainshift undo"}
	if u := m.rv.undecided(); u > 0 {
		next = append(next, fmt.Sprintf("%s left to review.", plural.Count(u, "change")))
	}
	if u := m.rv.undecidedWritten(); u > 0 {
		next = append(next, fmt.Sprintf("%s in written files not decided: run 'domainshift review' again for them.", plural.Count(u, "change")))
	}
	var written []string
	if len(r.Written) > 0 {
		written = append(written, "", "Written:")
		for _, f := range r.Written {
			written = append(written, fmt.Sprintf("  %s (%s)", f.Path, plural.Count(f.Edits, "change")))
		}
	}
	room := h - len(lines) - len(next)
	problems = clip(problems, room)
	written = clip(written, room-len(problems))
	lines = append(append(append(lines, problems...), next...), written...)
	return fitLines(lines, w, h)
}

// clip returns at most n lines of list, the last saying how many more
// there are when it is cut.
func clip(list []string, n int) []string {
	switch {
	case len(list) <= n:
		return list
	case n <= 0:
		return nil
	}
	return append(list[:n-1:n-1], fmt.Sprintf("  … and %d more", len(list)-n+1))
}
