package report

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/domainshift/domainshift/scanner"
)

// HostsJSONVersion is the version of the hosts JSON shape
// (schema/hosts.schema.json).
const HostsJSONVersion = 1

type hostsJSON struct {
	Version int        `json:"version"`
	Hosts   []hostJSON `json:"hosts"`
}

type hostJSON struct {
	Host         string   `json:"host"`
	Status       string   `json:"status"`
	Replacement  string   `json:"replacement"`
	Environments []string `json:"environments"`
	Roles        []string `json:"roles"`
	Mentions     int      `json:"mentions"`
	Files        int      `json:"files"`

	// For a templated host only: its pattern, each placeholder as '*',
	// and what the rules say about it.
	Pattern       string `json:"pattern,omitempty"`
	PatternStatus string `json:"pattern_status,omitempty"`
}

// WriteHostsJSON writes the host inventory as JSON: a version and one
// entry per host, with its status as one of the scanner.HostStatus values.
func WriteHostsJSON(w io.Writer, hosts []scanner.HostInfo) error {
	out := hostsJSON{Version: HostsJSONVersion, Hosts: make([]hostJSON, len(hosts))}
	for i, h := range hosts {
		out.Hosts[i] = hostJSON{
			Host: h.Host, Status: string(h.Status), Replacement: h.Replacement,
			Environments: h.Environments(), Roles: h.Roles(),
			Mentions: h.Mentions, Files: h.Files,
			Pattern: h.Template.Pattern, PatternStatus: string(h.PatternStatus),
		}
	}
	return encodeJSON(w, out)
}

// WriteHostsText writes the host inventory as a table: host, mentions,
// files and status as HostStatusText words it.
func WriteHostsText(w io.Writer, hosts []scanner.HostInfo) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "HOST\tMENTIONS\tFILES\tSTATUS")
	for _, h := range hosts {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", h.Host, h.Mentions, h.Files, HostStatusText(h))
	}
	return tw.Flush()
}

// HostStatusText words a host's status for a person: "deprecated -> HOST",
// "canonical for ENV/ROLE"; a templated host reads "template  " and the
// status of its pattern.
func HostStatusText(h scanner.HostInfo) string {
	if h.Status == scanner.StatusTemplate {
		h.Status = h.PatternStatus
		return "template  " + HostStatusText(h)
	}
	switch {
	case h.Status == scanner.StatusDeprecated && h.Replacement != "":
		return "deprecated -> " + h.Replacement
	case h.Status == scanner.StatusDeprecated:
		return "deprecated (report only)"
	case h.Status == scanner.StatusCanonical:
		return "canonical for " + strings.Join(h.Canonical, ", ")
	}
	return string(h.Status)
}
