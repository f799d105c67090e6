package scanner

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"

	"github.com/domainshift/domainshift/rules"
)

// ScanSince matches the files under opts.Root that changed since the merge
// base of rev and HEAD, as a pull request diff shows them, and keeps only
// the findings on lines added or changed since then. The work tree is
// compared with the merge base, so committed, staged and unstaged changes
// all count; renamed files count under their new path, deleted files
// contribute nothing, and untracked files that are not ignored are new in
// every line. The usual selection applies. The result never has stale
// allow or keep entries: the scan is narrowed.
func ScanSince(ctx context.Context, r *rules.Rules, opts Options, rev string) (*Result, error) {
	root := opts.Root
	if root == "" {
		root = "."
	}
	if err := requireGit(ctx, root); err != nil {
		return nil, err
	}
	if rev == "" || strings.HasPrefix(rev, "-") {
		return nil, &RevisionError{Rev: rev, Reason: "unknown revision"}
	}
	if _, err := git(ctx, root, nil, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &RevisionError{Rev: rev, Reason: "unknown revision"}
	}
	out, err := git(ctx, root, nil, "merge-base", rev, "HEAD")
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &RevisionError{Rev: rev, Reason: "no common history between HEAD and"}
	}
	base := strings.TrimSpace(string(out))

	changed, err := changedLines(ctx, root, base)
	if err != nil {
		return nil, err
	}
	out, err = git(ctx, root, nil, "ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	for p := range strings.SplitSeq(string(out), "\x00") {
		if p != "" && !strings.HasSuffix(p, "/") {
			changed[p] = nil // every line is new
		}
	}
	paths := make([]string, 0, len(changed))
	for p := range changed {
		paths = append(paths, p)
	}
	sortBy(paths, func(s string) string { return s })
	paths, err = selectPaths(root, r, opts, paths)
	if err != nil {
		return nil, err
	}
	res, err := ScanFiles(ctx, r, opts, paths)
	if err != nil {
		return nil, err
	}
	files := res.Files[:0]
	for _, f := range res.Files {
		ranges := changed[f.Path]
		kept := f.Findings[:0]
		for _, fd := range f.Findings {
			if ranges == nil || ranges.contains(fd.Line) {
				kept = append(kept, fd)
			}
		}
		f.Findings = kept
		files = append(files, f)
	}
	res.Stats.Findings, res.Stats.Fixable = 0, 0
	return collect(root, files, res.Errors, res.Skips, res.Stats), nil
}

// lineRanges are the new-side line ranges of a file's hunks; nil means the
// whole file is new.
type lineRanges [][2]int // [first, last], 1-based, inclusive

func (rs lineRanges) contains(line int) bool {
	for _, r := range rs {
		if line >= r[0] && line <= r[1] {
			return true
		}
	}
	return false
}

// changedLines runs a zero-context diff of the work tree against base and
// returns the added or changed lines per path (relative to root). A file
// whose diff has no added lines (a pure rename, a mode change, only
// deletions) maps to an empty, non-nil set.
func changedLines(ctx context.Context, root, base string) (map[string]lineRanges, error) {
	cmd := exec.CommandContext(ctx, "git", "-C", root, "-c", "core.quotePath=true",
		"diff", "--no-color", "--no-ext-diff", "--no-textconv", "--ignore-submodules",
		"--unified=0", "-M", "--diff-filter=ACMRT", "--relative",
		"--src-prefix=a/", "--dst-prefix=b/", base, "--")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("git diff: %w", err)
	}
	changed, perr := parseHunks(bufio.NewReaderSize(stdout, 64<<10))
	if perr != nil {
		_ = cmd.Process.Kill()
	}
	if err := cmd.Wait(); err != nil && perr == nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("git diff: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return changed, perr
}

// parseHunks reads a unified diff with zero context and collects the
// new-side line ranges per new path.
func parseHunks(br *bufio.Reader) (map[string]lineRanges, error) {
	changed := map[string]lineRanges{}
	var (
		cur              string // new path of the current file, "" when deleted
		remOld, remNew   int    // lines of the current hunk still to skip
		inHunk, haveFile bool
	)
	for {
		line, err := br.ReadSlice('\n')
		s := strings.TrimSuffix(string(line), "\n")
		for err == bufio.ErrBufferFull {
			// A long content line: only its first bytes matter.
			_, err = br.ReadSlice('\n')
		}
		if err != nil && err != io.EOF {
			return nil, fmt.Errorf("git diff: %w", err)
		}
		if len(line) == 0 && err == io.EOF {
			return changed, nil
		}
		switch {
		case inHunk && (remOld > 0 && strings.HasPrefix(s, "-") || remNew > 0 && strings.HasPrefix(s, "+")):
			if s[0] == '-' {
				remOld--
			} else {
				remNew--
			}
		case inHunk && strings.HasPrefix(s, `\`): // "\ No newline at end of file"
		case strings.HasPrefix(s, "diff --git "):
			inHunk, haveFile, cur = false, false, ""
		case !inHunk && strings.HasPrefix(s, "+++ "):
			name, err := diffPath(strings.TrimPrefix(s, "+++ "))
			if err != nil {
				return nil, err
			}
			if name != "" {
				cur, haveFile = name, true
				if changed[cur] == nil {
					changed[cur] = lineRanges{}
				}
			}
		case strings.HasPrefix(s, "@@ "):
			first, n, old, err := hunkHeader(s)
			if err != nil {
				return nil, err
			}
			inHunk, remOld, remNew = true, old, n
			if haveFile && n > 0 {
				changed[cur] = append(changed[cur], [2]int{first, first + n - 1})
			}
		default:
			inHunk = false
		}
		if err == io.EOF {
			return changed, nil
		}
	}
}

// diffPath turns the name of a "+++ " line into a path: "" for /dev/null,
// the b/ prefix removed, C-style quoting undone, and the tab git appends to
// names holding a space dropped.
func diffPath(name string) (string, error) {
	name = strings.TrimSuffix(name, "\t")
	if name == "/dev/null" {
		return "", nil
	}
	if strings.HasPrefix(name, `"`) {
		u, err := strconv.Unquote(name)
		if err != nil {
			return "", fmt.Errorf("git diff: cannot parse file name %s", name)
		}
		name = u
	}
	if !strings.HasPrefix(name, "b/") {
		return "", fmt.Errorf("git diff: unexpected file name %q", name)
	}
	return name[2:], nil
}

// hunkHeader parses "@@ -a[,b] +c[,d] @@ ..." into the new side's first
// line and count, and the old side's count.
func hunkHeader(s string) (first, n, old int, err error) {
	f := strings.Fields(s)
	if len(f) < 3 || !strings.HasPrefix(f[1], "-") || !strings.HasPrefix(f[2], "+") {
		return 0, 0, 0, fmt.Errorf("git diff: bad hunk header %q", s)
	}
	_, old, err = hunkRange(f[1][1:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("git diff: bad hunk header %q", s)
	}
	first, n, err = hunkRange(f[2][1:])
	if err != nil {
		return 0, 0, 0, fmt.Errorf("git diff: bad hunk header %q", s)
	}
	return first, n, old, nil
}

func hunkRange(s string) (start, count int, err error) {
	a, b, ok := strings.Cut(s, ",")
	start, err = strconv.Atoi(a)
	if err != nil {
		return 0, 0, err
	}
	count = 1
	if ok {
		count, err = strconv.Atoi(b)
	}
	return start, count, err
}
