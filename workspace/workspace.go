// Package workspace decides what one run of domainshift works on: the root
// that every path in findings, baselines and rules globs is relative to,
// the rules file, and the paths that narrow the scan. The answer is the
// same from any directory of a repository and with any PATH arguments, so
// an allow entry or a baseline means the same thing in a hook that runs in
// a subdirectory as in CI at the top.
package workspace

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/domainshift/domainshift/scanner"
)

// RulesName is the file name of the rules file looked for when none is given.
const RulesName = "rules.toml"

// Options are what the command line says about the workspace.
type Options struct {
	Dir   string   // the working directory; "" is os.Getwd
	Root  string   // --root: the root, overriding the search; "" to find it
	Rules string   // --rules or DOMAINSHIFT_RULES; "" to find rules.toml
	Paths []string // PATH arguments, files or directories, relative to Dir or absolute

	// RulesOptional lets Resolve succeed when no rules file is found:
	// Rules is then "", for a command that works without rules.
	RulesOptional bool
}

// Workspace is the resolved answer.
type Workspace struct {
	// Root is the directory paths are relative to, written relative to
	// Dir when it is Dir, under it or above it ("../.."), else absolute.
	Root string
	// Top is the absolute top of the git work tree that holds Root, ""
	// outside git. Machine-read reports name files relative to it.
	Top string
	// Rules is the rules file, as given or found: relative to Dir when it
	// lies under Dir, else absolute.
	Rules string
	// Paths narrow the scan: slash-separated, relative to Root, a
	// directory with a trailing slash. Nil: the whole root.
	Paths []string

	dir     string // absolute working directory, symlinks resolved
	rootAbs string // absolute root, symlinks resolved
}

// PathError is a PATH argument that does not exist or cannot be used.
type PathError struct {
	Path string
	Err  error
}

func (e *PathError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }
func (e *PathError) Unwrap() error { return e.Err }

// OutsideError is a PATH argument that is not under the root.
type OutsideError struct {
	Path, Root string
}

func (e *OutsideError) Error() string {
	return fmt.Sprintf("%s is outside the root %s", e.Path, e.Root)
}

// NestedError is a PATH argument inside a repository of its own below the
// root (an untracked nested repository, a submodule): the root's scan
// leaves such a repository out, so the argument would select nothing.
type NestedError struct {
	Path string // the argument
	Top  bool   // the argument is the nested repository's top
	Repo string // the nested repository's directory, relative to the root
	Root string
}

func (e *NestedError) Error() string {
	root := e.Root
	if root == "." {
		root = "the current directory"
	}
	if e.Top {
		return fmt.Sprintf("%s is a repository of its own, which a scan of %s leaves out", e.Path, root)
	}
	return fmt.Sprintf("%s is inside %s, a repository of its own, which a scan of %s leaves out", e.Path, e.Repo, root)
}

// NoRulesError says that no rules file was found from Dir upward.
type NoRulesError struct {
	Dir string // where the search started, as the user would write it
}

func (e *NoRulesError) Error() string {
	return fmt.Sprintf("no %s found in %s or any parent directory", RulesName, e.Dir)
}

// Resolve finds the workspace for opts. The root is, in this order: Root
// when given; the top of the git work tree that holds the working
// directory; the directory of the rules file found from the working
// directory upward; the working directory. Without Rules, the rules file
// is the first rules.toml from the root upward (outside git and without
// Root, from the working directory upward), so that every directory of a
// repository finds the same one; it may lie above the root, and its globs
// are relative to the root all the same, which lets one rules file serve
// many repositories. With no PATH arguments a run from below the root is
// narrowed to the working directory, as git grep and rg do.
func Resolve(ctx context.Context, opts Options) (*Workspace, error) {
	dir := opts.Dir
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, err
		}
		dir = wd
	}
	dir, err := realDir(dir)
	if err != nil {
		return nil, err
	}
	w := &Workspace{dir: dir, Rules: opts.Rules}

	if opts.Root != "" {
		if w.rootAbs, err = w.rootFlag(opts.Root); err != nil {
			return nil, err
		}
		w.Top, _ = scanner.GitTop(ctx, w.rootAbs)
	} else {
		w.Top, _ = scanner.GitTop(ctx, dir)
		w.rootAbs = w.Top
	}
	found := ""
	if w.Rules == "" {
		from := cmp.Or(w.rootAbs, dir)
		found, err = findRules(from)
		switch {
		case err != nil && !opts.RulesOptional:
			return nil, &NoRulesError{Dir: w.show(from)}
		case err == nil && w.rootAbs == "":
			w.rootAbs = filepath.Dir(found) // outside git
		}
	}
	w.rootAbs = cmp.Or(w.rootAbs, dir) // outside git, rules given
	if found != "" {
		w.Rules = w.showFile(found)
	}
	w.Root = w.show(w.rootAbs)
	return w, w.narrow(opts.Paths)
}

// rootFlag checks the --root directory and returns its absolute path.
func (w *Workspace) rootFlag(root string) (string, error) {
	st, err := os.Stat(w.abs(root))
	if err != nil {
		return "", pathError(root, err)
	}
	if !st.IsDir() {
		return "", &PathError{Path: root, Err: errors.New("not a directory")}
	}
	return realDir(w.abs(root))
}

