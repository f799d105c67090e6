package scanner

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/domainshift/domainshift/rules"
)

// listFiles returns the slash-separated paths, relative to root, of the
// regular files in scope, sorted.
//
// Inside a git work tree (root may be its top or any subdirectory) the
// scope is what `git ls-files --cached --others --exclude-standard` lists in
// root: tracked files, even those a .gitignore matches, plus untracked files
// that are not ignored. Files deleted from the work tree, symlinks,
// submodules and anything else that is not a regular file are dropped.
//
// Outside git, or without a git binary, it is a parallel walk honouring
// .gitignore, .ignore and .git/info/exclude (see walkFiles).
//
// Either way .git is never entered, symlinks are never followed and hidden
// files are included.
func listFiles(ctx context.Context, root string) ([]string, error) {
	if !inGitWorkTree(ctx, root) {
		return walkFiles(ctx, root)
	}
	return gitFiles(ctx, root)
}

// inGitWorkTree reports whether root is inside a git work tree that git
// itself can read. A missing git binary, a directory git refuses (such as
// one with dubious ownership) or a bare repository all mean no.
func inGitWorkTree(ctx context.Context, root string) bool {
	_, ok := GitTop(ctx, root)
	return ok
}

// GitTop returns the absolute top of the git work tree that holds dir, as
// git itself finds it (symlinks resolved), or ok false when dir is not in
// a work tree git can read (no git binary, a bare repository, a directory
// git refuses for its ownership).
func GitTop(ctx context.Context, dir string) (top string, ok bool) {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "--show-toplevel").Output()
	top = strings.TrimRight(string(out), "\r\n")
	if err != nil || top == "" {
		return "", false
	}
	return filepath.FromSlash(top), true
}

// gitFiles lists the files git considers in scope under root.
func gitFiles(ctx context.Context, root string) ([]string, error) {
	paths, err := gitList(ctx, root, "--cached", "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	return regularFiles(ctx, root, paths)
}

// gitList runs git ls-files with args in root and returns the paths it
// lists, sorted, each once.
func gitList(ctx context.Context, root string, args ...string) ([]string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", root, "ls-files", "-z"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("git ls-files: %w: %s", err, msg)
		}
		return nil, fmt.Errorf("git ls-files: %w", err)
	}
	var paths []string
	for p := range strings.SplitSeq(string(out), "\x00") {
		// "dir/" is an untracked nested repository; unmerged paths repeat.
		if p == "" || strings.HasSuffix(p, "/") {
			continue
		}
		paths = append(paths, p)
	}
	slices.Sort(paths)
	return slices.Compact(paths), nil
}

// scanGit scans the files git lists in root without looking at them
// first: the files of the index as git lists them, streamed, then the
// untracked files that are not ignored, which git finds by reading every
// directory of the work tree, listed meanwhile by a second git. Neither
// list is held whole, and each file costs one open, one fstat and one
// read: readFile refuses what is not a regular file (a symlink, a
// submodule, a file deleted since), which a scan leaves out silently, as
// gitFiles would have. Nothing is read through a symlink: below a tree
// opened for openat2 the open itself refuses one, and otherwise the
// directories are checked beforehand, once each.
func scanGit(ctx context.Context, r *rules.Rules, opts Options, sel *selector) (*Result, error) {
	root := opts.root()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type listing struct {
		paths []string
		err   error
	}
	others := make(chan listing, 1)
	go func() {
		paths, err := gitList(ctx, root, "--others", "--exclude-standard")
		others <- listing{paths, err}
	}()
	var listErr error // set before the feeding ends, read once the pool is done
	t := openTree(filepath.Clean(root))
	defer t.close()
	keep := sel.keep
	if !t.beneath() {
		dirs := newDirCheck(root)
		keep = func(p string) bool { return sel.keep(p) && dirs.ok(parentDir(p)) }
	}
	feed := func(yield func(string) bool) {
		stopped := false
		err := gitStream(ctx, root, []string{"--cached"}, func(p string) bool {
			if keep(p) && !yield(p) {
				stopped = true
				return false
			}
			return true
		})
		if stopped {
			return
		}
		o := <-others
		if err == nil {
			err = o.err
		}
		if err != nil {
			listErr = err
			cancel()
			return
		}
		for _, p := range o.paths {
			if keep(p) && !yield(p) {
				return
			}
		}
	}
	res, err := scanSeq(ctx, r, opts, t, feed)
	if listErr != nil {
		return nil, listErr
	}
	return res, err
}

