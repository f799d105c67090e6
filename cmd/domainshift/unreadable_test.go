package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestCheckUnreadableFile runs the real binary on a tree with a file it may
// not read: the check is incomplete, exits 2 and names the file. As root
// every file is readable, so the binary then runs as the unprivileged user
// nobody.
func TestCheckUnreadableFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "domainshift")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	root := filepath.Join(dir, "repo")
	files := map[string]string{
		"rules.toml": "version = 1\n[[deprecated]]\nhost = \"api.staging.example.com\"\nreplace = \"api-staging.example.com\"\n",
		"ok.py":      "URL = 'https://api-staging.example.com'\n",
		"secret.env": "API=api.staging.example.com\n",
	}
	for name, content := range files {
		if err := os.MkdirAll(root, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(filepath.Join(root, "secret.env"), 0); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "check")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "PATH=/usr/bin:/bin")
	if os.Geteuid() == 0 {
		// nobody must be able to reach the tree and run the binary
		for d := dir; d != filepath.Dir(d) && d != os.TempDir(); d = filepath.Dir(d) {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		cmd.SysProcAttr = asNobody(0)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := cmd.ProcessState.ExitCode()
	if code != exitError {
		t.Fatalf("exit %d (%v), want 2\nstdout:\n%s\nstderr:\n%s", code, err, stdout.String(), stderr.String())
	}
	want := "domainshift: scan incomplete: 1 file could not be read\ndomainshift: secret.env: open: permission denied\nhint: fix the permissions or exclude these files with --exclude or [scan] exclude\n"
	if stderr.String() != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), want)
	}
	if !strings.Contains(stdout.String(), "no findings; 1 file scanned") {
		t.Errorf("stdout does not report the readable file: %s", stdout.String())
	}

	// An unreadable directory (outside git the tree is walked) is named too.
	locked := filepath.Join(root, "locked")
	if err := os.Mkdir(locked, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(locked, "x.env"), []byte("api.staging.example.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(bin, "check")
	cmd.Dir = root
	cmd.Env, cmd.SysProcAttr = append(os.Environ(), "NO_COLOR=1"), asNobody(os.Geteuid())
	stdout.Reset()
	stderr.Reset()
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	_ = cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != exitError || !strings.Contains(stderr.String(), "locked/: permission denied") {
		t.Errorf("unreadable directory: exit %d, stderr:\n%s", code, stderr.String())
	}
}

// asNobody makes a command run as the user nobody when the test runs as
// root, for whom every file is readable.
func asNobody(euid int) *syscall.SysProcAttr {
	if euid != 0 {
		return nil
	}
	return &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}
