package rules

import (
	"fmt"
	"slices"
	"strings"
)

// contradictions reports the entries that undo one another: a keep or
// allow entry that exempts every host a deprecated rule names, so that the
// rule can never report. Each error sits at the exempting host and names
// where the rule it shadows is written.
func (c *checker) contradictions(r *Rules) {
	if len(c.errs) > 0 {
		return
	}
	type exemption struct {
		key, what string
		p         Pattern
	}
	var ex []exemption
	for i, k := range r.Keep {
		for j, p := range k.Hosts {
			ex = append(ex, exemption{fmt.Sprintf("keep[%d].hosts[%d]", i, j), fmt.Sprintf("keep[%d]", i), p})
		}
	}
	for i, a := range r.Allow {
		if len(a.Paths) > 0 || !a.Expires.IsZero() || len(a.Rules) > 0 && !slices.Contains(a.Rules, RuleDeprecatedHost) {
			continue // exempts only some places, for a while, or other findings
		}
		for j, p := range a.Hosts {
			ex = append(ex, exemption{fmt.Sprintf("allow[%d].hosts[%d]", i, j), fmt.Sprintf("allow[%d]", i), p})
		}
	}
	if len(ex) == 0 {
		return
	}
	// Index the exemptions so that each rule meets only those that can
	// cover it: a rules file may hold 100,000 deprecated hosts.
	exact := map[string]int{}
	var wild wildIndex
	shapes := map[string][]int{} // wildcard exemptions by shape
	for k, e := range ex {
		switch {
		case !e.p.IsWildcard():
			if _, dup := exact[e.p.text]; !dup {
				exact[e.p.text] = k
			}
		default:
			wild.add(e.p, k)
			shapes[e.p.shape()] = append(shapes[e.p.shape()], k)
		}
	}
	for i, d := range r.Deprecated {
		first := -1
		if d.Host.IsWildcard() {
			for _, k := range shapes[d.Host.shape()] {
				if ex[k].p.Covers(d.Host) {
					first = k
					break
				}
			}
		} else {
			if k, ok := exact[d.Host.text]; ok {
				first = k
			}
			if k, _, ok := wild.match(d.Host.text); ok && (first < 0 || k < first) {
				first = k
			}
		}
		if first < 0 {
			continue
		}
		e := ex[first]
		dkey := fmt.Sprintf("deprecated[%d].host", i)
		at := c.loc.findValue(dkey, d.Host.text)
		where := fmt.Sprintf("%s:%d", c.file, at.line)
		if e.p.text == d.Host.text {
			c.valueErrorf(e.key, e.p.text, "host %q is both in %s and deprecated by %s at %s; remove one of the two", e.p.text, e.what, dkey[:len(dkey)-len(".host")], where)
		} else {
			c.valueErrorf(e.key, e.p.text, "%s host %q shadows all of deprecated[%d] (%q at %s), which can never report; remove one of the two", e.what, e.p.text, i, d.Host.text, where)
		}
	}
}

// shape is a wildcard pattern with its '*' label replaced by "*": only
// patterns of one shape can cover one another.
func (p Pattern) shape() string {
	labels := slices.Clone(p.labels)
	labels[p.star] = "*"
	return strings.Join(labels, ".")
}

// Covers reports whether every host q matches also matches p.
func (p Pattern) Covers(q Pattern) bool {
	if q.star < 0 {
		_, ok := p.Match(q.text)
		return ok
	}
	if p.star != q.star || len(p.labels) != len(q.labels) {
		return false
	}
	for i := range p.labels {
		if i != p.star {
			if p.labels[i] != q.labels[i] {
				return false
			}
			continue
		}
		ppre, ppost, _ := strings.Cut(p.labels[i], "*")
		qpre, qpost, _ := strings.Cut(q.labels[i], "*")
		if !strings.HasPrefix(qpre, ppre) || !strings.HasSuffix(qpost, ppost) {
			return false
		}
	}
	return true
}
