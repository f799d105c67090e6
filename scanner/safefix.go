package scanner

import (
	"fmt"
	"slices"
	"strings"

	"github.com/domainshift/domainshift/rules"
)

// A fix must never create a finding: apply followed by check reports
// nothing that was not reported before. Before a replacement is offered,
// the content with the fixes applied is matched again; a fix that brings a
// finding of its own (a staging host written into a production file, a
// name the certificates do not cover, one that is itself deprecated, a
// host moved into a secure zone behind an insecure scheme) becomes
// report-only, with a message that says why. diff, review and apply all
// take their edits from the findings, so they agree.

// vetFixes returns fs, the findings of the file at path with content
// data, with every fix that would create a finding turned report-only.
func (m *Matcher) vetFixes(path string, data []byte, fs []Finding) []Finding {
	fixes := fixIndexes(fs)
	if len(fixes) == 0 || overlapping(fs, fixes) {
		return fs
	}
	envs := m.rules.EnvironmentsOf(path)
	if !slices.ContainsFunc(fixes, func(i int) bool { return m.mayCreate(envs, fs[i]) }) {
		return fs // the usual case: no new host that could be a finding
	}
	if len(m.created(path, data, fs, fixes)) == 0 {
		return fs
	}
	// Find the culprits one fix at a time.
	var kept []int
	for _, i := range fixes {
		if extra := m.created(path, data, fs, []int{i}); len(extra) > 0 {
			m.demote(&fs[i], extra[0])
			continue
		}
		kept = append(kept, i)
	}
	// Fixes that are harmless alone may still create a finding together
	// (rare): then none of them is offered.
	if extra := m.created(path, data, fs, kept); len(extra) > 0 {
		for _, i := range kept {
			m.demote(&fs[i], extra[0])
		}
	}
	return fs
}

// mayCreate reports whether the fix of f could create a finding: whether
// its new host, judged as judge judges a host in a file of the
// environments envs, could be one. It only spares the files whose fixes
// cannot create anything a second match; that match decides. The new host
// stands where the old one stood, with the same bytes around it, so it
// matches there as itself; a scheme fix changes no host.
func (m *Matcher) mayCreate(envs []string, f Finding) bool {
	if f.Rule != rules.RuleDeprecatedHost {
		return false
	}
	r := m.rules
	h := r.Lookup(f.Host).Replacement
	if h == "" {
		return true // not known here: let the match decide
	}
	d := r.Lookup(h)
	switch {
	case d.Kept:
		return false
	case d.Deprecated, leaks(r.CanonicalFor(h), envs), r.CertificateZone(h) && !r.CertificateCovers(h):
		return true
	}
	secure := func(h string) bool { return r.InSecureZone(h) && !r.IsLocal(h) }
	return secure(h) && !secure(f.Host) // an http:// before it would become a finding
}

// fixIndexes returns the indexes of the findings of fs that carry a fix.
func fixIndexes(fs []Finding) []int {
	var out []int
	for i, f := range fs {
		if f.Fixable() && f.Replacement != f.Match {
			out = append(out, i)
		}
	}
	return out
}

// overlapping reports whether two fixes overlap, which rewrite refuses;
// there is then nothing to vet.
func overlapping(fs []Finding, fixes []int) bool {
	for k := 1; k < len(fixes); k++ {
		if prev := fs[fixes[k-1]]; prev.Offset+prev.Length > fs[fixes[k]].Offset {
			return true
		}
	}
	return false
}

// created returns the findings of data with the fixes of fs at indexes
// fixes applied that the findings of data, less the fixed ones, do not
// account for. Findings are counted by rule and matched text: positions
// move with the edits.
func (m *Matcher) created(path string, data []byte, fs []Finding, fixes []int) []Finding {
	if len(fixes) == 0 {
		return nil
	}
	after := make([]byte, 0, len(data)+16*len(fixes))
	at := 0
	for _, i := range fixes {
		f := fs[i]
		after = append(after, data[at:f.Offset]...)
		after = append(after, f.Replacement...)
		at = f.Offset + f.Length
	}
	after = append(after, data[at:]...)

	left := map[string]int{}
	for i, f := range fs {
		if !slices.Contains(fixes, i) {
			left[findingKey(f)]++
		}
	}
	var extra []Finding
	for _, f := range m.match(path, after).Findings {
		k := findingKey(f)
		if left[k] > 0 {
			left[k]--
			continue
		}
		extra = append(extra, f)
	}
	return extra
}

func findingKey(f Finding) string { return f.Rule + "\x00" + f.Match }

// demote makes f report-only, saying which finding its fix would create.
func (m *Matcher) demote(f *Finding, made Finding) {
	f.Replacement = ""
	f.Message += "; not fixed automatically: " + m.why(made)
}

// why words what a fix would create.
func (m *Matcher) why(made Finding) string {
	switch made.Rule {
	case rules.RuleEnvironmentLeak:
		return fmt.Sprintf("replacing it would put the %s host %s into a %s file: decide by hand, or add the file to an environment",
			strings.Join(m.rules.CanonicalFor(made.Host), "/"), made.Host, strings.ReplaceAll(made.Environment, ",", "/"))
	case rules.RuleUncoveredHost:
		return fmt.Sprintf("replacing it would give %s, which the certificate names (%s) do not cover: decide by hand, or change the rule's replace", made.Host, m.certs)
	case rules.RuleDeprecatedHost:
		return fmt.Sprintf("replacing it would give %s, itself deprecated: decide by hand, or change the rule's replace", made.Host)
	case rules.RuleInsecureScheme:
		return fmt.Sprintf("replacing it would leave %s:// to %s, which needs a secure scheme: fix the URL by hand", made.Match, made.Host)
	}
	return fmt.Sprintf("replacing it would create a %s finding (%s): decide by hand", made.Rule, made.Message)
}
