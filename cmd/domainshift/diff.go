package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/report"
	"github.com/domainshift/domainshift/rewrite"
	"github.com/domainshift/domainshift/scanner"
)

func (a *app) diffCommand() *cobra.Command {
	var stat bool
	format := "text"
	context := rewrite.DefaultContext
	cmd := &cobra.Command{
		Use:   "diff [PATH...]",
		Short: "Print the unified diff of every fix; writes nothing",
		Long: `diff prints one unified diff of every fix that apply would write, in the
format git apply and patch -p1 accept. Bytes are reproduced exactly: CRLF
line endings, a missing final newline, a BOM or invalid UTF-8. Inside a git
repository, file names are relative to its top, as git diff prints them, so
git apply takes the diff from any directory of the repository and patch -p1
from the top.

--format json writes the files and every edit in them instead
(schema/diff.schema.json): per file its path, lines added and removed, and
each edit's line, column, byte offset and length, old and new text.

Exit status: 0 the diff was written (empty when there is nothing to fix), 2 a
usage, config or I/O error, or a file that changed or could not be read.`,
		Example: `  domainshift diff                       # every fix under the current directory
  domainshift diff deploy/ .env.staging  # only these paths
  domainshift diff --stat                # files and line counts only
  domainshift diff > fix.patch && git apply --check fix.patch
  domainshift diff --format json | jq '.stats'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError("use --format text or json", "unknown format %q", format)
			}
			if stat && format == "json" {
				return usageError("use one of them: the JSON report has the line counts", "--stat and --format json")
			}
			if context < 0 {
				return usageError("use a --context of 0 or more", "invalid --context %d", context)
			}
			s, err := a.scanFixes(cmd.Context(), args)
			if err != nil {
				return err
			}
			out := bufio.NewWriter(cmd.OutOrStdout())
			var diffs []*rewrite.FileDiff
			var files []report.DiffFile
			var bad []string
			prefix := s.t.ws.RepoPrefix()
			for _, p := range s.plans {
				d, src, err := s.diff(prefix, p, context)
				if err != nil {
					fmt.Fprintf(a.stderr, "domainshift: %s: %v\n", p.Path, err)
					bad = append(bad, p.Path)
					continue
				}
				diffs = append(diffs, d)
				files = append(files, report.DiffFile{Diff: d, Source: src, Edits: p.Edits})
				if !stat && format == "text" {
					if _, err := d.WriteTo(out); err != nil {
						return err
					}
				}
			}
			if stat {
				if err := report.WriteStat(out, diffs, statWidth()); err != nil {
					return err
				}
			}
			if format == "json" {
				if err := report.WriteDiffJSON(out, files); err != nil {
					return err
				}
			}
			if err := out.Flush(); err != nil {
				return err
			}
			if len(bad) > 0 {
				return &codeError{code: exitError, err: fmt.Errorf("%s left out of the diff", plural.Count(len(bad), "file")),
					hint: "run 'domainshift diff' again once the files have settled"}
			}
			return incomplete(s.t, s.res)
		},
	}
	cmd.Flags().BoolVar(&stat, "stat", false, "print the changed files with line counts instead of the diff")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text (a unified diff) or json")
	cmd.Flags().IntVarP(&context, "context", "U", rewrite.DefaultContext, "lines of context around each change (with 0, git apply needs --unidiff-zero)")
	return cmd
}

// fixes is a scan and the plans that fix what it found.
type fixes struct {
	t     *target
	res   *scanner.Result
	plans []rewrite.FilePlan
}

// scanFixes scans the PATH arguments and plans every fix.
func (a *app) scanFixes(ctx context.Context, args []string) (*fixes, error) {
	s, _, err := a.scanPlans(ctx, args, false, false)
	return s, err
}

// scanPlans scans the PATH arguments and plans every fix. With stage, it
// also stages each fix in a write batch from the content just read while
// the scan runs (apply --yes, which writes without a question, need not
// read each file twice more); the caller finishes or aborts the batch.
// With inventory, it also counts every host (for apply's summary).
func (a *app) scanPlans(ctx context.Context, args []string, stage, inventory bool) (*fixes, *rewrite.Batch, error) {
	t, err := a.resolve(args)
	if err != nil {
		return nil, nil, err
	}
	var b *rewrite.Batch
	if stage {
		b = rewrite.Begin(t.root, rewrite.WriteOptions{StateDir: a.stateDir})
		t.opts.OnContent = func(f scanner.File, data []byte) {
			if p := rewrite.Plan(f); len(p.Edits) > 0 {
				b.Stage(p, data)
			}
		}
	}
	res, err := a.runScan(ctx, t, inventory)
	if err != nil {
		if b != nil {
			b.Abort()
		}
		return nil, nil, err
	}
	return &fixes{t: t, res: res, plans: rewrite.Plans(res.Files)}, b, nil
}

// diff builds the diff of one plan from the content that was scanned,
// naming the file prefix+p.Path. The file is read again, so it must still
// be that content.
func (s *fixes) diff(prefix string, p rewrite.FilePlan, context int) (*rewrite.FileDiff, []byte, error) {
	src, err := rewrite.Source(s.t.root, p)
	if err != nil {
		return nil, nil, err
	}
	d, err := rewrite.Diff(prefix+p.Path, src, p.Edits, context)
	return d, src, err
}

// statWidth is the width diff --stat fills: $COLUMNS, as git reads it,
// or git's 80.
func statWidth() int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	return report.StatWidth
}
