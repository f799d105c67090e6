package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestResultProblemsFirst writes 30 files and fails one: at 80x24 the
// failure, the undo line and the undecided count stay on the screen, and
// the list of written files is cut with a count (it used to push the
// failure off the bottom).
func TestResultProblemsFirst(t *testing.T) {
	root := twoChangeRepo(t, 30)
	if err := os.Chmod(filepath.Join(root, "f29.txt"), 0o444); err != nil {
		t.Fatal(err)
	}
	m := scanned(t, root, false, 80, 24)
	// Accept the first change of every file, one file at a time.
	for range 30 {
		press(m, "y", "tab")
	}
	press(m, "w", "y")
	if m.mode != modeResult {
		t.Fatalf("mode %v after w y, want the result screen; status %q", m.mode, m.status)
	}
	s := screen(m)
	checkSize(t, s, 80, 24)
	for _, want := range []string{
		"Wrote 29 changes in 29 files",
		"Failed 1 file:",
		"f29.txt: read-only file (mode 0444)",
		"Undo what was written with: domainshift undo",
		"29 changes in written files not decided: run 'domainshift review' again",
		"… and ",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("result screen lacks %q:\n%s", want, s)
		}
	}
}

// TestWrittenFileUndecidedChange: after a write, a change of the written
// file that was never decided says so, instead of "written".
func TestWrittenFileUndecidedChange(t *testing.T) {
	m := scanned(t, twoChangeRepo(t, 1), false, 80, 24)
	press(m, "y", "w", "y", "enter")
	if c := m.current(); c == nil || c.decision != Undecided || !m.rv.cur.f.written {
		t.Fatalf("want the undecided second change of the written file, got %+v", c)
	}
	s := screen(m)
	if !strings.Contains(s, "status  not written: its file was written without") {
		t.Errorf("status of an undecided change in a written file:\n%s", s)
	}
	press(m, "up")
	if s := screen(m); !strings.Contains(s, "status  written") {
		t.Errorf("status of the accepted and written change:\n%s", s)
	}
}

// TestDialogFitsSmallScreen: a dialog taller than the screen is cut to it,
// keeping its title and its keys, instead of pushing the header away.
func TestDialogFitsSmallScreen(t *testing.T) {
	m := scanned(t, fixture(t), false, 40, 10)
	press(m, "y", "w")
	if m.mode != modeDialog {
		t.Fatalf("mode %v, want the write dialog", m.mode)
	}
	s := screen(m)
	checkSize(t, s, 40, 10)
	lines := strings.Split(s, "\n")
	if !strings.HasPrefix(lines[0], "domainshift review") {
		t.Errorf("header pushed away:\n%s", s)
	}
	for _, want := range []string{"Write changes", "y yes", "…"} {
		if !strings.Contains(s, want) {
			t.Errorf("small dialog lacks %q:\n%s", want, s)
		}
	}
}

// twoChangeRepo returns a root with n files of two changes each.
func twoChangeRepo(t *testing.T, n int) string {
	t.Helper()
	root := t.TempDir()
	rules := "version = 1\n\n[[deprecated]]\nhost    = \"api.staging.example.com\"\nreplace = \"api-staging.example.com\"\n"
	if err := os.WriteFile(filepath.Join(root, "rules.toml"), []byte(rules), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		body := "https://api.staging.example.com\nhttps://api.staging.example.com/b\n"
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("f%02d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func checkSize(t *testing.T, s string, w, h int) {
	t.Helper()
	lines := strings.Split(s, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d:\n%s", len(lines), h, s)
	}
	for i, l := range lines {
		if n := len([]rune(l)); n > w {
			t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, n, w, l)
		}
	}
}

// TestResultNamesLinkedFiles: a written file that had another hard link
// is named on the result screen, since that other name keeps the old
// content.
func TestResultNamesLinkedFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("link counts are read on unix only")
	}
	root := twoChangeRepo(t, 1)
	if err := os.Link(filepath.Join(root, "f00.txt"), filepath.Join(t.TempDir(), "other.txt")); err != nil {
		t.Fatal(err)
	}
	m := scanned(t, root, false, 80, 24)
	press(m, "y", "y", "w", "y")
	if m.mode != modeResult {
		t.Fatalf("mode %v after y y w y, want the result screen; status %q", m.mode, m.status)
	}
	s := screen(m)
	for _, want := range []string{"1 written file had other hard links, which still hold the old", "  f00.txt"} {
		if !strings.Contains(s, want) {
			t.Errorf("result screen lacks %q:\n%s", want, s)
		}
	}
}
