package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
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
		return writeAccepted(m.cfg.Root, m.rv.plans())
	case dialogSame:
		n := m.rv.decide(m.dlg.refs, Accepted)
		m.status = fmt.Sprintf("accepted %s", plural(n, "identical change"))
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
	lines = append(lines, "", m.help.ShortHelpView(dialogKeys{m.keys.Yes, m.keys.No}.ShortHelp()))
	box := st.Dialog.Width(inner + 4).Render(strings.Join(lines, "\n"))
	return lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, box)
}

// resultView is the screen after a write.
func (m *Model) resultView(w, h int) string {
	r := m.result
	st := m.styles
	var lines []string
	lines = append(lines, st.DialogTitle.Render(fmt.Sprintf("Wrote %s in %s", plural(r.Edits(), "change"), plural(len(r.Written), "file"))))
	for _, f := range r.Written {
		lines = append(lines, fmt.Sprintf("  %s (%s)", f.Path, plural(f.Edits, "change")))
	}
	if len(r.Skipped) > 0 {
		lines = append(lines, "", st.Status.Render(fmt.Sprintf("Skipped %s, changed since the scan:", plural(len(r.Skipped), "file"))))
		for _, p := range r.Skipped {
			lines = append(lines, "  "+p.Path)
		}
	}
	if len(r.Failed) > 0 {
		lines = append(lines, "", st.Error.Render(fmt.Sprintf("Failed %s:", plural(len(r.Failed), "file"))))
		for _, p := range r.Failed {
			lines = append(lines, fmt.Sprintf("  %s: %v", p.Path, p.Err))
		}
	}
	lines = append(lines, "", "Undo what was written with: domainshift undo")
	if u := m.rv.undecided(); u > 0 {
		lines = append(lines, fmt.Sprintf("%s left to review.", plural(u, "change")))
	}
	return fitLines(lines, w, h)
}
