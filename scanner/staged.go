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

// ScanStaged matches what the next commit would record: the staged content
// (the blobs in the index, not the work tree) of the files under opts.Root
// that are added, copied, modified or renamed in the index relative to HEAD,
// and keeps only the findings on the lines the commit adds or changes, as
// ScanSince does for a branch: a line that only moved, or a file that was
// only renamed, brings nothing. The usual selection applies (the rules
// file, Paths, include and exclude globs, binary and size limits); symlinks
// and submodules are skipped. The result never has stale allow or keep
// entries: the scan is narrowed.
func ScanStaged(ctx context.Context, r *rules.Rules, opts Options) (*Result, error) {
	root, err := gitRoot(ctx, opts)
	if err != nil {
		return nil, err
	}
	out, err := git(ctx, root, nil, "diff", "--cached", "--raw", "-z", "--no-abbrev", "--no-renames", "--ignore-submodules", "--diff-filter=ACMRT", "--relative")
	if err != nil {
		return nil, err
	}
	blobs, err := parseRaw(out)
	if err != nil {
		return nil, err
	}
	paths, err := selectChanged(root, r, opts, blobs)
	if err != nil {
		return nil, err
	}
	changed, olds, err := changedLines(ctx, root, "--cached")
	if err != nil {
		return nil, err
	}
	for _, p := range paths {
		if _, ok := changed[p]; !ok {
			changed[p] = lineRanges{} // a pure rename or a mode change: no new line
		}
	}
	res, err := scanBlobs(ctx, root, r, paths, blobs)
	if err != nil {
		return nil, err
	}
	return onChangedLines(ctx, root, r, res, changed, olds)
}

// scanBlobs matches the staged content of paths, whose blobs are named by
// blobs, as ScanFiles matches the work tree's.
func scanBlobs(ctx context.Context, root string, r *rules.Rules, paths []string, blobs map[string]string) (*Result, error) {
	objects := make([]string, len(paths))
	for i, p := range paths {
		objects[i] = blobs[p]
	}
	m := NewMatcher(r)
	res := &Result{Root: root}
	err := catFiles(ctx, root, objects, func(i int, size int64, body io.Reader) error {
		p := paths[i]
		if size > r.Scan.MaxFileSize {
			res.Skips = append(res.Skips, Skip{Path: p, Reason: tooLarge(size, r.Scan.MaxFileSize)})
			_, err := io.Copy(io.Discard, body)
			return err
		}
		data, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		s := matchData(m, p, data, false, true)
		if s.skip != "" {
			if notableSkip(s.skip) {
				res.Skips = append(res.Skips, Skip{Path: p, Reason: s.skip})
			}
			return nil
		}
		res.Stats.Files++
		res.Stats.Bytes += size
		res.Files = append(res.Files, s.file)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// parseRaw reads `git diff --raw -z --no-renames` output and returns the
// new blob of every regular file, by path. Symlinks (mode 120000) and
// submodules (160000) are left out.
func parseRaw(out []byte) (map[string]string, error) {
	blobs := map[string]string{}
	fields := strings.Split(string(out), "\x00")
	for i := 0; i+1 < len(fields); i += 2 {
		meta, path := fields[i], fields[i+1]
		// ":100644 100644 <old> <new> M"
		parts := strings.Fields(strings.TrimPrefix(meta, ":"))
		if len(parts) != 5 {
			return nil, fmt.Errorf("git diff --raw: unexpected line %q", meta)
		}
		if mode := parts[1]; mode != "100644" && mode != "100755" {
			continue
		}
		blobs[path] = parts[3]
	}
	return blobs, nil
}

// catFiles streams the objects through `git cat-file --batch`, calling fn
// with each one's index, size and content, in order. fn must consume body.
func catFiles(ctx context.Context, root string, objects []string, fn func(i int, size int64, body io.Reader) error) error {
	if len(objects) == 0 {
		return nil
	}
	stdin := strings.NewReader(strings.Join(objects, "\n") + "\n")
	return gitPipe(ctx, root, stdin, func(br *bufio.Reader) error {
		return readBatch(br, objects, fn)
	}, "cat-file", "--batch")
}

// readBatch parses `git cat-file --batch` output: per object a header line
// "<oid> <type> <size>", the content and a newline.
func readBatch(br *bufio.Reader, objects []string, fn func(i int, size int64, body io.Reader) error) error {
	for i, oid := range objects {
		header, err := br.ReadString('\n')
		if err != nil {
			return fmt.Errorf("git cat-file: reading %s: %w", oid, err)
		}
		parts := strings.Fields(header)
		if len(parts) != 3 || parts[1] != "blob" {
			return fmt.Errorf("git cat-file: unexpected header %q for %s", strings.TrimSpace(header), oid)
		}
		size, err := strconv.ParseInt(parts[2], 10, 64)
		if err != nil {
			return fmt.Errorf("git cat-file: bad size in %q", strings.TrimSpace(header))
		}
		body := io.LimitReader(br, size)
		if err := fn(i, size, body); err != nil {
			return err
		}
		if _, err := io.Copy(io.Discard, body); err != nil {
			return err
		}
		if b, err := br.ReadByte(); err != nil || b != '\n' {
			return fmt.Errorf("git cat-file: truncated output for %s", oid)
		}
	}
	return nil
}
