package rules

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/bmatcuk/doublestar/v4"
)

// The raw structs mirror rules.toml as written; Load translates them into
// the validated types above.
type rawFile struct {
	Version      *int              `toml:"version"`
	Scan         rawScan           `toml:"scan"`
	Environments map[string]rawEnv `toml:"environments"`
	Deprecated   []rawDeprecated   `toml:"deprecated"`
	Keep         []rawKeep         `toml:"keep"`
	Allow        []rawAllow        `toml:"allow"`
	Secure       rawSecure         `toml:"secure"`
	Certificates rawCertificates   `toml:"certificates"`
	Exports      []rawExport       `toml:"exports"`
	Verify       rawVerify         `toml:"verify"`
}

type rawScan struct {
	Include     []string `toml:"include"`
	Exclude     []string `toml:"exclude"`
	MaxFileSize any      `toml:"max_file_size"`
}

type rawEnv struct {
	Paths     []string          `toml:"paths"`
	Endpoints map[string]string `toml:"endpoints"`
}

type rawDeprecated struct {
	Host     string `toml:"host"`
	Replace  string `toml:"replace"`
	Reason   string `toml:"reason"`
	Severity string `toml:"severity"`
}

type rawKeep struct {
	Hosts  []string `toml:"hosts"`
	Reason string   `toml:"reason"`
}

type rawAllow struct {
	Paths   []string `toml:"paths"`
	Hosts   []string `toml:"hosts"`
	Rules   []string `toml:"rules"`
	Reason  string   `toml:"reason"`
	Expires any      `toml:"expires"` // a TOML date, or a "YYYY-MM-DD" string
}

type rawSecure struct {
	Zones    []string `toml:"zones"`
	Local    []string `toml:"local"`
	Fix      *bool    `toml:"fix"`
	Severity string   `toml:"severity"`
}

type rawCertificates struct {
	Names    []string `toml:"names"`
	Severity string   `toml:"severity"`
}

type rawExport struct {
	Path   string `toml:"path"`
	Format string `toml:"format"`
	Env    string `toml:"env"`
}

// knownKeys lists the keys each table accepts, for unknown-key errors and
// their did-you-mean; "environments.*" stands for every environment.
var knownKeys = map[string][]string{
	"":                         {"version", "scan", "environments", "deprecated", "keep", "allow", "secure", "certificates", "exports", "verify"},
	"scan":                     {"include", "exclude", "max_file_size"},
	"environments.*":           {"paths", "endpoints"},
	"deprecated":               {"host", "replace", "reason", "severity"},
	"keep":                     {"hosts", "reason"},
	"allow":                    {"paths", "hosts", "rules", "reason", "expires"},
	"secure":                   {"zones", "local", "fix", "severity"},
	"certificates":             {"names", "severity"},
	"exports":                  {"path", "format", "env"},
	"verify":                   verifyKeys,
	"verify.endpoints.*":       verifyEndpointKeys,
	"environments.*.endpoints": nil,
}

// ExportFormats are the formats `export` writes.
var ExportFormats = []string{"env", "json", "python", "typescript", "go"}

// Load reads and validates the rules file at path.
func Load(path string) (*Rules, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	return Parse(path, data)
}

// checker collects errors while translating the raw file.
type checker struct {
	file string
	loc  *locator
	errs Errors

	reported map[string]bool // unknown keys reported, by path
	counts   map[string]int  // unknown keys reported, by path, counting repeats
}

