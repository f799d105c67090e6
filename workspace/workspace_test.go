package workspace

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// tree makes a directory tree under a fresh temp dir: names ending in /
// are directories, others files; a "git/" entry makes dir a repository.
func tree(t *testing.T, names ...string) string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		p := filepath.Join(dir, filepath.FromSlash(n))
		if n[len(n)-1] == '/' {
			err = os.MkdirAll(p, 0o755)
		} else if err = os.MkdirAll(filepath.Dir(p), 0o755); err == nil {
			err = os.WriteFile(p, []byte("version = 1\n"), 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func gitInit(t *testing.T, dir string) {
	t.Helper()
	if out, err := exec.Command("git", "init", "-q", dir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
}

// TestResolve checks that the root, the rules file and the narrowing paths
// are the same answer from anywhere in a workspace.
func TestResolve(t *testing.T) {
	repo := tree(t, "rules.toml", "infra/k8s/a.yaml", "docs/b.md", "docs/rules.toml", "rules/fleet.toml")
	gitInit(t, filepath.Join(repo))
	plain := tree(t, "proj/rules.toml", "proj/sub/c.env")
	for _, tc := range []struct {
		name        string
		dir         string
		opts        Options
		root, rules string
		paths       []string
	}{
		{"git top", repo, Options{}, ".", "rules.toml", nil},
		{"git subdirectory narrows to itself", filepath.Join(repo, "infra", "k8s"), Options{}, "../..", "../../rules.toml", []string{"infra/k8s/"}},
		{"git subdirectory with the top as PATH", filepath.Join(repo, "infra"), Options{Paths: []string{".."}}, "..", "../rules.toml", nil},
		{"a rules.toml below the top is not the one", filepath.Join(repo, "docs"), Options{}, "..", "../rules.toml", []string{"docs/"}},
		{"the top as one PATH of several", filepath.Join(repo, "docs"), Options{Paths: []string{"b.md", ".."}}, "..", "../rules.toml", nil},
		{"file and directory arguments", repo, Options{Paths: []string{"docs/b.md", "infra"}}, ".", "rules.toml", []string{"docs/b.md", "infra/"}},
		{"the same from a subdirectory", filepath.Join(repo, "docs"), Options{Paths: []string{"b.md", "../infra/"}}, "..", "../rules.toml", []string{"docs/b.md", "infra/"}},
		{"rules elsewhere", filepath.Join(repo, "docs"), Options{Rules: filepath.Join(repo, "rules", "fleet.toml")}, "..", filepath.Join(repo, "rules", "fleet.toml"), []string{"docs/"}},
		{"--root", repo, Options{Root: "infra"}, "infra", "rules.toml", nil},
		{"outside git: the rules file's directory", filepath.Join(plain, "proj", "sub"), Options{}, "..", "../rules.toml", []string{"sub/"}},
		{"outside git with --rules: the working directory", filepath.Join(plain, "proj", "sub"), Options{Rules: "../rules.toml"}, ".", "../rules.toml", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Dir = tc.dir
			w, err := Resolve(context.Background(), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if w.Root != tc.root || w.Rules != tc.rules || !slices.Equal(w.Paths, tc.paths) {
				t.Errorf("root %q rules %q paths %q, want %q %q %q", w.Root, w.Rules, w.Paths, tc.root, tc.rules, tc.paths)
			}
		})
	}
}

// TestPaths checks how a path relative to the root is shown: relative to
// the working directory for people, to the repository top for tools.
func TestPaths(t *testing.T) {
	repo := tree(t, "rules.toml", "svc/app/x.env")
	gitInit(t, repo)
	w, err := Resolve(context.Background(), Options{Dir: filepath.Join(repo, "svc", "app")})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Display("svc/x.env"); got != "../x.env" {
		t.Errorf("Display = %q, want ../x.env", got)
	}
	if got := w.RepoPath("svc/x.env"); got != "svc/x.env" {
		t.Errorf("RepoPath = %q, want svc/x.env", got)
	}
	if !w.AtOrAbove() {
		t.Error("the top is above svc/app")
	}
	w, err = Resolve(context.Background(), Options{Dir: repo, Root: "svc"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := w.RepoPath("app/x.env"), "svc/app/x.env"; got != want {
		t.Errorf("RepoPath under --root svc = %q, want %q", got, want)
	}
	if got, want := w.Display("app/x.env"), "svc/app/x.env"; got != want {
		t.Errorf("Display under --root svc = %q, want %q", got, want)
	}
	if w.AtOrAbove() {
		t.Error("--root svc is below the working directory")
	}
}

// TestResolveErrors checks the typed errors a caller words.
func TestResolveErrors(t *testing.T) {
	repo := tree(t, "rules.toml", "a.txt")
	gitInit(t, repo)
	other := tree(t, "b.txt")
	ctx := context.Background()
	var oe *OutsideError
	if _, err := Resolve(ctx, Options{Dir: repo, Paths: []string{filepath.Join(other, "b.txt")}}); !errors.As(err, &oe) {
		t.Errorf("a PATH in another tree: %v, want an OutsideError", err)
	}
	var pe *PathError
	if _, err := Resolve(ctx, Options{Dir: repo, Paths: []string{"nope"}}); !errors.As(err, &pe) || pe.Path != "nope" {
		t.Errorf("a missing PATH: %v, want a PathError naming it", err)
	}
	if _, err := Resolve(ctx, Options{Dir: repo, Root: "a.txt"}); !errors.As(err, &pe) || pe.Path != "a.txt" {
		t.Errorf("--root a file: %v, want a PathError naming it", err)
	}
	var ne *NoRulesError
	if _, err := Resolve(ctx, Options{Dir: other}); !errors.As(err, &ne) || ne.Dir != "." {
		t.Errorf("no rules.toml: %v, want a NoRulesError from .", err)
	}
}

// TestResolveRulesOptional checks that a command that works without rules
// gets the same root and narrowing as with them, and no rules file.
func TestResolveRulesOptional(t *testing.T) {
	repo := tree(t, "svc/a.txt", "b.txt")
	gitInit(t, repo)
	w, err := Resolve(context.Background(), Options{Dir: filepath.Join(repo, "svc"), RulesOptional: true})
	if err != nil {
		t.Fatal(err)
	}
	if w.Rules != "" || w.Root != ".." || len(w.Paths) != 1 || w.Paths[0] != "svc/" {
		t.Errorf("without rules from svc: rules %q, root %q, paths %q; want no rules, root .., paths [svc/]", w.Rules, w.Root, w.Paths)
	}
}
