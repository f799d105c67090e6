package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/report"
)

func (a *app) reportCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Combine the reports of many repositories",
		Long: `report works on reports that domainshift wrote elsewhere; 'report merge'
combines the JSON of many repositories into one org-wide table.

Exit status: 0 when the subcommand succeeded, 2 on a usage error or a file
that could not be read.`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(a.reportMergeCommand())
	return cmd
}

func (a *app) reportMergeCommand() *cobra.Command {
	var format, output string
	cmd := &cobra.Command{
		Use:   "merge [NAME=]FILE...",
		Short: "Merge check and hosts JSON from many repositories into one report",
		Long: `merge reads what 'check --format json' (or scan's) and 'hosts --format json'
wrote in many repositories and prints where the migration stands across
them: a line per repository (findings, errors, warnings, fixable, files,
deprecated mentions, unknown hosts), the findings per rule, and every host
that is still deprecated, uncovered or unknown, with the repositories that
mention it. Repositories with the most left to do come first.

Each FILE belongs to the repository NAME; without NAME= it is the name of
the directory that holds the file (the layout of CI artifacts:
reports/api/check.json, reports/api/hosts.json, reports/web/check.json).
A check report and a hosts inventory of one repository fill one line.

The Markdown suits a job summary or an issue; --format json
(schema/merge.schema.json) suits dashboards.

Exit status: 0 when the reports were merged, 2 when a file could not be
read or is not a domainshift JSON report of version 1.`,
		Example: `  domainshift report merge reports/*/check.json reports/*/hosts.json
  domainshift report merge api=api.json web=web.json --format json --output fleet.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "markdown" && format != "json" {
				return usageError("use --format markdown or --format json", "unknown format %q", format)
			}
			var inputs []report.MergeInput
			for _, arg := range args {
				name, path, ok := strings.Cut(arg, "=")
				if !ok || name == "" || strings.ContainsAny(name, `/\`) {
					name, path = filepath.Base(filepath.Dir(arg)), arg
					if abs, err := filepath.Abs(arg); err == nil {
						name = filepath.Base(filepath.Dir(abs))
					}
				}
				data, err := os.ReadFile(path)
				if err != nil {
					return withHint(err, "name the JSON files that check and hosts wrote with --format json")
				}
				inputs = append(inputs, report.MergeInput{Repository: name, Path: path, Data: data})
			}
			fleet, err := report.Merge(inputs)
			if err != nil {
				return withHint(err, "give the output of 'domainshift check --format json' or 'domainshift hosts --format json'")
			}
			var buf bytes.Buffer
			if format == "json" {
				err = report.WriteFleetJSON(&buf, fleet)
			} else {
				err = report.WriteFleetMarkdown(&buf, fleet)
			}
			if err != nil {
				return err
			}
			if output == "" || output == "-" {
				_, err = cmd.OutOrStdout().Write(buf.Bytes())
				return err
			}
			if err := os.WriteFile(output, buf.Bytes(), 0o644); err != nil {
				return withHint(fmt.Errorf("write merged report: %w", err), "check that --output names a writable file")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "markdown", "markdown or json")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the report to FILE instead of stdout")
	return cmd
}
