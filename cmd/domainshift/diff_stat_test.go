package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDiffStatMatchesGit: diff --stat prints what git diff --stat prints
// for the same change, once the diff is applied: name column, right-aligned
// counts, bars scaled to the width (80, or $COLUMNS), long names elided.
func TestDiffStatMatchesGit(t *testing.T) {
	long := strings.Repeat("very-long-directory-name/", 4) + "config.env"
	for _, tc := range []struct {
		name    string
		columns string
		files   map[string]int // path: lines holding a deprecated host
	}{
		{"small", "", map[string]int{"a.env": 1, "deep/dir/many.env": 12}},
		{"scaled", "", map[string]int{"a.env": 1, "b.env": 3, "big.env": 150}},
		{"long name", "", map[string]int{long: 2, "x.env": 40}},
		{"narrow", "40", map[string]int{"a.env": 1, "app/settings/staging.env": 30}},
		{"wide", "200", map[string]int{"a.env": 1, "big.env": 150}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("COLUMNS", tc.columns)
			dir := t.TempDir()
			write := func(p, content string) {
				t.Helper()
				p = filepath.Join(dir, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("rules.toml", "version = 1\n[[deprecated]]\nhost = \"api.staging.example.com\"\nreplace = \"api-staging.example.com\"\n")
			for p, n := range tc.files {
				var b strings.Builder
				for i := range n {
					b.WriteString("line\nURL" + strings.Repeat("x", i%3) + "=https://api.staging.example.com/v1\n")
				}
				write(p, b.String())
			}
			git := func(stdin []byte, args ...string) string {
				t.Helper()
				cmd := exec.Command("git", args...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+filepath.Join(dir, ".gitconfig-none"),
					"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t.invalid")
				cmd.Stdin = bytes.NewReader(stdin)
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
				}
				return string(out)
			}
			git(nil, "init", "-q")
			git(nil, "add", "-A")
			git(nil, "commit", "-qm", "init")

			t.Chdir(dir) // a repository is worked on from inside it
			run1 := func(args ...string) []byte {
				t.Helper()
				var stdout, stderr bytes.Buffer
				if code := run(args, nil, &stdout, &stderr); code != exitOK {
					t.Fatalf("%v: exit %d\n%s", args, code, &stderr)
				}
				return stdout.Bytes()
			}
			got := string(run1("diff", "--stat"))
			git(run1("diff"), "apply")
			want := git(nil, "diff", "--stat")
			if got != want {
				t.Errorf("COLUMNS=%q\ndomainshift diff --stat:\n%s\ngit diff --stat:\n%s", tc.columns, got, want)
			}
		})
	}
}