func (c *checker) errorf(key string, format string, args ...any) {
	p := c.loc.find(key)
	c.errs = append(c.errs, &Error{File: c.file, Line: p.line, Col: p.col, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// valueErrorf points at the quoted value v under key when it can be found.
func (c *checker) valueErrorf(key, v string, format string, args ...any) {
	p := c.loc.findValue(key, v)
	c.errs = append(c.errs, &Error{File: c.file, Line: p.line, Col: p.col, Key: key, Msg: fmt.Sprintf(format, args...)})
}

// Parse validates the rules file content data; name is used in errors.
func Parse(name string, data []byte) (*Rules, error) {
	// The locator reads the file while the decoder does: for a large
	// rules file each takes about as long as the other.
	located := make(chan *locator, 1)
	go func() { located <- newLocator(data) }()
	var raw rawFile
	md, err := toml.Decode(string(data), &raw)
	c := &checker{file: name, loc: <-located}
	if err != nil {
		var pe toml.ParseError
		if ppe := (*toml.ParseError)(nil); errors.As(err, &ppe) {
			pe = *ppe
		} else if !errors.As(err, &pe) {
			// decode errors are plain strings: "toml: line N (last key "k"): msg"
			m := decodeErrRE.FindStringSubmatch(err.Error())
			if m == nil {
				return nil, Errors{{File: name, Msg: err.Error()}}
			}
			pe.Position.Line, _ = strconv.Atoi(m[1])
			pe.LastKey, pe.Message = m[2], m[3]
		}
		e := &Error{File: name, Line: pe.Position.Line, Key: pe.LastKey, Msg: friendlyTOML(pe.Message, pe.LastKey)}
		if pe.Position.Col > 0 {
			p := syntaxPosition(data, pe.Position.Start, pe.Message)
			e.Line, e.Col = p.line, p.col
		}
		if key, p := c.loc.findStripped(pe.LastKey); p.line == e.Line && e.Col == 0 {
			e.Key, e.Col = key, p.col
		} else if p.line == e.Line {
			e.Key = key
		}
		if m := duplicateRE.FindStringSubmatch(pe.Message); m != nil {
			c.duplicate(e, m[1])
		}
		if e.Col == 0 && e.Line > 0 {
			e.Col = 1
		}
		return nil, Errors{e}
	}
	c.checkTables(md)
	for _, k := range md.Undecoded() {
		c.unknownKey(k)
	}
	r := c.translate(&raw)
	if len(c.errs) > 0 {
		sort.SliceStable(c.errs, func(i, j int) bool {
			a, b := c.errs[i], c.errs[j]
			return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
		})
		return nil, c.errs
	}
	return r, nil
}

func (c *checker) translate(raw *rawFile) *Rules {
	r := &Rules{File: c.file, Version: 1}
	if raw.Version != nil {
		r.Version = *raw.Version
		if r.Version != 1 {
			c.errorf("version", "unsupported version %d (this domainshift reads version 1)", r.Version)
		}
	}
	r.Scan = c.scan(raw.Scan)
	r.Environments = c.environments(raw.Environments)
	for i, d := range raw.Deprecated {
		r.Deprecated = append(r.Deprecated, c.deprecated(i, d))
	}
	for i, k := range raw.Keep {
		key := fmt.Sprintf("keep[%d]", i)
		if len(k.Hosts) == 0 {
			c.errorf(key, "keep needs at least one entry in hosts")
		}
		r.Keep = append(r.Keep, Keep{Index: i, Line: c.loc.find(key).line, Hosts: c.patterns(key+".hosts", k.Hosts), Reason: k.Reason})
	}
	for i, a := range raw.Allow {
		r.Allow = append(r.Allow, c.allow(i, a))
	}
	r.Secure = c.secure(raw.Secure, r)
	r.Certificates = Certificates{Names: c.patterns("certificates.names", raw.Certificates.Names), Severity: c.severity("certificates.severity", raw.Certificates.Severity)}
	r.Exports = c.exports(raw.Exports, r)
	r.Verify = c.verify(raw.Verify, r)
	c.index(r)
	c.crossCheck(r)
	c.contradictions(r)
	return r
}

func (c *checker) scan(s rawScan) Scan {
	out := Scan{Include: s.Include, Exclude: s.Exclude, MaxFileSize: DefaultMaxFileSize}
	c.globs("scan.include", s.Include)
	c.globs("scan.exclude", s.Exclude)
	switch v := s.MaxFileSize.(type) {
	case nil:
	case int64:
		if v <= 0 {
			c.errorf("scan.max_file_size", "must be positive")
		}
		out.MaxFileSize = v
	case string:
		n, err := ParseSize(v)
		if err != nil {
			c.errorf("scan.max_file_size", "%v", err)
		}
		out.MaxFileSize = n
	default:
		c.errorf("scan.max_file_size", "want a size such as \"8MiB\" or a number of bytes")
	}
	return out
}

var sizeRE = regexp.MustCompile(`^\s*(\d+)\s*([KMG]i?B|B)?\s*$`)

// ParseSize parses sizes such as "8MiB", "512KB" or "1048576".
func ParseSize(s string) (int64, error) {
	m := sizeRE.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("invalid size %q (want a number with an optional unit B, KB, KiB, MB, MiB, GB, GiB)", s)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("invalid size %q", s)
	}
	mult := map[string]int64{"": 1, "B": 1, "KB": 1e3, "KiB": 1 << 10, "MB": 1e6, "MiB": 1 << 20, "GB": 1e9, "GiB": 1 << 30}[m[2]]
	return n * mult, nil
}

func (c *checker) globs(key string, gs []string) {
	for i, g := range gs {
		if g == "" || !doublestar.ValidatePattern(g) {
			c.valueErrorf(fmt.Sprintf("%s[%d]", key, i), g, "invalid glob %q", g)
		} else if strings.HasPrefix(g, "/") || strings.HasPrefix(g, "./") || strings.Contains(g, `\`) {
			c.valueErrorf(fmt.Sprintf("%s[%d]", key, i), g, "glob %q must be relative to the root, with forward slashes and no leading \"/\" or \"./\"", g)
		}
	}
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

func (c *checker) environments(raw map[string]rawEnv) []Environment {
	names := make([]string, 0, len(raw))
	for n := range raw {
		names = append(names, n)
	}
	sort.Strings(names)
	var envs []Environment
	for _, n := range names {
		e := raw[n]
		key := "environments." + n
		if !nameRE.MatchString(n) {
			c.errorf(key, "invalid environment name %q (letters, digits, '-' and '_')", n)
		}
		c.globs(key+".paths", e.Paths)
		env := Environment{Name: n, Paths: e.Paths}
		roles := make([]string, 0, len(e.Endpoints))
		for role := range e.Endpoints {
			roles = append(roles, role)
		}
		sort.Strings(roles)
		for _, role := range roles {
			if ep, ok := c.endpoint(key+".endpoints."+role, role, e.Endpoints[role]); ok {
				env.Endpoints = append(env.Endpoints, ep)
			}
		}
		envs = append(envs, env)
	}
	return envs
}

func (c *checker) endpoint(key, role, raw string) (Endpoint, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		c.valueErrorf(key, raw, "invalid URL %q (want scheme://host[:port][/path])", raw)
		return Endpoint{}, false
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss":
	default:
		c.valueErrorf(key, raw, "unsupported scheme %q in %q (want http, https, ws or wss)", u.Scheme, raw)
		return Endpoint{}, false
	}
	host := strings.ToLower(u.Hostname())
	if net.ParseIP(host) == nil {
		if _, err := parsePattern(host, 1); err != nil || strings.Contains(host, "*") {
			c.valueErrorf(key, raw, "invalid host in URL %q", raw)
			return Endpoint{}, false
		}
	}
	return Endpoint{Role: role, URL: raw, Host: host, Port: u.Port(), Parsed: u}, true
}

func (c *checker) deprecated(i int, d rawDeprecated) Deprecated {
	key := fmt.Sprintf("deprecated[%d]", i)
	out := Deprecated{Index: i, Reason: d.Reason, Severity: c.severity(key+".severity", d.Severity)}
	if d.Host == "" {
		c.errorf(key, "missing host")
	} else if p, err := ParsePattern(d.Host); err != nil {
		c.valueErrorf(key+".host", d.Host, "%v", err)
	} else {
		out.Host = p
	}
	if d.Replace != "" {
		p, err := ParsePattern(d.Replace)
		switch {
		case err != nil:
			c.valueErrorf(key+".replace", d.Replace, "%v", err)
		case p.IsWildcard() && !out.Host.IsWildcard():
			c.valueErrorf(key+".replace", d.Replace, "replacement %q has a '*' but host %q has none to capture", d.Replace, d.Host)
		default:
			out.Replace = p
		}
	}
	return out
}

func (c *checker) allow(i int, a rawAllow) Allow {
	key := fmt.Sprintf("allow[%d]", i)
	if len(a.Paths)+len(a.Hosts)+len(a.Rules) == 0 {
		c.errorf(key, "allow needs at least one of paths, hosts or rules")
	}
	if strings.TrimSpace(a.Reason) == "" {
		c.errorf(key, "allow needs a reason saying why these findings are accepted")
	}
	c.globs(key+".paths", a.Paths)
	for j, id := range a.Rules {
		if !slices.Contains(RuleIDs, id) {
			msg := fmt.Sprintf("unknown rule %q", id)
			if s := suggest(id, RuleIDs); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			c.valueErrorf(fmt.Sprintf("%s.rules[%d]", key, j), id, "%s", msg)
		}
	}
	return Allow{Index: i, Line: c.loc.find(key).line, Paths: a.Paths, Hosts: c.patterns(key+".hosts", a.Hosts), Rules: a.Rules, Reason: a.Reason,
		Expires: c.date(key+".expires", a.Expires)}
}

// date reads an optional date: a TOML local date (2027-03-31) or the same
// in a string. The zero Time when v is absent or wrong.
func (c *checker) date(key string, v any) time.Time {
	const want = "a date such as 2027-03-31"
	switch d := v.(type) {
	case nil:
	case time.Time:
		if d.Location().String() == "date-local" { // how BurntSushi/toml marks a TOML local date
			return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		}
		c.errorf(key, "must be %s, without a time of day", want)
	case string:
		t, err := time.Parse(time.DateOnly, d)
		if err == nil {
			return t
		}
		c.valueErrorf(key, d, "must be %s, not %q", want, d)
	default:
		c.errorf(key, "must be %s, not %v", want, v)
	}
	return time.Time{}
}

func (c *checker) secure(s rawSecure, r *Rules) Secure {
	out := Secure{Local: s.Local, Fix: true, Severity: c.severity("secure.severity", s.Severity)}
	if s.Fix != nil {
		out.Fix = *s.Fix
	}
	for i, z := range s.Zones {
		p, err := ParsePattern(z)
		if err != nil || p.IsWildcard() {
			if err == nil {
				err = fmt.Errorf("zone %q must not hold '*' (a zone already covers every name below it)", z)
			}
			c.valueErrorf(fmt.Sprintf("secure.zones[%d]", i), z, "%v", err)
			continue
		}
		out.Zones = append(out.Zones, p.text)
	}
	if s.Local == nil {
		out.Local = []string{"localhost", "127.0.0.1", "::1", "*.localhost", "*.local"}
	}
	for i, l := range out.Local {
		if ip := net.ParseIP(strings.Trim(l, "[]")); ip != nil {
			r.localIPs = append(r.localIPs, ip)
			continue
		}
		p, err := parsePattern(l, 1)
		if err != nil {
			c.valueErrorf(fmt.Sprintf("secure.local[%d]", i), l, "%v", err)
			continue
		}
		r.localHosts = append(r.localHosts, p)
	}
	return out
}

func (c *checker) exports(raw []rawExport, r *Rules) []Export {
	var out []Export
	for i, e := range raw {
		key := fmt.Sprintf("exports[%d]", i)
		if e.Path == "" {
			c.errorf(key, "missing path")
		}
		if !slices.Contains(ExportFormats, e.Format) {
			c.errorf(key+".format", "unknown format %q (want one of %s)", e.Format, strings.Join(ExportFormats, ", "))
		}
		if _, ok := r.Environment(e.Env); !ok {
			c.errorf(key+".env", "unknown environment %q", e.Env)
		}
		out = append(out, Export{Index: i, Path: e.Path, Format: e.Format, Env: e.Env})
	}
	return out
}

func (c *checker) patterns(key string, hosts []string) []Pattern {
	var out []Pattern
	for i, h := range hosts {
		p, err := ParsePattern(h)
		if err != nil {
			c.valueErrorf(fmt.Sprintf("%s[%d]", key, i), h, "%v", err)
			continue
		}
		out = append(out, p)
	}
	return out
}

func (c *checker) severity(key, s string) Severity {
	switch Severity(s) {
	case "":
		return SeverityError
	case SeverityError, SeverityWarning:
		return Severity(s)
	}
	c.valueErrorf(key, s, "unknown severity %q (want \"error\" or \"warning\")", s)
	return SeverityError
}
