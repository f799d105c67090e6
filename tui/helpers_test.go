package tui

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

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

func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]tea.Key{
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown}, "left": {Code: tea.KeyLeft}, "right": {Code: tea.KeyRight},
		"tab": {Code: tea.KeyTab}, "shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift}, "enter": {Code: tea.KeyEnter},
		"esc": {Code: tea.KeyEscape}, "backspace": {Code: tea.KeyBackspace}, "ctrl+c": {Code: 'c', Mod: tea.ModCtrl},
		" ": {Code: tea.KeySpace, Text: " "},
	}
	if k, ok := named[k]; ok {
		return tea.KeyPressMsg(k)
	}
	r, _ := utf8.DecodeRuneInString(k)
	return tea.KeyPressMsg{Code: r, Text: k}
}

// screen is the view without ANSI sequences and trailing blanks.
func screen(m *Model) string {
	return ansi.Strip(m.View().Content)
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
