package tui

import (
	"fmt"
	"unicode/utf8"

	"github.com/domainshift/domainshift/internal/plural"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// reviewKey handles a key on the review screen.
func (m *Model) reviewKey(msg tea.KeyMsg) tea.Cmd {
	k := m.keys
	rv := &m.rv
	switch {
	case key.Matches(msg, k.Up):
		rv.move(-1)
	case key.Matches(msg, k.Down):
		rv.move(1)
	case key.Matches(msg, k.NextFile):
		rv.moveFile(1)
	case key.Matches(msg, k.PrevFile):
		rv.moveFile(-1)
	case key.Matches(msg, k.Accept):
		return m.decideOne(Accepted)
	case key.Matches(msg, k.Reject):
		return m.decideOne(Rejected)
	case key.Matches(msg, k.AcceptFile):
		return m.decideFile(Accepted)
	case key.Matches(msg, k.RejectFile):
		return m.decideFile(Rejected)
	case key.Matches(msg, k.AcceptSame):
		m.askSame()
	case key.Matches(msg, k.Undo):
		s := rv.undo()
		if s == nil {
			m.status = "nothing to undo"
			return nil
		}
		rv.goTo(s[0].ref)
		m.status = fmt.Sprintf("undid %s", plural.Count(len(s), "decision"))
		return m.save()
	case key.Matches(msg, k.Filter):
		m.mode = modeFilter
	case key.Matches(msg, k.Context):
		m.context = (m.context + 1) % len(contextSteps)
		m.status = fmt.Sprintf("%d lines of context", contextSteps[m.context])
	case key.Matches(msg, k.Write):
		m.askWrite()
	case key.Matches(msg, k.Help):
		m.mode = modeHelp
	case key.Matches(msg, k.Quit):
		return m.askQuit()
	}
	return nil
}

// decideOne decides the current change and moves on to the next.
func (m *Model) decideOne(d Decision) tea.Cmd {
	c := m.rv.current()
	switch {
	case c == nil:
		return nil
	case !c.fixable():
		m.status = "report-only finding: there is no automatic fix to accept or reject"
		return nil
	case m.rv.cur.f.written:
		m.status = "this file was written; run review again to see what is left"
		return nil
	}
	changed := m.rv.decide([]ref{m.rv.cur}, d) > 0
	m.rv.move(1)
	if !changed {
		return nil
	}
	return m.save()
}

// decideFile decides the visible changes of the current file that are
// still undecided: a bulk key never overrides a decision made one by one,
// so a change rejected with n is not written by a later a.
func (m *Model) decideFile(d Decision) tea.Cmd {
	f := m.rv.cur.f
	if f == nil {
		return nil
	}
	n := m.rv.decide(m.rv.undecidedOf(m.rv.fileRefs()), d)
	verb := map[Decision]string{Accepted: "accepted", Rejected: "rejected"}[d]
	m.status = fmt.Sprintf("%s %s in %s", verb, plural.Count(n, "change"), f.path)
	if n == 0 {
		return nil
	}
	return m.save()
}

// askSame asks before accepting every undecided change identical to the
// current one.
func (m *Model) askSame() {
	c := m.rv.current()
	switch {
	case c == nil:
		return
	case !c.fixable():
		m.status = "report-only finding: there is no automatic fix to accept"
		return
	}
	refs := m.rv.same(c)
	if len(refs) == 0 {
		m.status = "no undecided change like this one"
		return
	}
	files := map[*fileEntry]bool{}
	for _, r := range refs {
		files[r.f] = true
	}
	m.openDialog(dialog{
		kind:  dialogSame,
		title: "Accept every identical change?",
		body: []string{
			fmt.Sprintf("rule %s:", c.Rule),
			fmt.Sprintf("  %s -> %s", c.Match, c.Replacement),
			fmt.Sprintf("%s in %s are undecided; they will be accepted.", plural.Count(len(refs), "change"), plural.Count(len(files), "file")),
			"Rejected ones stay rejected. u undoes this in one step.",
		},
		refs: refs,
	})
}

// askWrite asks before writing, with the counts.
func (m *Model) askWrite() {
	changes, files := m.rv.pending()
	if changes == 0 {
		m.status = "nothing accepted to write: accept changes with y first"
		return
	}
	body := []string{fmt.Sprintf("Write %s in %s?", plural.Count(changes, "accepted change"), plural.Count(files, "file"))}
	if u := m.rv.undecided(); u > 0 {
		body = append(body, fmt.Sprintf("%s left as %s.", plural.Count(u, "undecided change"), map[bool]string{true: "it is", false: "they are"}[u == 1]))
	}
	if m.scanning {
		body = append(body, "The scan is still running; later files are not included.")
	}
	body = append(body, "Files changed since the scan are skipped. 'domainshift undo' restores.")
	m.openDialog(dialog{kind: dialogWrite, title: "Write changes", body: body})
}

// askQuit quits, asking first if there is anything undecided or unwritten.
func (m *Model) askQuit() tea.Cmd {
	changes, files := m.rv.pending()
	undecided := m.rv.undecided()
	if changes == 0 && undecided == 0 {
		return m.exit()
	}
	var body []string
	if changes > 0 {
		body = append(body, fmt.Sprintf("%s in %s not written.", plural.Count(changes, "accepted change"), plural.Count(files, "file")))
	}
	if undecided > 0 {
		body = append(body, fmt.Sprintf("%s undecided.", plural.Count(undecided, "change")))
	}
	body = append(body, "Decisions are saved: 'domainshift review --resume' picks them up.")
	m.openDialog(dialog{kind: dialogQuit, title: "Quit without writing?", body: body})
	return nil
}

// filterKey edits the filter; it applies as it is typed.
func (m *Model) filterKey(msg tea.KeyMsg) {
	text := m.rv.filter
	switch {
	case key.Matches(msg, m.keys.Apply):
		m.mode = modeReview
		return
	case key.Matches(msg, m.keys.Cancel):
		m.mode = modeReview
		text = ""
	case msg.Key().Code == tea.KeyBackspace:
		if text != "" {
			_, n := utf8.DecodeLastRuneInString(text)
			text = text[:len(text)-n]
		}
	case msg.Key().Text != "":
		text += msg.Key().Text
	default:
		return
	}
	m.rv.setFilter(text)
}

// resultKey handles the result screen: back to the review, or quit.
func (m *Model) resultKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Quit):
		m.mode = modeReview
		return m.askQuit()
	case key.Matches(msg, m.keys.Back):
		m.mode = modeReview
	}
	return nil
}

// written takes the outcome of a write and shows the result screen.
func (m *Model) written(msg writtenMsg) tea.Cmd {
	if msg.err != nil {
		m.mode = modeReview
		m.setError("nothing written: %v", msg.err)
		return nil
	}
	m.result = msg.res
	m.mode = modeResult
	done := map[string]bool{}
	for _, w := range msg.res.Written {
		done[w.Path] = true
	}
	for _, f := range m.rv.files {
		if done[f.path] {
			f.written = true
		}
	}
	m.rv.dropWritten() // a written change is undone by 'domainshift undo', not u
	return m.save()
}
