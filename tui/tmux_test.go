package tui

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTmuxReview runs the built binary in a real terminal: tmux starts
// `domainshift review` on a fixture, the test sends keys and reads the
// screen with capture-pane, writes two of the three changes and checks the
// files and the summary printed after the program ends.
func TestTmuxReview(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux not installed: the end-to-end review test needs it (apt-get install -y tmux)")
	}
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "domainshift")
	build := exec.Command("go", "build", "-o", bin, "github.com/domainshift/domainshift/cmd/domainshift")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	root := fixture(t)
	sock := filepath.Join(t.TempDir(), "tmux.sock")
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(tmux, append([]string{"-S", sock, "-f", "/dev/null"}, args...)...)
		cmd.Env = append(os.Environ(), "LANG=C.UTF-8", "LC_ALL=C.UTF-8")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("-u", "new-session", "-d", "-s", "review", "-x", "100", "-y", "30",
		"-e", "TERM=xterm-256color", "-e", "NO_COLOR=1", "-c", root,
		bin+" review; echo EXIT=$?; sleep 60")
	t.Cleanup(func() { _ = exec.Command(tmux, "-S", sock, "kill-server").Run() })

	screen := func() string { return run("capture-pane", "-p", "-t", "review") }
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		for {
			s := screen()
			if strings.Contains(s, want) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("screen never showed %q; last screen:\n%s", want, s)
			}
			time.Sleep(20 * time.Millisecond) // polling interval, not a wait for the program
		}
	}
	keys := func(k ...string) { run(append([]string{"send-keys", "-t", "review"}, k...)...) }

	waitFor("3 files scanned")
	waitFor("app/settings.py:6:21")
	keys("y")
	waitFor("✓1")
	keys("n")
	waitFor("✗1")
	keys("j") // past the report-only finding
	waitFor("docs/setup.md:5:18")
	keys("y")
	waitFor("✓2")
	keys("w")
	waitFor("Write 2 accepted changes in 2 files?")
	keys("y")
	waitFor("Wrote 2 changes in 2 files")
	keys("q")
	waitFor("EXIT=0")
	s := screen()
	for _, want := range []string{"wrote 2 files, 2 changes", "2 accepted, 1 rejected, 0 undecided"} {
		if !strings.Contains(s, want) {
			t.Errorf("after quitting the terminal lacks %q:\n%s", want, s)
		}
	}
	if got := readFile(t, root, "app/settings.py"); !strings.Contains(got, "api-staging.example.com") {
		t.Errorf("app/settings.py not written:\n%s", got)
	}
	if got := readFile(t, root, "config/app.staging.env"); !strings.Contains(got, "API_URL=https://api.staging.example.com/v1") {
		t.Errorf("rejected change written:\n%s", got)
	}
	if got := readFile(t, root, "docs/setup.md"); !strings.Contains(got, "api-staging.example.com") {
		t.Errorf("docs/setup.md not written:\n%s", got)
	}
}
