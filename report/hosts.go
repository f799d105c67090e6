package report

import (
	"io"

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
