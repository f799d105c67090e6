package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/report"
	"github.com/domainshift/domainshift/scanner"
)

func (a *app) scanCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "List every finding, with the replacement where there is one",
		Long: `scan lists every finding as path:line:col: rule: message, then a summary.
--format json writes the report check --format json writes
(schema/report.schema.json), every finding with its fingerprint.

Exit status: 0 whatever it finds (use check in CI), 2 a usage, config or I/O
error, or a file that could not be read.`,
		Example: `  domainshift scan testdata/demo
  domainshift scan infra/ docker-compose.yml
  domainshift scan --exclude 'docs/**' .
  domainshift scan --format json . | jq -r '.findings[] | .path'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError("use --format text or json", "unknown format %q", format)
			}
			t, err := a.resolve(args)
			if err != nil {
				return err
			}
			res, err := a.runScan(cmd.Context(), t, false)
			if err != nil {
				return err
			}
			rep := &report.Report{Rules: t.rules, Result: res, Findings: res.Findings()}
			if err := report.Write(cmd.OutOrStdout(), format, reportPaths(rep, t.ws, format), report.Options{Color: a.colorOn(cmd.OutOrStdout()), Quiet: a.quiet}); err != nil {
				return err
			}
			return incomplete(t, res)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// runScan scans the target and reports skipped oversized files on stderr.
func (a *app) runScan(ctx context.Context, t *target, inventory bool) (*scanner.Result, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	opts := t.opts
	opts.Inventory = inventory
	stop := a.startProgress(&opts)
	res, err := scanner.Scan(ctx, t.rules, opts)
	stop()
	if err != nil {
		return nil, err
	}
	a.printSkips(t, res)
	return res, nil
}

// printSkips reports the files the scan left out that may hold hosts.
func (a *app) printSkips(t *target, res *scanner.Result) {
	if a.quiet {
		return
	}
	for _, s := range res.Skips {
		fmt.Fprintf(a.stderr, "domainshift: %s: skipped: %s\n", report.QuotePath(t.ws.Display(s.Path)), s.Reason)
	}
}

// incomplete turns unreadable files into the exit-2 error that names them,
// relative to the working directory.
func incomplete(t *target, res *scanner.Result) error {
	if len(res.Errors) == 0 {
		return nil
	}
	lines := make([]string, 0, len(res.Errors)+1)
	lines = append(lines, fmt.Sprintf("scan incomplete: %d %s could not be read", len(res.Errors), map[bool]string{true: "file", false: "files"}[len(res.Errors) == 1]))
	for _, e := range res.Errors {
		e.Path = t.ws.Display(e.Path)
		lines = append(lines, e.Error())
	}
	return withHint(fmt.Errorf("%s", strings.Join(lines, "\n")), "fix the permissions or exclude these files with --exclude or [scan] exclude")
}
