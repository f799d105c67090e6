package scanner

import (
	"context"
	"maps"
	"slices"

	"github.com/domainshift/domainshift/rules"
)

// The frame that ScanSince and ScanStaged share. Each opens with gitRoot,
// asks git for its own changed files, narrows them with selectChanged,
// matches the selected content its own way (the work tree, the index) and
// ends with onChangedLines.

// gitRoot resolves the root of opts, which must be inside a git work tree.
func gitRoot(ctx context.Context, opts Options) (string, error) {
	root := opts.root()
	if err := requireGit(ctx, root); err != nil {
		return "", err
	}
	return root, nil
}

// selectChanged returns, sorted, the changed paths (the keys of changed,
// relative to root) that the usual selection takes.
func selectChanged[V any](root string, r *rules.Rules, opts Options, changed map[string]V) ([]string, error) {
	return selectPaths(root, r, opts, slices.Sorted(maps.Keys(changed)))
}

// onChangedLines keeps, of the findings of res (a scan under root), those on the changed
// lines that are new since the old versions (olds), as moved decides, and
// collects what is left.
func onChangedLines(ctx context.Context, root string, r *rules.Rules, res *Result, changed map[string]lineRanges, olds map[string]string) (*Result, error) {
	before, err := baseFindings(ctx, root, r, res.Files, changed, olds)
	if err != nil {
		return nil, err
	}
	files := res.Files[:0]
	for _, f := range res.Files {
		ranges := changed[f.Path]
		var onChanged []Finding
		for _, fd := range f.Findings {
			if ranges == nil || ranges.contains(fd.Line) {
				onChanged = append(onChanged, fd)
			}
		}
		f.AllFindings = f.Findings
		f.Findings = moved(f.Findings, onChanged, before[f.Path])
		files = append(files, f)
	}
	stats := res.Stats
	stats.Findings, stats.Fixable = 0, 0 // collect counts what is left
	return collect(root, files, res.Errors, res.Skips, stats), nil
}
