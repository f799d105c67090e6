package scanner

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/domainshift/domainshift/internal/testfs"
)

// writeFiles creates the files (slash paths relative to dir) with the given
// contents, making parent directories as needed.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	testfs.Write(t, dir, files)
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlinks unsupported: %v", err)
	}
}

// isolateGit keeps the user's and the system's git configuration (global
// excludes in particular) away from git commands that listFiles runs.
func isolateGit(t *testing.T) {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, "gitconfig"))
	for _, v := range []string{"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CEILING_DIRECTORIES"} {
		t.Setenv(v, "")
		os.Unsetenv(v)
	}
}

// gitFixture builds a repository exercising every rule of git mode and
// returns its directory.
func gitFixture(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	isolateGit(t)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".gitignore":               "*.log\nbuild/\n",
		"tracked.log":              "tracked although ignored\n",
		"deleted.txt":              "deleted from the work tree\n",
		".env.staging":             "API=https://api.staging.example.com\n",
		".github/workflows/ci.yml": "on: push\n",
		"sub/.gitignore":           "*.tmp\n",
		"sub/a.txt":                "tracked in sub\n",
		"dir/naïve file.txt":       "a name git would quote\n",
		"linked/f.txt":             "tracked, then its directory becomes a symlink\n",
		"lib/README":               "a submodule\n",
	})
	runGit(t, filepath.Join(dir, "lib"), "init", "-q")
	runGit(t, filepath.Join(dir, "lib"), "add", ".")
	runGit(t, filepath.Join(dir, "lib"), "commit", "-q", "-m", "lib")
	symlink(t, "sub/a.txt", filepath.Join(dir, "tracked-link"))
	runGit(t, dir, "init", "-q")
	runGit(t, dir, "-c", "advice.addEmbeddedRepo=false", "add", ".")
	runGit(t, dir, "add", "-f", "tracked.log")
	runGit(t, dir, "commit", "-q", "-m", "init")
	if out := runGit(t, dir, "ls-files", "-s", "lib"); !strings.HasPrefix(out, "160000") {
		t.Fatalf("lib is not a gitlink: %q", out)
	}

	if err := os.Remove(filepath.Join(dir, "deleted.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "linked")); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{
		"real2/f.txt":   "untracked, reached through the symlink linked/ too\n",
		"untracked.txt": "untracked, not ignored\n",
		"ignored.log":   "untracked and ignored\n",
		"build/out.txt": "untracked in an ignored directory\n",
		"sub/b.txt":     "untracked in sub\n",
		"sub/x.tmp":     "ignored by sub/.gitignore\n",
		"nested/README": "an untracked nested repository\n",
	})
	runGit(t, filepath.Join(dir, "nested"), "init", "-q")
	symlink(t, "real2", filepath.Join(dir, "linked"))
	symlink(t, "untracked.txt", filepath.Join(dir, "untracked-link"))
	return dir
}

func TestListFilesGit(t *testing.T) {
	dir := gitFixture(t)
	for _, c := range []struct {
		root string
		want []string
	}{
		{dir, []string{
			".env.staging", ".github/workflows/ci.yml", ".gitignore", "dir/naïve file.txt", "real2/f.txt",
			"sub/.gitignore", "sub/a.txt", "sub/b.txt", "tracked.log", "untracked.txt",
		}},
		{filepath.Join(dir, "sub"), []string{".gitignore", "a.txt", "b.txt"}},
		{filepath.Join(dir, ".github"), []string{"workflows/ci.yml"}},
	} {
		got, err := listFiles(context.Background(), c.root)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("listFiles(%s) (- want, + got):\n%s", c.root, diffLists(c.want, got))
		}
	}
}

// TestListFilesWithoutGit: with no git binary on PATH a repository is
// walked, so the ignore files decide even for tracked files.
func TestListFilesWithoutGit(t *testing.T) {
	dir := gitFixture(t)
	t.Setenv("PATH", t.TempDir())
	got, err := listFiles(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		".env.staging", ".github/workflows/ci.yml", ".gitignore", "dir/naïve file.txt", "real2/f.txt",
		"sub/.gitignore", "sub/a.txt", "sub/b.txt", "untracked.txt",
	}
	if !slices.Equal(got, want) {
		t.Errorf("(- want, + got):\n%s", diffLists(want, got))
	}
}

