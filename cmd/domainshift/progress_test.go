//go:build unix

package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// progressPrefix starts every drawing of the progress line, and
// progressClear erases it: back to the start of the line, erase to its end.
const (
	progressPrefix = "\rscanning: "
	progressClear  = "\r\x1b[K"
)

// TestProgressLine runs the binary in a pseudo-terminal with the
// progress delay at 0, so that every scan draws its line at once, however
// short: the line shows on a terminal's stderr and is erased before the
// report, and never shows with -q, with a machine format on stdout, on a
// dumb terminal, or when stderr is not a terminal.
func TestProgressLine(t *testing.T) {
	// testscript.Main put the test binary, as domainshift, in $PATH.
	bin, err := exec.LookPath("domainshift")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	copyTree(t, filepath.Join("..", "..", "testdata", "demo"), filepath.Join(dir, "demo"))
	copyTree(t, filepath.Join("..", "..", "rules.toml"), filepath.Join(dir, "rules.toml"))
	env := append(terminalEnv(t), progressDelayEnv+"=0")
	reports := t.TempDir()

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string // what the report says after the line is erased
	}{
		{"scan", []string{"scan", "demo"}, exitOK, "findings ("},
		{"check", []string{"check", "demo"}, exitFindings, "findings ("},
		{"hosts", []string{"hosts", "demo"}, exitOK, "HOST"},
		{"diff", []string{"diff", "demo"}, exitOK, "diff --git"},
		{"check_report_in_a_file", []string{"check", "--format", "sarif", "--output", filepath.Join(reports, "a.sarif"), "demo"}, exitFindings, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := startPty(t, bin, dir, env, tc.args...)
			code := s.wait(t, 30*time.Second)
			out := s.output()
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%q", code, tc.code, out)
			}
			last := strings.LastIndex(out, progressPrefix)
			if last < 0 {
				t.Fatalf("no progress line on the terminal:\n%q", out)
			}
			if !strings.Contains(out[last:], " files, ") || !strings.Contains(out[last:], " MB/s\x1b[K") {
				t.Errorf("progress line %q lacks the files or the rate", out[last:min(len(out), last+80)])
			}
			cleared := strings.Index(out[last:], progressClear)
			if cleared < 0 || strings.Contains(out[last+1:last+cleared], "\n") {
				t.Fatalf("the last progress line is not erased before anything else:\n%q", out[last:])
			}
			if rest := out[last+cleared+len(progressClear):]; !strings.Contains(rest, tc.want) || strings.Contains(rest, "scanning") {
				t.Errorf("after the line is erased, want the report (%q) alone:\n%q", tc.want, rest)
			}
		})
	}

	dumb := append(slices.Clone(env), "TERM=dumb") // the last one counts
	for _, tc := range []struct {
		name string
		env  []string
		args []string
	}{
		{"quiet", env, []string{"-q", "scan", "demo"}},
		{"json_on_stdout", env, []string{"scan", "--format", "json", "demo"}},
		{"check_json_on_stdout", env, []string{"check", "--format", "text", "--output", filepath.Join(reports, "b.txt"), "--format", "json", "demo"}},
		{"hosts_json", env, []string{"hosts", "--format", "json", "demo"}},
		{"dumb_terminal", dumb, []string{"scan", "demo"}},
	} {
		t.Run("none_"+tc.name, func(t *testing.T) {
			s := startPty(t, bin, dir, tc.env, tc.args...)
			s.wait(t, 30*time.Second)
			if out := s.output(); strings.Contains(out, "scanning") || strings.Contains(out, "\x1b[K") {
				t.Errorf("a progress line:\n%q", out)
			}
		})
	}

	t.Run("none_stderr_not_a_terminal", func(t *testing.T) {
		out, stderr := runStderrPipe(t, bin, dir, env, "scan", "demo")
		if !strings.Contains(out, "findings (") {
			t.Errorf("no report on the terminal:\n%q", out)
		}
		if strings.Contains(out+stderr, "scanning") || strings.Contains(out+stderr, "\x1b[K") {
			t.Errorf("a progress line with stderr a pipe:\nstdout %q\nstderr %q", out, stderr)
		}
	})
}

// runStderrPipe runs the binary with stdin and stdout on a pseudo-terminal
// and stderr on a pipe, and returns what each received.
func runStderrPipe(t *testing.T, bin, dir string, env []string, args ...string) (stdout, stderr string) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	var errBuf bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Env = dir, env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, &errBuf
	var out bytes.Buffer
	read := make(chan struct{})
	go func() {
		defer close(read)
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			out.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	werr := cmd.Wait()
	tty.Close() // the master reads EIO once the slave side is closed
	<-read
	if werr != nil {
		t.Fatalf("%v\nstdout %q\nstderr %q", werr, out.String(), errBuf.String())
	}
	return out.String(), errBuf.String()
}
