package tui

import (
	"github.com/domainshift/domainshift/rewrite"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestNothingWrittenWithoutConfirm presses every decision key, and w
// answered no, and checks that no file changed.
func TestNothingWrittenWithoutConfirm(t *testing.T) {
	root := fixture(t)
	before := readFile(t, root, "app/settings.py")
	m := scanned(t, root, false, 80, 24)
	press(m, "y", "a", "A", "y", "j", "y", " ", "w", "n", "w", "esc", "q", "n")
	if got := readFile(t, root, "app/settings.py"); got != before {
		t.Errorf("app/settings.py changed without a confirmed write:\n%s", got)
	}
	if m.quit {
		t.Error("q answered no quit anyway")
	}
}

// TestNothingAcceptedByDefault checks that a fresh review has no decision.
func TestNothingAcceptedByDefault(t *testing.T) {
	m := scanned(t, fixture(t), false, 80, 24)
	if m.rv.accepted != 0 || m.rv.rejected != 0 {
		t.Errorf("accepted %d, rejected %d at start, want none", m.rv.accepted, m.rv.rejected)
	}
	press(m, "w")
	if m.mode != modeReview || !strings.Contains(m.status, "nothing accepted") {
		t.Errorf("w with nothing accepted: mode %v, status %q", m.mode, m.status)
	}
}

// TestUndoRepeatable undoes three decisions one by one, including a
// whole-file one, and returns to the change each was about.
func TestUndoRepeatable(t *testing.T) {
	m := scanned(t, fixture(t), false, 80, 24)
	press(m, "y", "d", "tab", "n")
	if m.rv.accepted != 1 || m.rv.rejected != 2 {
		t.Fatalf("after y d tab n: accepted %d rejected %d, want 1 and 2", m.rv.accepted, m.rv.rejected)
	}
	want := []struct{ accepted, rejected int }{{1, 1}, {1, 0}, {0, 0}}
	for i, w := range want {
		press(m, "u")
		if m.rv.accepted != w.accepted || m.rv.rejected != w.rejected {
			t.Errorf("after undo %d: accepted %d rejected %d, want %d and %d", i+1, m.rv.accepted, m.rv.rejected, w.accepted, w.rejected)
		}
	}
	if m.rv.cur.f.path != "app/settings.py" {
		t.Errorf("after the last undo the cursor is on %s, want app/settings.py", m.rv.cur.f.path)
	}
	press(m, "u")
	if m.status != "nothing to undo" {
		t.Errorf("status %q, want nothing to undo", m.status)
	}
}

// TestAcceptSame accepts the identical changes after the count, leaving a
// rejected one alone.
func TestAcceptSame(t *testing.T) {
	m := scanned(t, fixture(t), false, 80, 24)
	press(m, "tab", "n", "k", "A")
	if m.mode != modeDialog || len(m.dlg.refs) != 2 {
		t.Fatalf("A: mode %v with %d changes, want the dialog with 2", m.mode, len(m.dlg.refs))
	}
	press(m, "y")
	if m.rv.accepted != 2 || m.rv.rejected != 1 {
		t.Errorf("accepted %d rejected %d, want 2 and 1", m.rv.accepted, m.rv.rejected)
	}
	press(m, "u")
	if m.rv.accepted != 0 {
		t.Errorf("one u after A left %d accepted, want 0", m.rv.accepted)
	}
}

// TestResume saves decisions as they are made, reloads them with Resume
// and drops those whose file changed since, saying how many.
func TestResume(t *testing.T) {
	root := fixture(t)
	m := scanned(t, root, false, 80, 24)
	press(m, "y", "n", "j", "y") // settings accepted, env rejected, docs accepted
	state, err := rewrite.LocateState(root, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(state, "review.json")); err != nil {
		t.Fatalf("decisions not saved: %v", err)
	}
	if err := os.WriteFile(filepath.Join(root, "docs/setup.md"), []byte("curl https://api.staging.example.com/\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	fresh := scanned(t, root, false, 80, 24)
	if fresh.rv.accepted+fresh.rv.rejected != 0 || !strings.Contains(fresh.status, "--resume") {
		t.Errorf("without --resume: %d decisions, status %q", fresh.rv.accepted+fresh.rv.rejected, fresh.status)
	}

	r := scanned(t, root, true, 80, 24)
	if r.rv.accepted != 1 || r.rv.rejected != 1 {
		t.Errorf("resumed accepted %d rejected %d, want 1 and 1", r.rv.accepted, r.rv.rejected)
	}
	if want := "resumed 2 decisions; dropped 1 whose file changed since"; r.status != want {
		t.Errorf("status %q, want %q", r.status, want)
	}
}

// TestFilter narrows by host and by path, and esc clears.
func TestFilter(t *testing.T) {
	m := scanned(t, fixture(t), false, 80, 24)
	press(m, "/", "l", "e", "g", "a", "c", "y", "enter")
	if len(m.rv.visible) != 1 || len(m.rv.visible[0].changes) != 1 || m.current().Host != "files.legacy.example.com" {
		t.Errorf("filter legacy: %d files visible", len(m.rv.visible))
	}
	press(m, "/", "esc")
	if len(m.rv.visible) != 3 {
		t.Errorf("after esc %d files visible, want 3", len(m.rv.visible))
	}
}

// TestWriteSkipsChangedFile changes a file between the decision and w:
// the result screen lists it as skipped and the file keeps its new content.
func TestWriteSkipsChangedFile(t *testing.T) {
	root := fixture(t)
	m := scanned(t, root, false, 80, 24)
	press(m, "y", "y")
	changed := "API_URL=https://api.staging.example.com/v2\n"
	if err := os.WriteFile(filepath.Join(root, "config/app.staging.env"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	press(m, "w", "y")
	s := screen(m)
	for _, want := range []string{"Wrote 1 change in 1 file", "Skipped 1 file, changed since the scan:", "config/app.staging.env", "domainshift undo"} {
		if !strings.Contains(s, want) {
			t.Errorf("result screen lacks %q:\n%s", want, s)
		}
	}
	if got := readFile(t, root, "config/app.staging.env"); got != changed {
		t.Errorf("changed file overwritten: %q", got)
	}
}

// TestBulkKeepsDecisions accepts the first change of a file with y,
// rejects the second with n and accepts the rest of the file with a: the
// rejected change stays rejected and is not written.
func TestBulkKeepsDecisions(t *testing.T) {
	root := fixture(t)
	three := "A = \"https://api.staging.example.com/a\"\nB = \"https://api.staging.example.com/b\"\nC = \"https://api.staging.example.com/c\"\n"
	if err := os.WriteFile(filepath.Join(root, "app/settings.py"), []byte(three), 0o644); err != nil {
		t.Fatal(err)
	}
	m := scanned(t, root, false, 80, 24)
	if m.rv.cur.f.path != "app/settings.py" || len(m.rv.cur.f.changes) != 3 {
		t.Fatalf("review starts on %s with %d changes, want app/settings.py with 3", m.rv.cur.f.path, len(m.rv.cur.f.changes))
	}
	press(m, "y", "n", "a")
	var got []Decision
	for _, c := range m.rv.cur.f.changes {
		got = append(got, c.decision)
	}
	if want := []Decision{Accepted, Rejected, Accepted}; !slices.Equal(got, want) {
		t.Fatalf("after y n a: %v, want %v", got, want)
	}
	if m.status != "accepted 1 change in app/settings.py" {
		t.Errorf("status %q, want the one undecided change accepted", m.status)
	}
	press(m, "d")
	if m.rv.accepted != 2 || m.rv.rejected != 1 {
		t.Errorf("d after a: accepted %d rejected %d, want 2 and 1 (nothing left undecided)", m.rv.accepted, m.rv.rejected)
	}
	press(m, "w", "y")
	want := "A = \"https://api-staging.example.com/a\"\nB = \"https://api.staging.example.com/b\"\nC = \"https://api-staging.example.com/c\"\n"
	if got := readFile(t, root, "app/settings.py"); got != want {
		t.Errorf("written:\n%s\nwant:\n%s", got, want)
	}
}
