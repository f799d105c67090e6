package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/report"
	"github.com/domainshift/domainshift/scanner"
)

func (a *app) hostsCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "hosts [PATH...]",
		Short: "Inventory of every host under the zones rules.toml names",
		Long: `hosts lists every host found under the zones that rules.toml names (deprecated
patterns, secure zones, certificate names, endpoints) with its mentions, the
files it appears in and its status:

  canonical for ENV/ROLE   an endpoint host of [environments]
  deprecated -> HOST       a [[deprecated]] rule rewrites it
  deprecated (report only) a [[deprecated]] rule without replace
  kept                     a [[keep]] entry protects it
  allowed                  every mention is exempted by [[allow]] or an inline comment
  uncovered                under a certificate zone but not covered by its names
  unknown                  no rule says anything about it
  template  STATUS         written with template placeholders (pr-{PR_NUMBER}-api...):
                           STATUS is what the rules say with each placeholder as '*'

This is how a migration starts. Without a rules file hosts lists every
host under the zones of the host names it finds, each unknown; 'domainshift
init' proposes a rules.toml from them; then read the inventory and fix the
rules until no host is unknown.

--format json writes {"version": 1, "hosts": [...]}: per host its status
(one of canonical, deprecated, kept, allowed, uncovered, unknown, template), the
replacement of a deprecated host ("" when report only), the environments and
roles a canonical host is the endpoint of, and its mentions and files
(schema/hosts.schema.json); a template also has its pattern and the
pattern_status the rules give it.

Exit status: 0 the inventory was written, 2 a usage, config or I/O error.`,
		Example: `  domainshift hosts testdata/demo
  domainshift hosts --format json . | jq -r '.hosts[] | select(.status == "unknown") | .host'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError("use --format text or json", "unknown format %q", format)
			}
			t, err := a.resolveTarget(args, true)
			if err != nil {
				return err
			}
			if t.rules == nil {
				if t.rules, err = noRules(cmd.Context(), t); err != nil {
					return err
				}
				defer a.noRulesNote()
			}
			res, err := a.runScan(cmd.Context(), t, true)
			if err != nil {
				return err
			}
			lines := scanner.Inventory(t.rules, res.Hosts)
			summary := fmt.Sprintf("%s under %s; %s scanned", plural.Count(len(lines), "host"), zoneList(t.rules.Anchors()), plural.Count(res.Stats.Files, "file"))
			if err := a.writeHosts(cmd.OutOrStdout(), format, lines, summary); err != nil {
				return err
			}
			return incomplete(t, res)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// writeHosts writes the inventory in format, the text table followed by
// the summary line unless -q.
func (a *app) writeHosts(w io.Writer, format string, lines []scanner.HostInfo, summary string) error {
	if format == "json" {
		return report.WriteHostsJSON(w, lines)
	}
	if err := report.WriteHostsText(w, lines); err != nil {
		return err
	}
	if !a.quiet {
		fmt.Fprintln(w, summary)
	}
	return nil
}

// zoneList names the zones the inventory looked under; a rules file of
// thousands of hosts gets the first few and a count, not a line of
// megabytes.
func zoneList(zones []string) string {
	const most = 8
	if len(zones) <= most {
		return strings.Join(zones, ", ")
	}
	return fmt.Sprintf("%s and %d more zones", strings.Join(zones[:most], ", "), len(zones)-most)
}
