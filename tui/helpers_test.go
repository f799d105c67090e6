package tui

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

func init() {
	// Output must not depend on $TERM.
	lipgloss.SetColorProfile(termenv.Ascii)
}

// fixture copies testdata/repo into a temp dir and returns its path.
func fixture(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir("testdata/repo", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/repo", p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// newModel returns a review of root, sized w x h, not yet scanning.
func newModel(t testing.TB, root string, resume bool, w, h int) *Model {
	t.Helper()
	r, err := rules.Load(filepath.Join(root, "rules.toml"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(Config{Root: root, Rules: r, Options: scanner.Options{Root: root, Workers: 1}, Resume: resume})
	if err != nil {
		t.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// scanned returns a review of root after its scan has finished.
func scanned(t testing.TB, root string, resume bool, w, h int) *Model {
	t.Helper()
	m := newModel(t, root, resume, w, h)
	drive(m, m.Init())
	return m
}

// drive runs cmd and every command that follows from it synchronously,
// feeding each message to Update, as huh's batchUpdate does.
func drive(m *Model, cmd tea.Cmd) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil, tea.QuitMsg:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// press sends keys, one Update each, and runs what they start.
func press(m *Model, keys ...string) {
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		drive(m, cmd)
	}
}

func keyMsg(k string) tea.KeyMsg {
	named := map[string]tea.KeyType{
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab, "enter": tea.KeyEnter,
		"esc": tea.KeyEsc, "backspace": tea.KeyBackspace, "ctrl+c": tea.KeyCtrlC, " ": tea.KeySpace,
	}
	if t, ok := named[k]; ok {
		if t == tea.KeySpace {
			return tea.KeyMsg{Type: t, Runes: []rune{' '}}
		}
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// screen is the view without ANSI sequences and trailing blanks.
func screen(m *Model) string {
	return ansi.Strip(m.View())
}

func readFile(t testing.TB, root, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func sizeMsg(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// findings returns the file's findings, as the scanner reported them.
func (f *fileEntry) findings() []scanner.Finding {
	out := make([]scanner.Finding, len(f.changes))
	for i, c := range f.changes {
		out[i] = c.Finding
	}
	return out
}

func (m *Model) current() *change { return m.rv.current() }
