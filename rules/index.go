package rules

import (
	"fmt"
	"net"
	"slices"
	"sort"
	"strings"
)

// index builds the lookup tables and the search anchors.
func (c *checker) index(r *Rules) {
	r.exact = map[string]int{}
	r.keepExac = map[string]int{}
	r.canon = map[string][]string{}
	var anchors []string
	var wild []int
	for i, d := range r.Deprecated {
		if d.Host.text == "" {
			continue
		}
		if d.Host.IsWildcard() {
			wild = append(wild, i)
			anchors = append(anchors, d.Host.Suffix())
			continue
		}
		if j, dup := r.exact[d.Host.text]; dup {
			c.errorf(fmt.Sprintf("deprecated[%d].host", i), "host %q is already deprecated by deprecated[%d]", d.Host.text, j)
			continue
		}
		r.exact[d.Host.text] = i
		anchors = append(anchors, d.Host.text)
	}
	sort.SliceStable(wild, func(a, b int) bool {
		return r.Deprecated[wild[a]].Host.Fixed() > r.Deprecated[wild[b]].Host.Fixed()
	})
	r.wild = wildIndex{}
	for _, i := range wild {
		r.wild.add(r.Deprecated[i].Host, i)
	}
	type keepPattern struct {
		p     Pattern
		index int
	}
	var keepWild []keepPattern
	for i, k := range r.Keep {
		for _, p := range k.Hosts {
			if p.IsWildcard() {
				keepWild = append(keepWild, keepPattern{p, i})
				anchors = append(anchors, p.Suffix())
			} else {
				if _, dup := r.keepExac[p.text]; !dup {
					r.keepExac[p.text] = i
				}
				anchors = append(anchors, p.text)
			}
		}
	}
	sort.SliceStable(keepWild, func(a, b int) bool { return keepWild[a].p.Fixed() > keepWild[b].p.Fixed() })
	r.keepWild = wildIndex{}
	for _, k := range keepWild {
		r.keepWild.add(k.p, k.index)
	}
	anchors = append(anchors, r.Secure.Zones...)
	for _, n := range r.Certificates.Names {
		anchors = append(anchors, n.Suffix())
	}
	for _, e := range r.Environments {
		for _, ep := range e.Endpoints {
			if !slices.Contains(r.canon[ep.Host], e.Name) {
				r.canon[ep.Host] = append(r.canon[ep.Host], e.Name)
			}
			if strings.Contains(ep.Host, ".") && net.ParseIP(ep.Host) == nil {
				anchors = append(anchors, ep.Host)
			}
		}
	}
	r.anchors = minimalZones(anchors)
}

// minimalZones drops every zone that lies under another one and sorts the
// rest, shortest first.
func minimalZones(zs []string) []string {
	sort.Slice(zs, func(i, j int) bool { return len(zs[i]) < len(zs[j]) || len(zs[i]) == len(zs[j]) && zs[i] < zs[j] })
	var out []string
	kept := map[string]bool{}
	for _, z := range zs {
		if z == "" || kept[z] || underAny(z, kept) {
			continue
		}
		kept[z] = true
		out = append(out, z)
	}
	return out
}

// underAny reports whether z lies under one of the zones, at a label
// boundary.
func underAny(z string, zones map[string]bool) bool {
	for rest := z; ; {
		dot := strings.IndexByte(rest, '.')
		if dot < 0 {
			return false
		}
		rest = rest[dot+1:]
		if zones[rest] {
			return true
		}
	}
}

// crossCheck finds the errors that involve several entries: replacements
// that are deprecated themselves (and cycles), and endpoints whose host is
// deprecated.
func (c *checker) crossCheck(r *Rules) {
	if len(c.errs) > 0 {
		return // lookups on a half-built index would only add noise
	}
	for i, d := range r.Deprecated {
		if d.ReportOnly() {
			continue
		}
		sample := d.Replace.Expand("x1")
		key := fmt.Sprintf("deprecated[%d].replace", i)
		if _, ok := d.Host.Match(sample); ok {
			c.valueErrorf(key, d.Replace.text, "replacement %q is matched by its own host %q (a rule cycle)", d.Replace.text, d.Host.text)
			continue
		}
		dec := r.Lookup(sample)
		if !dec.Deprecated {
			continue
		}
		if cyc := r.cycle(i, sample); cyc != "" {
			c.valueErrorf(key, d.Replace.text, "rule cycle: %s", cyc)
			continue
		}
		c.valueErrorf(key, d.Replace.text, "replacement %q is itself deprecated by deprecated[%d] (%s)", d.Replace.text, dec.Rule, r.Deprecated[dec.Rule].Host.text)
	}
	for _, e := range r.Environments {
		for _, ep := range e.Endpoints {
			if dec := r.Lookup(ep.Host); dec.Deprecated {
				key := "environments." + e.Name + ".endpoints." + ep.Role
				c.valueErrorf(key, ep.URL, "endpoint host %q is deprecated by deprecated[%d] (%s)", ep.Host, dec.Rule, r.Deprecated[dec.Rule].Host.text)
			}
		}
	}
}

// cycle follows replacements from rule start; it returns the chain when it
// comes back to a host already seen, or "" when it ends.
func (r *Rules) cycle(start int, first string) string {
	chain := []string{r.Deprecated[start].Host.text, first}
	seen := map[int]bool{start: true}
	h := first
	for range len(r.Deprecated) + 1 {
		dec := r.Lookup(h)
		if !dec.Deprecated {
			return ""
		}
		if seen[dec.Rule] {
			return strings.Join(chain, " -> ")
		}
		seen[dec.Rule] = true
		if dec.Replacement == "" {
			return ""
		}
		h = dec.Replacement
		chain = append(chain, h)
	}
	return strings.Join(chain, " -> ")
}
