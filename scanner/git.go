package scanner

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"strings"
)

// ErrNotGit is returned by ScanStaged and ScanSince when the root is not
// inside a git work tree (or git is not installed).
var ErrNotGit = errors.New("not inside a git work tree")

// RevisionError is returned by ScanSince when git does not know the
// revision, or it has no common history with HEAD.
type RevisionError struct {
	Rev    string
	Reason string // "unknown revision", "no merge base with HEAD", ...
}

func (e *RevisionError) Error() string { return fmt.Sprintf("%s %q", e.Reason, e.Rev) }

// git runs git with args in root and returns its standard output. A
// failure carries git's own message.
func git(ctx context.Context, root string, stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", root}, args...)...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		name := "git"
		if len(args) > 0 {
			name += " " + args[0]
		}
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("%s: %w: %s", name, err, msg)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// gitPipe runs git with args in root, fed stdin (nil: nothing), and
// hands its standard output to parse as git writes it. When parse fails,
// git is stopped and parse's error returned; a failure of git carries
// git's own message. Paths in the output are C-quoted whatever the
// user's configuration says, as the parsers expect.
func gitPipe(ctx context.Context, root string, stdin io.Reader, parse func(*bufio.Reader) error, args ...string) error {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", root, "-c", "core.quotePath=true"}, args...)...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	name := "git " + args[0]
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := parse(bufio.NewReaderSize(stdout, 64<<10)); err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return err
	}
	if err := cmd.Wait(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// requireGit returns ErrNotGit unless root is inside a git work tree.
func requireGit(ctx context.Context, root string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !inGitWorkTree(ctx, root) {
		return ErrNotGit
	}
	return nil
}

// collect builds a Result from matched files, sorted by path. It is the
// bookkeeping of ScanFiles for the git-based scans, which are always
// narrowed: no stale allow or keep entries, no inventory.
func collect(root string, files []File, errs []FileError, skips []Skip, stats Stats) *Result {
	res := &Result{Root: root, Errors: errs, Skips: skips, Stats: stats}
	for _, f := range files {
		if len(f.Findings) == 0 {
			continue
		}
		for _, fd := range f.Findings {
			res.Stats.Findings++
			if fd.Fixable() {
				res.Stats.Fixable++
			}
		}
		res.Files = append(res.Files, f)
	}
	sortResult(res)
	return res
}

func sortResult(res *Result) {
	sortBy(res.Files, func(f File) string { return f.Path })
	sortBy(res.Errors, func(e FileError) string { return e.Path })
	sortBy(res.Skips, func(s Skip) string { return s.Path })
}

func sortBy[T any](s []T, key func(T) string) {
	slices.SortStableFunc(s, func(a, b T) int { return strings.Compare(key(a), key(b)) })
}
