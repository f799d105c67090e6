package tui

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"
)

// TestFlowAcceptTwoOfThree runs the real program: accept two of the three
// fixable changes, reject one, write, and check the files on disk.
func TestFlowAcceptTwoOfThree(t *testing.T) {
	root := fixture(t)
	m := newModel(t, root, false, 80, 24)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	term := newTerminal(t, 80, 24)
	wait := func(s string) {
		t.Helper()
		fed := 0 // WaitFor hands over all it read in this call
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			// A terminal's line discipline turns \n into \r\n (onlcr).
			term.Write(bytes.ReplaceAll(b[fed:], []byte("\n"), []byte("\r\n")))
			fed = len(b)
			return strings.Contains(term.String(), s)
		}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	wait("3 files scanned")
	tm.Type("y") // app/settings.py
	wait("✓1")
	tm.Type("n") // config/app.staging.env, line 1
	wait("✗1")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyDown}) // past the report-only finding
	wait("docs/setup.md:5:18")
	tm.Type("y") // docs/setup.md
	wait("✓2")
	tm.Type("w")
	wait("Write 2 accepted changes in 2 files?")
	tm.Type("y")
	wait("Wrote 2 changes in 2 files")
	tm.Type("q") // nothing undecided or unwritten: no question
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))

	for path, want := range map[string]string{
		"app/settings.py":        `API_BASE = "https://api-staging.example.com/v1"`,
		"docs/setup.md":          "curl https://api-staging.example.com/v1/health",
		"config/app.staging.env": "API_URL=https://api.staging.example.com/v1",
	} {
		if got := readFile(t, root, path); !strings.Contains(got, want) {
			t.Errorf("%s:\n%s\nwant it to contain %q", path, got, want)
		}
	}
	fm := tm.FinalModel(t).(*Model)
	if r := fm.Written(); r == nil || len(r.Written) != 2 || !r.OK() {
		t.Errorf("write result = %+v, want 2 files written", r)
	}
}

// newTerminal returns a w x h terminal emulator that the program's output
// is drawn on: the renderer writes only the cells that change, so the text
// on the screen is not in the bytes as they read.
func newTerminal(t *testing.T, w, h int) *vt.Emulator {
	e := vt.NewEmulator(w, h)
	done := make(chan struct{})
	go func() { // its answers to queries
		defer close(done)
		_, _ = io.Copy(io.Discard, e)
	}()
	t.Cleanup(func() {
		// Emulator.Close sets a flag that Read reads unguarded; closing the
		// pipe the answers come through ends the reader without that race.
		if pw, ok := e.InputPipe().(*io.PipeWriter); ok {
			_ = pw.Close()
			<-done
		}
	})
	return e
}
