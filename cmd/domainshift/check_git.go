package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/domainshift/domainshift/scanner"
)

// validate rejects combinations of check flags that mean nothing.
func (fl checkFlags) validate() error {
	switch {
	case fl.staged && fl.since != "":
		return usageError("use --staged in a pre-commit hook and --since in a pull request", "--staged and --since cannot be combined")
	case fl.writeBaseline != "" && fl.baseline != "":
		return usageError("record with --write-baseline FILE, then check with --baseline FILE", "--baseline and --write-baseline cannot be combined")
	case fl.writeBaseline != "" && (fl.staged || fl.since != ""):
		return usageError("run --write-baseline without --staged or --since", "--write-baseline records every finding of the repository")
	case fl.writeBaseline != "" && (len(fl.formats) > 0 || len(fl.outputs) > 0):
		return usageError("run the check with --baseline to get reports", "--write-baseline writes only the baseline, not --format or --output reports")
	}
	return nil
}

// checkScan scans what the flags select: the work tree, the index
// (--staged) or the lines changed since a revision (--since).
func (a *app) checkScan(ctx context.Context, t *target, fl checkFlags) (*scanner.Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	var (
		res *scanner.Result
		err error
	)
	switch {
	case fl.staged:
		res, err = scanner.ScanStaged(ctx, t.rules, t.opts)
	case fl.since != "":
		res, err = scanner.ScanSince(ctx, t.rules, t.opts, fl.since)
	default:
		return a.runScan(ctx, t, false)
	}
	if err != nil {
		return nil, gitError(err, t.root, fl)
	}
	a.printSkips(t, res)
	return res, nil
}

// gitError words the errors of the git-based scans.
func gitError(err error, root string, fl checkFlags) error {
	flag := "--staged"
	if fl.since != "" {
		flag = "--since"
	}
	var re *scanner.RevisionError
	switch {
	case errors.Is(err, scanner.ErrNotGit):
		return withHint(fmt.Errorf("%s needs a git repository: %s is not inside a git work tree", flag, root), "run domainshift inside the repository, or drop "+flag)
	case errors.As(err, &re) && strings.Contains(re.Reason, "shallow"):
		return withHint(fmt.Errorf("--since: %w", re), "fetch the history down to the merge base: git fetch --unshallow (actions/checkout: fetch-depth: 0; GitLab: GIT_DEPTH: 0)")
	case errors.As(err, &re):
		return withHint(fmt.Errorf("--since: %w", re), "name a branch, tag or commit that this clone has (in CI, fetch it first: actions/checkout with fetch-depth: 0)")
	}
	return withHint(fmt.Errorf("%s: %w", flag, err), "check that git works in this directory ('git status')")
}
