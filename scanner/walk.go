package scanner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// walker lists the regular files under a root outside git, honouring
// .gitignore and .ignore files at every level and .git/info/exclude. It
// reads directories in parallel with a bounded number of goroutines.
type walker struct {
	ctx    context.Context
	root   string // the walk root as an OS path
	prefix string // the root relative to the top of its repository: "" or "dir/sub/"
	sem    chan struct{}
	wg     sync.WaitGroup

	mu    sync.Mutex
	files []string
	errs  []pathError
}

// pathError is an error about one path relative to the root, kept for
// sorting so that the reported errors do not depend on scheduling.
type pathError struct {
	path string
	err  error
}

// walkFiles lists the slash paths, relative to root, of the regular files a
// gitignore-aware walk keeps, sorted. If root is inside a directory that has
// a .git entry, ignore files from that top down to root apply as well.
func walkFiles(ctx context.Context, root string) ([]string, error) {
	w := &walker{
		ctx:  ctx,
		root: root,
		sem:  make(chan struct{}, 4*runtime.GOMAXPROCS(0)),
	}
	stack, excluded, err := w.parentIgnores()
	if err != nil {
		return nil, err
	}
	if excluded {
		return []string{}, nil
	}
	w.walkDir("", stack)
	w.wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(w.errs) > 0 {
		slices.SortFunc(w.errs, func(a, b pathError) int { return strings.Compare(a.path, b.path) })
		errs := make([]error, len(w.errs))
		for i, e := range w.errs {
			errs[i] = e.err
		}
		return nil, errors.Join(errs...)
	}
	slices.Sort(w.files)
	return w.files, nil
}

// parentIgnores finds the repository top above root (the nearest directory
// with a .git entry) and returns the ignore rules that apply to root from
// .git/info/exclude and the ignore files of root's ancestors up to that top.
// excluded reports that root itself lies in an ignored directory.
func (w *walker) parentIgnores() (stack *ignoreStack, excluded bool, err error) {
	abs, err := filepath.Abs(w.root)
	if err != nil {
		return nil, false, err
	}
	top := abs
	for {
		if _, err := os.Lstat(filepath.Join(top, ".git")); err == nil {
			break
		}
		parent := filepath.Dir(top)
		if parent == top {
			return nil, false, nil // no repository: the root is the top
		}
		top = parent
	}
	if fi, err := os.Lstat(filepath.Join(top, ".git", "info", "exclude")); err == nil && fi.Mode().IsRegular() {
		data, err := os.ReadFile(filepath.Join(top, ".git", "info", "exclude"))
		if err != nil {
			return nil, false, err // an *fs.PathError naming the file
		}
		stack = stack.push(parseIgnoreFile("", data))
	}
	if top == abs {
		return stack, false, nil
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil {
		return nil, false, err
	}
	dir, base := top, ""
	for _, elem := range strings.Split(filepath.ToSlash(rel), "/") {
		if stack, err = pushIgnoreFiles(stack, dir, base, nil); err != nil {
			return nil, false, err // an *fs.PathError naming the file
		}
		dir, base = filepath.Join(dir, elem), base+elem+"/"
		if stack.ignored(strings.TrimSuffix(base, "/"), true) {
			return nil, true, nil
		}
	}
	w.prefix = base
	return stack, false, nil
}

// pushIgnoreFiles adds the .gitignore and then the .ignore file of dir
// (whose slash path relative to the top is base) to stack, so that .ignore
// takes precedence within a directory. entries, when not nil, is dir's
// listing and saves the lookups. Symlinked ignore files are not followed,
// as git does not follow them either. A read error is an *fs.PathError.
func pushIgnoreFiles(stack *ignoreStack, dir, base string, entries []fs.DirEntry) (*ignoreStack, error) {
	for _, name := range [...]string{".gitignore", ".ignore"} {
		if entries != nil {
			i := slices.IndexFunc(entries, func(e fs.DirEntry) bool { return e.Name() == name })
			if i < 0 || !entries[i].Type().IsRegular() {
				continue
			}
		} else if fi, err := os.Lstat(filepath.Join(dir, name)); err != nil || !fi.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return stack, err
		}
		stack = stack.push(parseIgnoreFile(base, data))
	}
	return stack, nil
}

// walkDir lists the directory rel (relative to the root, "" or
// slash-terminated) and hands its subdirectories to new goroutines while
// the bound allows, walking them inline otherwise.
func (w *walker) walkDir(rel string, stack *ignoreStack) {
	if w.ctx.Err() != nil {
		return
	}
	entries, err := os.ReadDir(filepath.Join(w.root, filepath.FromSlash(rel)))
	if err != nil {
		w.fail(rel, "read dir", err)
		return
	}
	if rel != "" && slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return e.Name() == ".git" }) {
		return // a nested repository: not ours to scan
	}
	stack, err = pushIgnoreFiles(stack, filepath.Join(w.root, filepath.FromSlash(rel)), w.prefix+rel, entries)
	if err != nil {
		if pe, ok := errors.AsType[*fs.PathError](err); ok {
			w.fail(rel+filepath.Base(pe.Path), "read", err)
		} else {
			w.fail(rel, "read ignore files in", err)
		}
		return
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		p := rel + name
		switch t := e.Type(); {
		case name == ".git", t&fs.ModeSymlink != 0:
			// never descend into .git, never follow symlinks
		case t.IsDir():
			if !stack.ignored(w.prefix+p, true) {
				w.spawn(p+"/", stack)
			}
		case t.IsRegular():
			if !stack.ignored(w.prefix+p, false) {
				files = append(files, p)
			}
		}
	}
	w.mu.Lock()
	w.files = append(w.files, files...)
	w.mu.Unlock()
}

// spawn walks rel in a new goroutine if one is free, else in this one.
func (w *walker) spawn(rel string, stack *ignoreStack) {
	select {
	case w.sem <- struct{}{}:
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			defer func() { <-w.sem }()
			w.walkDir(rel, stack)
		}()
	default:
		w.walkDir(rel, stack)
	}
}

// fail records an error about rel, relative to the root, as "op rel: cause",
// e.g. "read dir sub/: permission denied"; the root is shown as ".".
func (w *walker) fail(rel, op string, err error) {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		err = pe.Err // the path is named relative to the root instead
	}
	name := rel
	if name == "" {
		name = "."
	}
	w.mu.Lock()
	w.errs = append(w.errs, pathError{path: rel, err: fmt.Errorf("%s %s: %w", op, name, err)})
	w.mu.Unlock()
}