// narrow sets Paths from the PATH arguments.
func (w *Workspace) narrow(args []string) error {
	if len(args) == 0 {
		if rel, ok := w.rel(w.dir); ok && rel != "." {
			w.Paths = []string{rel + "/"}
		}
		return nil
	}
	var narrow []string
	whole := false
	for _, p := range args {
		abs := w.abs(p)
		st, err := os.Stat(abs)
		if err != nil {
			return pathError(p, err)
		}
		// Resolve symlinks in the directories above the argument, as the
		// root's are, but not the argument itself: a symlinked file is
		// named by its own path (and then skipped, as every symlink is).
		if parent, err := realDir(filepath.Dir(abs)); err == nil {
			abs = filepath.Join(parent, filepath.Base(abs))
		}
		if st.IsDir() {
			if real, err := realDir(abs); err == nil {
				abs = real
			}
		}
		rel, ok := w.rel(abs)
		if !ok {
			return &OutsideError{Path: p, Root: w.Root}
		}
		if rel == "." {
			whole = true // the whole root: nothing narrows
			continue
		}
		if repo, ok := w.nestedRepo(rel, st.IsDir()); ok {
			return &NestedError{Path: p, Top: repo == filepath.ToSlash(rel), Repo: repo, Root: w.Root}
		}
		if st.IsDir() {
			rel += "/"
		}
		narrow = append(narrow, rel)
	}
	if !whole {
		w.Paths = narrow
	}
	return nil
}

// nestedRepo returns the directory of the repository of its own, below the
// root, that holds rel (a path relative to the root; dir when it is a
// directory, which then may be that repository's top): the first
// directory on the way down with a .git entry.
func (w *Workspace) nestedRepo(rel string, dir bool) (string, bool) {
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if !dir {
		parts = parts[:len(parts)-1]
	}
	for i := range parts {
		d := strings.Join(parts[:i+1], "/")
		if _, err := os.Lstat(filepath.Join(w.rootAbs, filepath.FromSlash(d), ".git")); err == nil {
			return d, true
		}
	}
	return "", false
}

// Display returns p, a path relative to the root, as a path relative to
// the working directory, the way rg and git grep print paths: it opens
// from where the command ran.
func (w *Workspace) Display(p string) string {
	if w.rootAbs == w.dir || w.rootAbs == "" {
		return p
	}
	abs := filepath.Join(w.rootAbs, filepath.FromSlash(p))
	rel, err := filepath.Rel(w.dir, abs)
	if err != nil {
		return p
	}
	return filepath.ToSlash(rel)
}

// RepoPath returns p, a path relative to the root, relative to the top of
// the git work tree instead: what GitHub, GitLab and editors resolve. It
// is p itself when the root is the top or outside git.
func (w *Workspace) RepoPath(p string) string {
	return w.RepoPrefix() + p
}

// RepoPrefix is the path of the root below the top of its git work tree,
// slash-separated with a trailing slash, or "" when the root is the top or
// not in a repository.
func (w *Workspace) RepoPrefix() string {
	if w.Top == "" {
		return ""
	}
	rel, err := filepath.Rel(w.Top, w.rootAbs)
	if err != nil || rel == "." || !filepath.IsLocal(rel) {
		return ""
	}
	return filepath.ToSlash(rel) + "/"
}

// RootAbs returns the absolute root, symlinks resolved.
func (w *Workspace) RootAbs() string { return w.rootAbs }

// AtOrAbove reports whether the root is the working directory or one of
// its parents, where the files domainshift keeps under the root are found
// from the working directory.
func (w *Workspace) AtOrAbove() bool {
	_, ok := w.rel(w.dir)
	return ok
}

// rel returns abs relative to the root, slash-separated, and whether it
// lies under the root at all.
func (w *Workspace) rel(abs string) (string, bool) {
	rel, err := filepath.Rel(w.rootAbs, abs)
	if err != nil || rel != "." && !filepath.IsLocal(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// abs returns p, relative to the working directory or absolute, as an
// absolute path.
func (w *Workspace) abs(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(w.dir, p)
}

// show writes an absolute path for messages and for the file system calls
// that follow: relative to the working directory when it is there or
// above it, else absolute.
func (w *Workspace) show(abs string) string {
	rel, err := filepath.Rel(w.dir, abs)
	if err != nil {
		return abs
	}
	if rel == "." || filepath.IsLocal(rel) {
		return rel
	}
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if part != ".." {
			return abs
		}
	}
	return rel
}

// showFile writes the absolute path of a file for messages: relative to
// the working directory when the file is inside the root ("../rules.toml"
// from a subdirectory: it opens from there), else as show does.
func (w *Workspace) showFile(abs string) string {
	if _, ok := w.rel(abs); ok {
		if rel, err := filepath.Rel(w.dir, abs); err == nil {
			return rel
		}
	}
	return w.show(abs)
}

// findRules returns the first rules.toml from dir upward.
func findRules(dir string) (string, error) {
	for d := dir; ; {
		p := filepath.Join(d, RulesName)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fs.ErrNotExist
		}
		d = parent
	}
}

// realDir returns the absolute form of dir with symlinks resolved, as git
// reports its top, so that paths compare.
func realDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	}
	return abs, nil
}

// pathError is a PathError for p from the error of os.Stat, which names
// the path already.
func pathError(p string, err error) error {
	if inner := errors.Unwrap(err); inner != nil {
		err = inner
	}
	return &PathError{Path: p, Err: err}
}
