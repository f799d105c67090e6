package main

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestIntegrationCommandLines runs every `domainshift check` and `domainshift
// export` command line of the files users copy into their CI (docs/ci.md's
// code blocks, action.yml, .pre-commit-hooks.yaml) in a small git repository
// with a finding, and fails on exit 2: a flag that does not exist, a
// --format/--output mismatch, a directory that is not created. Shell
// variables are dropped and --since gets a revision the repository has.
func TestIntegrationCommandLines(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	var lines []string
	for _, name := range []string{"docs/ci.md", "action.yml", ".pre-commit-hooks.yaml"} {
		data, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		if name == "docs/ci.md" {
			var blocks []string
			for i, part := range strings.Split(text, "```") {
				if i%2 == 1 {
					blocks = append(blocks, part)
				}
			}
			text = strings.Join(blocks, "\n")
		}
		text = strings.ReplaceAll(text, "\\\n", " ")
		for _, m := range regexp.MustCompile(`(?m)(?:^|[\s:])domainshift ((?:check|export)(?:[ \t]+(?:-|"\$|\$)[^\n|;&#]*)?)[ \t]*(?:$|\|\||[;&#])`).FindAllStringSubmatch(text, -1) {
			lines = append(lines, name+": "+strings.TrimSpace(m[1]))
		}
	}
	t.Logf("command lines: %q", lines)
	if len(lines) < 5 {
		t.Fatalf("found only %d command lines: %q", len(lines), lines)
	}

	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("rules.toml", "version = 1\n[environments.staging.endpoints]\nbackend = \"https://api-staging.example.com\"\n[[deprecated]]\nhost = \"api.staging.example.com\"\nreplace = \"api-staging.example.com\"\n")
	write("app.py", "URL = 'https://api.staging.example.com'\n")
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"-c", "user.name=t", "-c", "user.email=t@t.invalid", "commit", "-qm", "init"}} {
		if out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	t.Chdir(dir)
	for _, line := range lines {
		_, cmdline, _ := strings.Cut(line, ": ")
		var args []string
		for _, f := range strings.Fields(cmdline) {
			f = strings.Trim(f, `"'`)
			if strings.HasPrefix(f, "$") || f == "" {
				continue // shell variables: the action's args, "$@"
			}
			args = append(args, f)
		}
		for i := range args {
			if i > 0 && args[i-1] == "--since" {
				args[i] = "HEAD"
			}
		}
		if len(args) > 1 && args[len(args)-2] == "--since" && args[len(args)-1] != "HEAD" {
			args[len(args)-1] = "HEAD"
		}
		var stderr strings.Builder
		code := run(args, strings.NewReader(""), io.Discard, &stderr)
		if code == 2 {
			t.Errorf("%s\n  ran domainshift %s: exit 2\n%s", line, strings.Join(args, " "), stderr.String())
		}
	}
}
