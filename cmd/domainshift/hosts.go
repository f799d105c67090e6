package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/report"
	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

// hostLine is one row of the inventory.
type hostLine struct {
	Host     string `json:"host"`
	Mentions int    `json:"mentions"`
	Files    int    `json:"files"`
	Status   string `json:"status"`
}

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

This is how a migration starts: read the inventory, then write the rules.`,
		Example: `  domainshift hosts testdata/demo
  domainshift hosts --format json . | jq '.[] | select(.status == "unknown")'`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError("use --format text or json", "unknown format %q", format)
			}
			t, err := a.resolve(args)
			if err != nil {
				return err
			}
			res, err := a.runScan(cmd.Context(), t, true)
			if err != nil {
				return err
			}
			lines := inventory(t.rules, res.Hosts)
			w := cmd.OutOrStdout()
			if format == "json" {
				if lines == nil {
					lines = []hostLine{}
				}
				enc := json.NewEncoder(w)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if err := enc.Encode(lines); err != nil {
					return err
				}
				return incomplete(t, res)
			}
			tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
			fmt.Fprintln(tw, "HOST\tMENTIONS\tFILES\tSTATUS")
			for _, l := range lines {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", l.Host, l.Mentions, l.Files, l.Status)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if !a.quiet {
				fmt.Fprintf(w, "%s under %s; %s scanned\n", report.Plural(len(lines), "host"), strings.Join(t.rules.Anchors(), ", "), report.Plural(res.Stats.Files, "file"))
			}
			return incomplete(t, res)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}

// inventory gives every counted host its status.
func inventory(r *rules.Rules, hosts []scanner.HostCount) []hostLine {
	var out []hostLine
	for _, h := range hosts {
		out = append(out, hostLine{Host: h.Host, Mentions: h.Mentions, Files: h.Files, Status: hostStatus(r, h)})
	}
	return out
}

func hostStatus(r *rules.Rules, h scanner.HostCount) string {
	dec := r.Lookup(h.Host)
	switch {
	case dec.Kept:
		return "kept"
	case h.Allowed == h.Mentions:
		return "allowed"
	case dec.Deprecated && dec.Replacement != "":
		return "deprecated -> " + dec.Replacement
	case dec.Deprecated:
		return "deprecated (report only)"
	}
	if roles := r.CanonicalRoles(h.Host); len(roles) > 0 {
		return "canonical for " + strings.Join(roles, ", ")
	}
	if r.CertificateZone(h.Host) && !r.CertificateCovers(h.Host) {
		return "uncovered"
	}
	return "unknown"
}
