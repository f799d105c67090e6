//go:build unix

package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// terminalQueries are what a program writes to ask the terminal something
// and then wait for the answer: the foreground and background colours
// (OSC 10 and 11) and the cursor position (DSR, which termenv sends after
// OSC 11 to learn that no answer is coming).
var terminalQueries = []string{"\x1b]10;", "\x1b]11;", "\x1b[6n"}

// TestSilentTerminal runs the built binary in a pseudo-terminal that
// nobody answers, as in `docker run -t`, `script` or a CI agent's pty: no
// command that draws no UI may ask it anything, check must not hang, and
// review and apply's question must start and take keys all the same.
func TestSilentTerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "domainshift")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	copyTree(t, filepath.Join("..", "..", "testdata", "demo"), filepath.Join(dir, "demo"))
	copyTree(t, filepath.Join("..", "..", "rules.toml"), filepath.Join(dir, "rules.toml"))
	copyTree(t, filepath.Join("..", "..", "testdata", "demo"), filepath.Join(dir, "applied", "demo"))
	copyTree(t, filepath.Join("..", "..", "rules.toml"), filepath.Join(dir, "applied", "rules.toml"))
	env := terminalEnv(t)

	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"version"}, exitOK},
		{[]string{"--help"}, exitOK},
		{[]string{"check", "demo"}, exitFindings},
		{[]string{"scan", "demo"}, exitOK},
		{[]string{"hosts", "demo"}, exitOK},
		{[]string{"diff", "demo"}, exitOK},
		{[]string{"completion", "bash"}, exitOK},
		{[]string{"export", "--env", "staging", "--format", "env"}, exitOK},
		{[]string{"verify", "--offline"}, exitOK},
		{[]string{"apply", "--yes", "--root", "applied"}, exitOK}, // a copy of its own
	} {
		t.Run(strings.Join(tc.args, "_"), func(t *testing.T) {
			s := startPty(t, bin, dir, env, tc.args...)
			// A generous limit for a hang, not a timing: the stall this
			// guards against was 5 s.
			code := s.wait(t, 2*time.Second)
			out := s.output()
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%q", code, tc.code, out)
			}
			noQueries(t, out)
			if tc.args[0] == "check" && !strings.Contains(out, "\x1b[1m") {
				t.Errorf("check on a terminal with TERM=xterm-256color printed no colours:\n%q", out)
			}
		})
	}

	t.Run("apply_question", func(t *testing.T) {
		s := startPty(t, bin, dir, env, "apply", "demo")
		s.waitFor(t, "write these changes? [y/N] ")
		s.send(t, "n\r")
		if code := s.wait(t, 10*time.Second); code != exitOK {
			t.Errorf("exit %d, want 0\n%q", code, s.output())
		}
		out := s.output()
		noQueries(t, out)
		if !strings.Contains(out, "nothing written") {
			t.Errorf("after answering n: %q", out)
		}
	})

	t.Run("review_quit", func(t *testing.T) {
		s := startPty(t, bin, dir, env, "review", "demo")
		reviewQuit(t, s)
		// With colours it asks for the background, and worked on without
		// the answer.
		if !strings.Contains(s.output(), "\x1b]11;?") {
			t.Errorf("review in colour did not ask for the background colour:\n%q", s.output())
		}
	})
	t.Run("review_quit_dumb", func(t *testing.T) {
		dumb := append(slices.Clone(env), "TERM=dumb") // the last one counts
		s := startPty(t, bin, dir, dumb, "review", "demo")
		reviewQuit(t, s)
		// Without colours the background does not matter: nothing asks.
		noQueries(t, s.output())
	})
}

// reviewQuit waits for the review's screen, quits with ctrl+c and checks
// the summary it prints after the program ends.
func reviewQuit(t *testing.T, s *ptySession) {
	t.Helper()
	// The UI may ask for the background colour, but must not wait for
	// the answer: it draws and takes keys on a terminal that never
	// gives one.
	s.waitFor(t, "domainshift review")
	s.send(t, "\x03") // ctrl+c: quit at once
	if code := s.wait(t, 10*time.Second); code != exitOK {
		t.Errorf("exit %d, want 0\n%q", code, s.output())
	}
	if out := s.output(); !strings.Contains(out, "0 accepted, 0 rejected") {
		t.Errorf("no summary after quitting:\n%q", out)
	}
}

// terminalEnv is the environment of a colour terminal outside tmux, with
// no colour settings of the caller's and the state under a temp dir.
func terminalEnv(t *testing.T) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "TERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLORTERM", "COLORFGBG", "TMUX", "STY", "XDG_STATE_HOME", "HOME":
			continue
		}
		env = append(env, kv)
	}
	home := t.TempDir()
	return append(env, "TERM=xterm-256color", "LANG=C.UTF-8", "HOME="+home, "XDG_STATE_HOME="+filepath.Join(home, "state"))
}

func noQueries(t *testing.T, out string) {
	t.Helper()
	for _, q := range terminalQueries {
		if strings.Contains(out, q) {
			t.Errorf("wrote the terminal query %q:\n%q", q, out)
		}
	}
}

// ptySession is the binary running on the slave side of a pty; the test
// holds the master, reads everything written to it and answers nothing.
type ptySession struct {
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	read chan struct{} // closed when the master reads EOF or EIO
	done chan error
}

func startPty(t *testing.T, bin, dir string, env []string, args ...string) *ptySession {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, env
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
	if err != nil {
		t.Fatal(err)
	}
	s := &ptySession{cmd: cmd, tty: tty, read: make(chan struct{}), done: make(chan error, 1)}
	go func() {
		defer close(s.read)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			s.mu.Lock()
			s.out.Write(buf[:n])
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = tty.Close()
	})
	return s
}

// wait returns the exit code, failing the test if the command has not
// ended within limit.
func (s *ptySession) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	var err error
	select {
	case err = <-s.done:
	case <-time.After(limit):
		_ = s.cmd.Process.Kill()
		t.Fatalf("%s has not exited after %s; output so far:\n%q", strings.Join(s.cmd.Args, " "), limit, s.output())
	}
	select { // the rest of the output, once the slave side is closed
	case <-s.read:
	case <-time.After(5 * time.Second):
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	}
	t.Fatal(err)
	return -1
}

// waitFor waits until the output contains want.
func (s *ptySession) waitFor(t *testing.T, want string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(s.output(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("output never showed %q:\n%q", want, s.output())
		}
		time.Sleep(10 * time.Millisecond) // polling interval, not a wait for the program
	}
}

func (s *ptySession) send(t *testing.T, keys string) {
	t.Helper()
	if _, err := io.WriteString(s.tty, keys); err != nil {
		t.Fatal(err)
	}
}

func (s *ptySession) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.String()
}
