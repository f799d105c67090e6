package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/domainshift/domainshift/scanner"
)

// TestView compares the screen after a key sequence with
// testdata/TestView/<case>_<size>.golden (go test -update rewrites them).
func TestView(t *testing.T) {
	cases := []struct {
		name string
		keys []string
	}{
		{"start", nil},
		{"accepted", []string{"y"}},
		{"rejected_file", []string{"tab", "d"}},
		{"report_only", []string{"j", "j"}},
		{"report_only_accept", []string{"j", "j", "y"}},
		{"more_context", []string{"c"}},
		{"filter", []string{"/", "d", "o", "c", "enter"}},
		{"filter_typing", []string{"/", "l", "e", "g"}},
		{"help", []string{"?"}},
		{"confirm_write", []string{"y", "y", "w"}},
		{"confirm_same", []string{"A"}},
		{"confirm_quit", []string{"y", "q"}},
		{"result", []string{"y", "n", "j", "y", "w", "y"}},
		{"undo", []string{"y", "y", "u"}},
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, size[0], size[1]), func(t *testing.T) {
				m := scanned(t, fixture(t), false, size[0], size[1])
				press(m, c.keys...)
				checkScreen(t, m, size[0], size[1])
			})
		}
	}
}

// TestViewScanning shows the progress line and the first change while the
// scan is still running.
func TestViewScanning(t *testing.T) {
	root := fixture(t)
	m := newModel(t, root, false, 80, 24)
	files := make(chan scanner.File)
	m.Update(scanStartedMsg{&scanStream{files: files}})
	m.Update(fileMsg(scanner.File{Path: "a.txt", Size: 10}))
	full := scanned(t, root, false, 80, 24)
	m.Update(fileMsg(scanner.File{Path: full.rv.files[0].path, Size: full.rv.files[0].size, Hash: full.rv.files[0].hash,
		Findings: full.rv.files[0].findings()}))
	checkScreen(t, m, 80, 24)
}

// TestViewResize follows a resize from 120x40 down to 80x24.
func TestViewResize(t *testing.T) {
	m := scanned(t, fixture(t), false, 120, 40)
	press(m, "y")
	m.Update(sizeMsg(80, 24))
	checkScreen(t, m, 80, 24)
}

func checkScreen(t *testing.T, m *Model, w, h int) {
	t.Helper()
	s := screen(m)
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if n := len([]rune(l)); n > w {
			t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, n, w, l)
		}
	}
	golden.RequireEqual(t, []byte(s))
}
