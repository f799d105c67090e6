package scaffold

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

// Options say what Propose knows beyond the files.
type Options struct {
	// Certs are the names on the TLS certificate, such as "*.example.com".
	Certs []string
}

// Proposal is a starter rules.toml, before it is written out.
type Proposal struct {
	Zones        []Zone
	Environments []Environment
	Deprecated   []Deprecation
	Uncovered    []string // hosts the certificates do not cover and no proposal fixes
	Certs        []string
}

// Zone is a registrable-looking suffix and what lies under it.
type Zone struct {
	Name            string
	Hosts, Mentions int
}

// Environment is an environment that the paths suggest.
type Environment struct {
	Name      string
	Spellings []string // as seen in paths: "staging", "stg"
	Files     int
	Examples  []string // a few paths that suggested it
	Paths     []string // globs
	Endpoints []Endpoint
}

// Endpoint is a candidate canonical endpoint, to be confirmed.
type Endpoint struct {
	Role, URL string
}

// Deprecation is an uncovered two-level host and its flattened name.
type Deprecation struct {
	Host, Replace, Cert string
	Mentions            int
}

// Propose turns an inventory into a proposal. It fails only on a
// certificate name that is not a valid host pattern.
func Propose(inv *Inventory, opts Options) (*Proposal, error) {
	var certs []rules.Pattern
	for _, c := range opts.Certs {
		p, err := rules.ParsePattern(strings.ToLower(strings.TrimSpace(c)))
		if err != nil {
			return nil, fmt.Errorf("certificate name %q: %w", c, err)
		}
		certs = append(certs, p)
	}
	p := &Proposal{Certs: make([]string, 0, len(certs))}
	for _, c := range certs {
		p.Certs = append(p.Certs, c.String())
	}
	hosts := ownHosts(inv.Hosts)
	p.Zones = zones(hosts)

	deprecated := map[string]bool{}
	for _, h := range hosts {
		if !underAny(h.Name, certs) || covered(h.Name, certs) {
			continue
		}
		if d, ok := flatten(h, certs); ok {
			p.Deprecated = append(p.Deprecated, d)
			deprecated[h.Name] = true
			continue
		}
		p.Uncovered = append(p.Uncovered, h.Name)
	}
	// Endpoint candidates: the covered hosts that stay, plus the flattened names.
	var names []string
	for _, h := range hosts {
		if !deprecated[h.Name] && !slices.Contains(p.Uncovered, h.Name) {
			names = append(names, h.Name)
		}
	}
	for _, d := range p.Deprecated {
		names = append(names, d.Replace)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	p.Environments = environments(inv.Paths, names)
	return p, nil
}

// ownHosts drops two-label names that look like code rather than hosts
// (self.app, socket.io in an import): a name that is its own zone counts
// only when it appears in a URL or has hosts below it.
func ownHosts(hs []Host) []Host {
	deeper := map[string]bool{}
	for _, h := range hs {
		if z := ZoneOf(h.Name); z != h.Name {
			deeper[z] = true
		}
	}
	var out []Host
	for _, h := range hs {
		if ZoneOf(h.Name) != h.Name || h.InURL || deeper[h.Name] {
			out = append(out, h)
		}
	}
	return out
}

func zones(hs []Host) []Zone {
	byName := map[string]*Zone{}
	for _, h := range hs {
		z := ZoneOf(h.Name)
		if byName[z] == nil {
			byName[z] = &Zone{Name: z}
		}
		byName[z].Hosts++
		byName[z].Mentions += h.Mentions
	}
	var out []Zone
	for _, z := range byName {
		out = append(out, *z)
	}
	sortZones(out)
	return out
}

// sortZones orders zones by mentions, most first, then by name.
func sortZones(zs []Zone) {
	sort.Slice(zs, func(i, j int) bool {
		if zs[i].Mentions != zs[j].Mentions {
			return zs[i].Mentions > zs[j].Mentions
		}
		return zs[i].Name < zs[j].Name
	})
}

func underAny(h string, certs []rules.Pattern) bool {
	for _, c := range certs {
		if rules.InZone(h, c.Suffix()) || !c.IsWildcard() && rules.InZone(h, c.String()) {
			return true
		}
	}
	return false
}

func covered(h string, certs []rules.Pattern) bool {
	for _, c := range certs {
		if _, ok := c.Match(h); ok {
			return true
		}
	}
	return false
}

// flatten proposes a one-label name for a host two labels under a
// wildcard certificate: api.staging.example.com -> api-staging.example.com.
func flatten(h Host, certs []rules.Pattern) (Deprecation, bool) {
	labels := strings.Split(h.Name, ".")
	for _, c := range certs {
		if !c.IsWildcard() || !strings.HasPrefix(c.String(), "*.") {
			continue
		}
		zone := c.Suffix()
		if !rules.InZone(h.Name, zone) || len(labels) != strings.Count(zone, ".")+3 {
			continue
		}
		repl := labels[0] + "-" + labels[1] + "." + zone
		if len(labels[0])+1+len(labels[1]) > 63 || !covered(repl, certs) {
			continue
		}
		return Deprecation{Host: h.Name, Replace: repl, Cert: c.String(), Mentions: h.Mentions}, true
	}
	return Deprecation{}, false
}

// envAliases maps the path words that suggest an environment to its name.
var envAliases = map[string]string{
	"staging": "staging", "stage": "staging", "stg": "staging",
	"production": "production", "prod": "production", "prd": "production",
	"development": "development", "dev": "development",
	"qa": "qa", "uat": "uat", "preview": "preview", "sandbox": "sandbox",
}

// distinctive spellings are unlikely inside other words, so a substring
// glob is safe for them; short ones ("dev" in "device") get exact globs.
var distinctive = map[string]bool{"staging": true, "production": true, "development": true, "preview": true, "sandbox": true}

// maxExactGlobs is how many exact globs an environment gets before they
// are replaced by word-boundary patterns.
const maxExactGlobs = 6

func environments(paths, hosts []string) []Environment {
	byName := map[string]*Environment{}
	exact := map[string][]string{}
	for _, p := range paths {
		hit := map[string]bool{}
		comps := strings.Split(p, "/")
		for i, comp := range comps {
			for _, w := range words(comp) {
				name, ok := envAliases[w]
				if !ok {
					continue
				}
				e := byName[name]
				if e == nil {
					e = &Environment{Name: name}
					byName[name] = e
				}
				if !slices.Contains(e.Spellings, w) {
					e.Spellings = append(e.Spellings, w)
				}
				if !hit[name] {
					hit[name] = true
					e.Files++
					if len(e.Examples) < 3 {
						e.Examples = append(e.Examples, p)
					}
				}
				if !distinctive[w] {
					g := "**/" + comp
					if i < len(comps)-1 {
						g += "/**"
					}
					if !slices.Contains(exact[name], g) {
						exact[name] = append(exact[name], g)
					}
				}
			}
		}
	}
	var out []Environment
	for _, e := range byName {
		slices.Sort(e.Spellings)
		var globs []string
		var short []string
		for _, s := range e.Spellings {
			if distinctive[s] {
				globs = append(globs, "**/*"+s+"*", "**/*"+s+"*/**")
			} else {
				short = append(short, s)
			}
		}
		ex := exact[e.Name]
		literal := len(ex) <= maxExactGlobs && !slices.ContainsFunc(ex, func(g string) bool {
			return strings.ContainsAny(strings.TrimSuffix(strings.TrimPrefix(g, "**/"), "/**"), `*?[]{}\"`)
		})
		if literal {
			globs = append(globs, ex...)
		} else {
			for _, s := range short {
				globs = append(globs, "**/"+s+"/**", "**/*[-._]"+s+"[-._]*", "**/*[-._]"+s, "**/"+s+"[-._]*", "**/*[-._]"+s+"/**")
			}
		}
		slices.Sort(globs)
		e.Paths = slices.Compact(globs)
		e.Endpoints = endpoints(e, hosts)
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// words splits a path component into lower-case runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

// endpoints guesses a role for every host whose name holds one of the
// environment's spellings as a word: api-staging.example.com is the
// staging backend.
//
// Each role is named once, so that uncommenting every candidate leaves a
// valid table: a second candidate for a role is ROLE-2, and so on.
func endpoints(e *Environment, hosts []string) []Endpoint {
	var out []Endpoint
	taken := map[string]int{}
	for _, h := range hosts {
		labels := strings.Split(h, ".")
		sub := labels[:len(labels)-strings.Count(ZoneOf(h), ".")-1]
		var rest []string
		found := false
		for _, l := range sub {
			for _, w := range strings.Split(l, "-") {
				if slices.Contains(e.Spellings, w) {
					found = true
				} else {
					rest = append(rest, w)
				}
			}
		}
		if !found {
			continue
		}
		role, scheme := "frontend", "https"
		switch first := strings.Join(rest, "-"); first {
		case "", "app", "www", "web":
		case "api", "backend":
			role = "backend"
		case "ws", "wss", "socket", "websocket", "realtime":
			role, scheme = "websocket", "wss"
		default:
			role = first
		}
		if taken[role]++; taken[role] > 1 {
			role = fmt.Sprintf("%s-%d", role, taken[role])
		}
		out = append(out, Endpoint{Role: role, URL: scheme + "://" + h})
	}
	return out
}

// Recount replaces the counts of p, taken from the candidate hosts Collect
// found, with those of the scanner's inventory under p's own rules, hosts
// as `domainshift hosts` counts them: the scanner also sees the escaped
// and encoded spellings (api\.staging\.example\.com) that Collect, which
// looks for plain names, misses. A zone's hosts are the inventory hosts
// at or below it; a deprecated host's mentions are its own.
func (p *Proposal) Recount(hosts []scanner.HostCount) {
	mentions := make(map[string]int, len(hosts))
	for _, h := range hosts {
		mentions[h.Host] = h.Mentions
	}
	for i := range p.Deprecated {
		p.Deprecated[i].Mentions = mentions[p.Deprecated[i].Host]
	}
	for i := range p.Zones {
		z := &p.Zones[i]
		z.Hosts, z.Mentions = 0, 0
		for _, h := range hosts {
			if h.Host == z.Name || strings.HasSuffix(h.Host, "."+z.Name) {
				z.Hosts++
				z.Mentions += h.Mentions
			}
		}
	}
	sortZones(p.Zones)
}