// gitStream runs git ls-files with args in root and calls fn with each
// path as git writes it, each once (unmerged paths, which repeat, are
// listed together), until fn returns false.
func gitStream(ctx context.Context, root string, args []string, fn func(string) bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", root, "ls-files", "-z"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return fmt.Errorf("git ls-files: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("git ls-files: %w", err)
	}
	br := bufio.NewReaderSize(out, 64<<10)
	var prev string
	var long []byte
	stopped := false
	for !stopped {
		line, err := br.ReadSlice(0)
		if err == bufio.ErrBufferFull {
			long = append(long, line...)
			continue
		}
		if err != nil {
			break // io.EOF, or a failure that Wait reports
		}
		if long != nil {
			line = append(long, line...)
			long = nil
		}
		line = line[:len(line)-1]
		// "dir/" is an untracked nested repository.
		if len(line) == 0 || line[len(line)-1] == '/' || string(line) == prev {
			continue
		}
		prev = string(line)
		stopped = !fn(prev)
	}
	if stopped {
		cancel()
		_ = cmd.Wait()
		return nil
	}
	if err := cmd.Wait(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return fmt.Errorf("git ls-files: %w: %s", err, msg)
		}
		return fmt.Errorf("git ls-files: %w", err)
	}
	return nil
}

// dirCheck tells whether a directory, slash-separated and relative to the
// root, is reached without passing through a symlink. The index can name
// a path below a directory that has since become a symlink; git treats
// such a file as deleted, and so do we, so nothing is read or written
// outside the tree. Not safe for concurrent use.
type dirCheck struct {
	root string
	seen map[string]bool
}

// maxDirsSeen bounds the verdicts a dirCheck keeps. git lists paths sorted,
// so the files of a directory come together and forgetting older verdicts
// costs at most a second lstat of a directory listed again, while memory
// stays flat however large the tree.
const maxDirsSeen = 4096

func newDirCheck(root string) *dirCheck {
	return &dirCheck{root: root, seen: map[string]bool{"": true, ".": true}}
}

func (d *dirCheck) ok(dir string) bool {
	if ok, seen := d.seen[dir]; seen {
		return ok
	}
	if len(d.seen) > maxDirsSeen {
		clear(d.seen)
		d.seen[""], d.seen["."] = true, true
	}
	ok := d.ok(parentDir(dir))
	if ok {
		fi, err := os.Lstat(filepath.Join(d.root, filepath.FromSlash(dir)))
		// An error other than "gone" is left for the reader of the files to report.
		ok = err == nil && fi.IsDir() || err != nil && !isGone(err)
	}
	d.seen[dir] = ok
	return ok
}

// regularFiles keeps the paths (sorted, relative to root) that are regular
// files in the work tree, reached without passing through a symlink (see
// dirCheck).
func regularFiles(ctx context.Context, root string, paths []string) ([]string, error) {
	// Directories first, serially: there are far fewer of them than files.
	dirs := newDirCheck(root)
	keep := make([]bool, len(paths))
	var todo []int
	for i, p := range paths {
		if dirs.ok(parentDir(p)) {
			todo = append(todo, i)
		}
	}

	// Then the files, in parallel: a large repository has tens of thousands.
	workers := min(4*runtime.GOMAXPROCS(0), len(todo))
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Go(func() {
			for i := range next {
				fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(paths[i])))
				// Keep files we cannot stat but that exist: scanning them reports the error.
				keep[i] = err == nil && fi.Mode().IsRegular() || err != nil && !isGone(err)
			}
		})
	}
	for _, i := range todo {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	files := make([]string, 0, len(todo))
	for i, p := range paths {
		if keep[i] {
			files = append(files, p)
		}
	}
	return files, nil
}

// parentDir is path.Dir with "" for a top-level path.
func parentDir(p string) string {
	if d := path.Dir(p); d != "." {
		return d
	}
	return ""
}

// isGone reports whether a stat error means the path no longer exists as
// named: deleted, or a parent replaced by a file.
func isGone(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
