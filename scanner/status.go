package scanner

import (
	"slices"
	"strings"

	"github.com/domainshift/domainshift/rules"
)

// HostStatus is what the rules say about a host of the inventory. Its
// values are part of the hosts JSON contract (schema/hosts.schema.json).
type HostStatus string

// The statuses, in the order a host is classified: the first that holds.
const (
	StatusKept       HostStatus = "kept"       // a [[keep]] entry protects it
	StatusAllowed    HostStatus = "allowed"    // every mention is exempted by [[allow]] or an inline comment
	StatusDeprecated HostStatus = "deprecated" // a [[deprecated]] rule matches it; Replacement is empty when report-only
	StatusCanonical  HostStatus = "canonical"  // an endpoint host of [environments]
	StatusUncovered  HostStatus = "uncovered"  // under a certificate zone, not covered by its names
	StatusUnknown    HostStatus = "unknown"    // no rule says anything about it

	// StatusTemplate is a host written with template placeholders
	// ("pr-{PR_NUMBER}-api.example.com"): many hosts, one pattern. What the
	// rules say about the pattern is its PatternStatus.
	StatusTemplate HostStatus = "template"
)

// HostInfo is one host of the inventory with what the rules say about it.
type HostInfo struct {
	HostCount
	Status      HostStatus
	Replacement string   // the host a deprecated rule rewrites it to; "" when report-only
	Canonical   []string // "ENV/ROLE" of every endpoint it is the host of, for StatusCanonical

	// PatternStatus is, for StatusTemplate, the status of the host's
	// Template.Pattern: kept, allowed, deprecated or unknown (a pattern is
	// no endpoint, and certificates are checked on hosts).
	PatternStatus HostStatus
}

// Classify gives a counted host its status under r: the one place the
// inventory's statuses are decided.
func Classify(r *rules.Rules, h HostCount) HostInfo {
	info := HostInfo{HostCount: h, Status: StatusUnknown}
	if h.Template.IsTemplate() {
		return classifyTemplate(r, info)
	}
	dec := r.Lookup(h.Host)
	switch {
	case dec.Kept:
		info.Status = StatusKept
	case h.Allowed == h.Mentions:
		info.Status = StatusAllowed
	case dec.Deprecated:
		info.Status, info.Replacement = StatusDeprecated, dec.Replacement
	default:
		if roles := r.CanonicalRoles(h.Host); len(roles) > 0 {
			info.Status, info.Canonical = StatusCanonical, roles
		} else if r.CertificateZone(h.Host) && !r.CertificateCovers(h.Host) {
			info.Status = StatusUncovered
		}
	}
	return info
}

// Inventory gives every counted host its status under r, in the order of
// hosts.
func Inventory(r *rules.Rules, hosts []HostCount) []HostInfo {
	out := make([]HostInfo, len(hosts))
	for i, h := range hosts {
		out[i] = Classify(r, h)
	}
	return out
}

// classifyTemplate is Classify for a templated host: the rules judge its
// pattern, and a replacement keeps its placeholders as written.
func classifyTemplate(r *rules.Rules, info HostInfo) HostInfo {
	info.Status, info.PatternStatus = StatusTemplate, StatusUnknown
	dec := r.Lookup(info.Template.Pattern)
	switch {
	case dec.Kept:
		info.PatternStatus = StatusKept
	case info.Allowed == info.Mentions:
		info.PatternStatus = StatusAllowed
	case dec.Deprecated:
		info.PatternStatus = StatusDeprecated
		info.Replacement, _ = info.Template.fill(dec.Replacement)
	}
	return info
}

// Environments returns the environments a canonical host is an endpoint
// of, sorted, each once.
func (h HostInfo) Environments() []string { return h.canonicalPart(0) }

// Roles returns the roles a canonical host is the endpoint of, sorted,
// each once.
func (h HostInfo) Roles() []string { return h.canonicalPart(1) }

func (h HostInfo) canonicalPart(i int) []string {
	out := []string{}
	for _, c := range h.Canonical {
		if env, role, ok := strings.Cut(c, "/"); ok {
			out = append(out, []string{env, role}[i])
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
