// Package rules loads and validates rules.toml, the single source of truth
// for a migration: the canonical endpoints of every environment, the
// deprecated host names and their replacements, the hosts to keep, the
// exemptions, and the scheme and certificate policies. It reads the rules
// file and nothing else.
package rules

import (
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
)

// Rule identifiers used in findings.
const (
	RuleDeprecatedHost  = "deprecated-host"
	RuleInsecureScheme  = "insecure-scheme"
	RuleEnvironmentLeak = "environment-leak"
	RuleUncoveredHost   = "uncovered-host"
	RuleSSOTDrift       = "ssot-drift"
)

// RuleIDs lists every rule identifier a finding can carry.
var RuleIDs = []string{RuleDeprecatedHost, RuleInsecureScheme, RuleEnvironmentLeak, RuleUncoveredHost, RuleSSOTDrift}

// Severity says whether a finding fails `check` ("error") or is only
// reported ("warning").
type Severity string

// Severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// DefaultMaxFileSize is the scan size limit when rules.toml sets none.
const DefaultMaxFileSize = 8 << 20

// Rules is a validated rules.toml.
type Rules struct {
	File         string // path of the rules file as it was loaded
	Version      int
	Scan         Scan
	Environments []Environment // sorted by name
	Deprecated   []Deprecated  // in file order
	Keep         []Keep
	Allow        []Allow // the entries in force
	Expired      []Allow // entries ExpireAllows took out of Allow
	Secure       Secure
	Certificates Certificates
	Exports      []Export
	Verify       Verify

	exact      map[string]int // exact deprecated host -> index into Deprecated
	wild       wildIndex      // wildcard deprecated rules, most specific first -> index into Deprecated
	keepExac   map[string]int // exact kept host -> index into Keep
	keepWild   wildIndex      // wildcard kept hosts, most specific first -> index into Keep
	anchors    []string
	localIPs   []net.IP
	localHosts []Pattern
	canon      map[string][]string // endpoint host -> environment names
}

// Scan holds the [scan] section. Globs are relative to the root of the
// run (the top of the git repository), wherever the rules file lives.
type Scan struct {
	Include     []string
	Exclude     []string
	MaxFileSize int64
}

// Environment is one [environments.NAME] table.
type Environment struct {
	Name      string
	Paths     []string   // doublestar globs of the files that belong to it
	Endpoints []Endpoint // sorted by role
}

// Endpoint is the canonical URL of one role in an environment.
type Endpoint struct {
	Role   string
	URL    string // as written
	Host   string // lower case, without port
	Port   string // explicit port, if any
	Parsed *url.URL
}

// Deprecated is one [[deprecated]] entry.
type Deprecated struct {
	Index    int
	Host     Pattern
	Replace  Pattern // zero when report-only
	Reason   string
	Severity Severity
}

// ReportOnly reports whether the entry has no replacement.
func (d Deprecated) ReportOnly() bool { return d.Replace.text == "" }

// Keep is one [[keep]] entry: hosts that never produce findings.
type Keep struct {
	Index  int
	Line   int // where the entry starts in the rules file
	Hosts  []Pattern
	Reason string
}

// Allow is one [[allow]] entry: it exempts findings that match every one
// of the criteria it sets (any path, any host, any rule within each).
type Allow struct {
	Index  int
	Line   int // where the entry starts in the rules file
	Paths  []string
	Hosts  []Pattern
	Rules  []string
	Reason string

	// Expires is the last day (a date, at midnight UTC) the entry
	// exempts anything; zero: never expires. ExpireAllows takes expired
	// entries out.
	Expires time.Time
}

// ExpireAllows moves the allow entries that expired before today (its
// date where the run is) from Allow to Expired: their findings are
// reported again, and a person decides whether to fix them or to extend
// the entry.
func (r *Rules) ExpireAllows(today time.Time) {
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	active := r.Allow[:0:0]
	for _, a := range r.Allow {
		if !a.Expires.IsZero() && a.Expires.Before(day) {
			r.Expired = append(r.Expired, a)
		} else {
			active = append(active, a)
		}
	}
	r.Allow = active
}

// Secure is the [secure] scheme policy.
type Secure struct {
	Zones    []string
	Local    []string // host patterns (one label allowed) and IP literals
	Fix      bool
	Severity Severity
}

// Certificates is the [certificates] coverage audit.
type Certificates struct {
	Names    []Pattern
	Severity Severity
}

// Export is one [[exports]] entry: a generated SSOT file.
type Export struct {
	Index  int
	Path   string
	Format string
	Env    string
}

// Decision is what the rules say about one host.
type Decision struct {
	Kept        bool
	Keep        int // index into Rules.Keep when Kept
	Deprecated  bool
	Rule        int    // index into Rules.Deprecated when Deprecated
	Replacement string // lower case; empty when report-only
}

