package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// completionRepo is a git repository with rules that every command can
// run on: one environment, a deprecated host and certificate names.
func completionRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"rules.toml": `version = 1
[environments.staging.endpoints]
backend = "https://api-staging.example.com"
[[deprecated]]
host = "api.staging.example.com"
replace = "api-staging.example.com"
[certificates]
names = ["*.example.com"]
`,
		"app.env": "API=https://api.staging.example.com\n",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := exec.Command("git", "init", "-q", dir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	return dir
}

// completions returns the values `__complete args...` offers.
func completions(t *testing.T, args ...string) []string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(append([]string{cobra.ShellCompRequestCmd}, args...), nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("__complete %s: exit %d\n%s", strings.Join(args, " "), code, &stderr)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		if !strings.HasPrefix(line, ":") {
			value, _, _ := strings.Cut(line, "\t")
			out = append(out, value)
		}
	}
	return out
}

// TestFormatCompletion: every command's --format completes, and each
// value it offers is one the command takes.
func TestFormatCompletion(t *testing.T) {
	dir := completionRepo(t)
	t.Chdir(dir)
	// what each command needs besides --format to run here
	extra := map[string][]string{
		"apply":        {"--yes"},
		"verify":       {"--offline"},
		"report merge": {filepath.Join(dir, "check.json")},
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--format", "json", "--output", filepath.Join(dir, "check.json")}, nil, &stdout, &stderr); code != exitFindings {
		t.Fatalf("check --format json: exit %d\n%s", code, &stderr)
	}
	seen := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		if c.LocalFlags().Lookup("format") == nil {
			return
		}
		seen++
		path := strings.Fields(strings.TrimPrefix(c.CommandPath(), "domainshift"))
		name := strings.Join(path, " ")
		values := completions(t, append(path, "--format", "")...)
		if len(values) == 0 {
			t.Errorf("%s --format completes nothing", name)
		}
		for _, v := range values {
			args := append(append(append([]string(nil), path...), "--format", v), extra[name]...)
			var stdout, stderr bytes.Buffer
			if code := run(args, nil, &stdout, &stderr); code == exitError {
				t.Errorf("%s: the completed value %q is refused: exit %d\n%s", strings.Join(args, " "), v, code, &stderr)
			}
		}
	}
	walk((&app{}).rootCommand())
	if seen < 8 {
		t.Errorf("%d commands with --format, want scan, hosts, check, diff, apply, export, verify and report merge", seen)
	}
}