func TestListFilesGitError(t *testing.T) {
	dir := gitFixture(t)
	if err := os.WriteFile(filepath.Join(dir, ".git", "index"), []byte("not an index"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := gitFiles(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), "git ls-files") || !strings.Contains(err.Error(), "index") {
		t.Errorf("gitFiles with a corrupt index: err = %v, want git's message", err)
	}
}

func TestWalkFiles(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".git":                     "gitdir: /nonexistent/worktree\n", // a worktree's .git file
		".gitignore":               "*.log\nsecret*\n",
		".ignore":                  "!keep.log\nlocal.txt\n",
		"keep.log":                 "re-included by .ignore\n",
		"other.log":                "ignored by .gitignore\n",
		"local.txt":                "ignored by .ignore\n",
		"secret.txt":               "ignored\n",
		"sub/.ignore":              "!secret.txt\n",
		"sub/secret.txt":           "re-included by a deeper .ignore\n",
		"sub/.gitignore":           "!local.txt\n",
		"sub/local.txt":            "the deeper .gitignore outranks the root .ignore\n",
		".env.staging":             "hidden file\n",
		".github/workflows/ci.yml": "hidden directory\n",
		"nested/.git/HEAD":         "a nested repository\n",
		"nested/code.go":           "inside the nested repository\n",
		"wt/.git":                  "gitdir: elsewhere\n",
		"wt/code.go":               "inside a nested worktree\n",
		"real/r.txt":               "reached directly, not through the link\n",
	})
	symlink(t, "real", filepath.Join(dir, "dirlink"))
	symlink(t, "real/r.txt", filepath.Join(dir, "filelink"))
	symlink(t, "missing", filepath.Join(dir, "dangling"))
	got, err := walkFiles(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		".env.staging", ".github/workflows/ci.yml", ".gitignore", ".ignore", "keep.log", "real/r.txt",
		"sub/.gitignore", "sub/.ignore", "sub/local.txt", "sub/secret.txt",
	}
	if !slices.Equal(got, want) {
		t.Errorf("(- want, + got):\n%s", diffLists(want, got))
	}
}

// TestWalkFilesInsideRepo: a walk rooted below the top of a repository
// applies the top's .git/info/exclude and the ignore files above the root,
// anchored where they live.
func TestWalkFilesInsideRepo(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		".git/info/exclude":  "excluded.txt\n",
		".gitignore":         "*.gen\n/a/b/skipme/\n/a/b/ignored/\n",
		"a/.gitignore":       "!keep.gen\n",
		"a/b/x.gen":          "ignored from the top\n",
		"a/b/keep.gen":       "re-included from a/\n",
		"a/b/excluded.txt":   "info/exclude\n",
		"a/b/skipme/f.txt":   "pruned by an anchored pattern above the root\n",
		"a/b/c/skipme/f.txt": "not anchored here\n",
		"a/b/ignored/f.txt":  "the root itself is ignored\n",
	})
	got, err := walkFiles(context.Background(), filepath.Join(dir, "a", "b"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"c/skipme/f.txt", "keep.gen"}
	if !slices.Equal(got, want) {
		t.Errorf("(- want, + got):\n%s", diffLists(want, got))
	}
	got, err = walkFiles(context.Background(), filepath.Join(dir, "a", "b", "ignored"))
	if err != nil || len(got) != 0 {
		t.Errorf("walk of an ignored root = %q, %v; want nothing", got, err)
	}
}

func TestWalkFilesUnreadableDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can read every directory")
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"ok.txt": "", "sub/locked/f.txt": ""})
	locked := filepath.Join(dir, "sub", "locked")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(locked, 0o755) })
	_, err := walkFiles(context.Background(), dir)
	if err == nil || !errors.Is(err, fs.ErrPermission) || !strings.Contains(err.Error(), "read dir sub/locked/: ") {
		t.Errorf("err = %v, want a permission error naming sub/locked/", err)
	}
}

func TestWalkFilesCanceled(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a/b.txt": ""})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := walkFiles(ctx, dir); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestScanGitThroughNoSymlink: a tracked file whose directory has become a
// symlink is not read through it, whether openat2 refuses the path or the
// directories are checked first; the scan reads what listFiles lists.
func TestScanGitThroughNoSymlink(t *testing.T) {
	dir := gitFixture(t)
	writeFiles(t, dir, map[string]string{"real2/f.txt": "url = 'https://api.staging.example.com'\n"})
	listed, err := listFiles(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, withOpenat2 := range []bool{true, false} {
		if !withOpenat2 {
			saved := openat2Works
			openat2Works = func() bool { return false }
			t.Cleanup(func() { openat2Works = saved })
		} else if !openat2Works() {
			t.Log("no openat2 here: both rounds check the directories first")
		}
		res, err := Scan(context.Background(), mustRules(t, testRules), Options{Root: dir})
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for _, f := range res.Files {
			found = append(found, f.Path)
		}
		if want := []string{".env.staging", "real2/f.txt"}; !slices.Equal(found, want) {
			t.Errorf("openat2 %v: findings in %q, want only %q", withOpenat2, found, want)
		}
		if res.Stats.Files != len(listed) {
			t.Errorf("openat2 %v: %d files scanned, listFiles lists %d", withOpenat2, res.Stats.Files, len(listed))
		}
	}
}
