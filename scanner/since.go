package scanner

import (
	"bufio"
	"context"
	"fmt"
	"io"
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
// every line. A line that only moved is not new: a finding on an added
// line is kept only when its file now has more findings with the same
// rule, text and normalized line than the merge base had (see moved).
// The usual selection applies. The result never has stale allow or keep
// entries: the scan is narrowed.
func ScanSince(ctx context.Context, r *rules.Rules, opts Options, rev string) (*Result, error) {
	root, err := gitRoot(ctx, opts)
	if err != nil {
		return nil, err
	}
	base, err := mergeBase(ctx, root, rev)
	if err != nil {
		return nil, err
	}
	changed, olds, err := changedLines(ctx, root, base)
	if err != nil {
		return nil, err
	}
	untracked, err := gitList(ctx, root, "--others", "--exclude-standard")
	if err != nil {
		return nil, err
	}
	for _, p := range untracked {
		changed[p] = nil // every line is new
	}
	paths, err := selectChanged(root, r, opts, changed)
	if err != nil {
		return nil, err
	}
	res, err := ScanFiles(ctx, r, opts, paths)
	if err != nil {
		return nil, err
	}
	return onChangedLines(ctx, root, r, res, changed, olds)
}

// mergeBase returns the merge base of rev and HEAD, or a RevisionError
// saying why there is none.
func mergeBase(ctx context.Context, root, rev string) (string, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return "", &RevisionError{Rev: rev, Reason: "unknown revision"}
	}
	if _, err := git(ctx, root, nil, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", &RevisionError{Rev: rev, Reason: "unknown revision"}
	}
	out, err := git(ctx, root, nil, "merge-base", rev, "HEAD")
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		reason := "no common history between HEAD and"
		if out, err := git(ctx, root, nil, "rev-parse", "--is-shallow-repository"); err == nil && strings.TrimSpace(string(out)) == "true" {
			// The usual cause in CI: a depth-1 checkout cannot reach the
			// merge base.
			reason = "this shallow clone has no merge base of HEAD and"
		}
		return "", &RevisionError{Rev: rev, Reason: reason}
	}
	return strings.TrimSpace(string(out)), nil
}

// moveKey identifies a finding independently of its position: a line that
// moves keeps it, an edit of the line changes it.
func moveKey(f Finding) string { return f.Rule + "\x00" + f.Match + "\x00" + f.LineHash }

// moved returns the findings of onChanged (a subset of all, the findings
// of one file now) that are new since the base version, whose findings are
// before: a finding on an added line whose line was only moved within the
// file, or re-indented, has its twin in before and is left out. When a
// file has more findings of one kind than before, the first ones on
// changed lines are the new ones.
func moved(all, onChanged, before []Finding) []Finding {
	if len(onChanged) == 0 || len(before) == 0 {
		return onChanged
	}
	excess := map[string]int{}
	for _, f := range all {
		excess[moveKey(f)]++
	}
	for _, f := range before {
		excess[moveKey(f)]--
	}
	kept := onChanged[:0]
	for _, f := range onChanged {
		if k := moveKey(f); excess[k] > 0 {
			excess[k]--
			kept = append(kept, f)
		}
	}
	return kept
}

// baseFindings matches the base version of every file that has findings on
// changed lines and existed at the base (olds has its blob), under the
// file's new path so that the same rules apply. Base blobs that are binary
// or too large count as having no findings.
func baseFindings(ctx context.Context, root string, r *rules.Rules, files []File, changed map[string]lineRanges, olds map[string]string) (map[string][]Finding, error) {
	var paths, objects []string
	for _, f := range files {
		if oid := olds[f.Path]; oid != "" && changed[f.Path] != nil && len(f.Findings) > 0 {
			paths = append(paths, f.Path)
			objects = append(objects, oid)
		}
	}
	before := map[string][]Finding{}
	m := NewMatcher(r)
	err := catFiles(ctx, root, objects, func(i int, size int64, body io.Reader) error {
		if size > r.Scan.MaxFileSize {
			return nil
		}
		data, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		before[paths[i]] = matchData(m, paths[i], data, false, true).file.Findings
		return nil
	})
	return before, err
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

// changedLines runs a zero-context diff against what (a base commit: the
// work tree against it; "--cached": the index against HEAD) and returns
// the added or changed lines per path (relative to root), and the old blob
// of every changed file that existed before. A file whose diff has no
// added lines (a pure rename, a mode change, only deletions) maps to an
// empty, non-nil set.
func changedLines(ctx context.Context, root, what string) (changed map[string]lineRanges, olds map[string]string, err error) {
	err = gitPipe(ctx, root, nil, func(br *bufio.Reader) (err error) {
		changed, olds, err = parseHunks(br)
		return err
	}, "diff", "--no-color", "--no-ext-diff", "--no-textconv", "--ignore-submodules",
		"--unified=0", "-M", "--diff-filter=ACMRT", "--relative", "--full-index",
		"--src-prefix=a/", "--dst-prefix=b/", what, "--")
	return changed, olds, err
}

// parseHunks reads a unified diff with zero context (and --full-index) and
// collects the new-side line ranges per new path, and the old blob of
// every file that has one.
func parseHunks(br *bufio.Reader) (map[string]lineRanges, map[string]string, error) {
	changed := map[string]lineRanges{}
	olds := map[string]string{}
	var (
		cur              string // new path of the current file, "" when deleted
		oldBlob          string // from the current file's index line
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
			return nil, nil, fmt.Errorf("git diff: %w", err)
		}
		if len(line) == 0 && err == io.EOF {
			return changed, olds, nil
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
			inHunk, haveFile, cur, oldBlob = false, false, "", ""
		case !inHunk && strings.HasPrefix(s, "index "):
			// "index <old>..<new>[ <mode>]"; an all-zero old id: a new file
			ids, _, _ := strings.Cut(strings.TrimPrefix(s, "index "), " ")
			if old, _, ok := strings.Cut(ids, ".."); ok && strings.Trim(old, "0") != "" {
				oldBlob = old
			}
		case !inHunk && strings.HasPrefix(s, "+++ "):
			name, err := diffPath(strings.TrimPrefix(s, "+++ "))
			if err != nil {
				return nil, nil, err
			}
			if name != "" {
				cur, haveFile = name, true
				if changed[cur] == nil {
					changed[cur] = lineRanges{}
				}
				if oldBlob != "" {
					olds[cur] = oldBlob
				}
			}
		case strings.HasPrefix(s, "@@ "):
			first, n, old, err := hunkHeader(s)
			if err != nil {
				return nil, nil, err
			}
			inHunk, remOld, remNew = true, old, n
			if haveFile && n > 0 {
				changed[cur] = append(changed[cur], [2]int{first, first + n - 1})
			}
		default:
			inHunk = false
		}
		if err == io.EOF {
			return changed, olds, nil
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