// Lookup returns the most specific rule for the lower-case host h: a keep
// entry, then an exact deprecated host, then the wildcard with the most fixed
// characters.
func (r *Rules) Lookup(h string) Decision {
	if i, ok := r.keepExac[h]; ok {
		return Decision{Kept: true, Keep: i}
	}
	if i, _, ok := r.keepWild.match(h); ok {
		return Decision{Kept: true, Keep: i}
	}
	if i, ok := r.exact[h]; ok {
		return r.deprecated(i, "")
	}
	if i, c, ok := r.wild.match(h); ok {
		return r.deprecated(i, c)
	}
	return Decision{}
}

func (r *Rules) deprecated(i int, capture string) Decision {
	d := Decision{Deprecated: true, Rule: i}
	if !r.Deprecated[i].ReportOnly() {
		d.Replacement = r.Deprecated[i].Replace.Expand(capture)
	}
	return d
}

// Anchors returns the zones under which every host the rules care about
// lies, shortest first; the scanner searches for these.
func (r *Rules) Anchors() []string { return r.anchors }

// InSecureZone reports whether the lower-case host is under a [secure] zone.
func (r *Rules) InSecureZone(h string) bool {
	for _, z := range r.Secure.Zones {
		if InZone(h, z) {
			return true
		}
	}
	return false
}

// IsLocal reports whether the host is exempt from the scheme policy.
func (r *Rules) IsLocal(h string) bool {
	h = strings.TrimSuffix(strings.Trim(h, "[]"), ".")
	if ip := net.ParseIP(h); ip != nil {
		return slices.ContainsFunc(r.localIPs, ip.Equal)
	}
	for _, p := range r.localHosts {
		if _, ok := p.Match(h); ok {
			return true
		}
	}
	return false
}

// CertificateZone reports whether the host lies under a zone that
// [certificates] names (for "*.example.com" that is example.com).
func (r *Rules) CertificateZone(h string) bool {
	for _, n := range r.Certificates.Names {
		if InZone(h, n.Suffix()) || !n.IsWildcard() && InZone(h, n.text) {
			return true
		}
	}
	return false
}

// CertificateCovers reports whether a certificate name matches the host.
func (r *Rules) CertificateCovers(h string) bool {
	for _, n := range r.Certificates.Names {
		if _, ok := n.Match(h); ok {
			return true
		}
	}
	return false
}

// EnvironmentsOf returns the names of the environments whose paths match the
// slash-separated path relative to the root.
func (r *Rules) EnvironmentsOf(path string) []string {
	var envs []string
	for _, e := range r.Environments {
		for _, g := range e.Paths {
			if ok, _ := doublestar.Match(g, path); ok {
				envs = append(envs, e.Name)
				break
			}
		}
	}
	return envs
}

// CanonicalFor returns the environments for which the lower-case host is an
// endpoint host.
func (r *Rules) CanonicalFor(h string) []string { return r.canon[h] }

// CanonicalRoles returns "env/role" for every endpoint whose host is h.
func (r *Rules) CanonicalRoles(h string) []string {
	var out []string
	for _, e := range r.Environments {
		for _, ep := range e.Endpoints {
			if ep.Host == h {
				out = append(out, e.Name+"/"+ep.Role)
			}
		}
	}
	return out
}

// Environment returns the environment with the given name.
func (r *Rules) Environment(name string) (Environment, bool) {
	for _, e := range r.Environments {
		if e.Name == name {
			return e, true
		}
	}
	return Environment{}, false
}

// KeepMatches reports whether keep entry i matches host h.
func (r *Rules) KeepMatches(i int, h string) bool {
	for _, p := range r.Keep[i].Hosts {
		if _, ok := p.Match(h); ok {
			return true
		}
	}
	return false
}

// Allows reports whether allow entry a exempts a finding of rule on host h in
// path. Criteria the entry leaves empty match everything.
func (a Allow) Allows(path, rule, h string) bool {
	if len(a.Rules) > 0 && !slices.Contains(a.Rules, rule) {
		return false
	}
	if len(a.Hosts) > 0 && !slices.ContainsFunc(a.Hosts, func(p Pattern) bool { _, ok := p.Match(h); return ok }) {
		return false
	}
	if len(a.Paths) > 0 && !slices.ContainsFunc(a.Paths, func(g string) bool { ok, _ := doublestar.Match(g, path); return ok }) {
		return false
	}
	return true
}

// NothingToCheck reports whether the rules name nothing a check could find:
// no deprecated host, no secure zone and no environment. A check with such
// rules would pass whatever the repository holds.
func (r *Rules) NothingToCheck() bool {
	return len(r.Deprecated) == 0 && len(r.Secure.Zones) == 0 && len(r.Environments) == 0
}
