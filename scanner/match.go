package scanner

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/domainshift/domainshift/rules"
)

// Matcher finds the host references of one rules file in file contents. It
// is read-only after NewMatcher and safe for concurrent use.
type Matcher struct {
	rules    *rules.Rules
	searches *searchSet
	certs    string // certificate names, for messages
}

// NewMatcher prepares the search for the anchors of r.
func NewMatcher(r *rules.Rules) *Matcher {
	names := make([]string, len(r.Certificates.Names))
	for i, n := range r.Certificates.Names {
		names[i] = n.String()
	}
	return &Matcher{rules: r, searches: newSearchSet(r.Anchors()), certs: strings.Join(names, ", ")}
}

// Match is what Matcher.Match found in one file.
type Match struct {
	Findings  []Finding  // ordered by offset, suppressed ones removed
	Hosts     []string   // every host mentioned, in order (the inventory's input)
	Templates []Template // per entry of Hosts: how a templated host is written, zero for a plain host; nil when none is
	Allowed   []bool     // per entry of Hosts: all its findings were suppressed
	UsedAllow []int      // allow entries that suppressed something
	UsedKeep  []int      // keep entries that matched a host
}

// Match finds the host references in data, the content of the file at the
// slash-separated path relative to the root. A fix that would create a
// finding is not offered: see vetFixes.
func (m *Matcher) Match(path string, data []byte) Match {
	out := m.match(path, data)
	out.Findings = m.vetFixes(path, data, out.Findings)
	return out
}

// refBufs recycles match's references, which were a quarter of what a
// check allocated on a 32,000-file tree; a buffer that grew over
// maxPooledRefs for one file is left to the garbage collector.
var refBufs = sync.Pool{New: func() any { return new([]hostRef) }}

const maxPooledRefs = 4096

// match is Match without vetting the fixes.
func (m *Matcher) match(path string, data []byte) Match {
	var out Match
	rb := refBufs.Get().(*[]hostRef)
	refs := findHosts(data, m.searches, (*rb)[:0])
	defer func() {
		if cap(refs) <= maxPooledRefs {
			clear(refs)
			*rb = refs[:0]
			refBufs.Put(rb)
		}
	}()
	if len(refs) == 0 {
		return out
	}
	envs := m.rules.EnvironmentsOf(path)
	env := strings.Join(envs, ",")
	lines := lineIndex{data: data}
	memo := newLineMemo()
	for _, ref := range refs {
		if !urlContext(data, &ref) {
			continue // an e-mail address, not a host reference
		}
		fs := m.judge(path, data, ref, envs, &out)
		allowed := len(fs) > 0
		for _, f := range fs {
			f.Path, f.Environment = path, env
			f.Line, f.Column = lines.position(f.Offset)
			f.Match = string(data[f.Offset : f.Offset+f.Length])
			if m.suppressed(&lines, f, ref.ruleHost(), &out) {
				continue
			}
			memo.annotate(&f, data, &lines)
			allowed = false
			out.Findings = append(out.Findings, f)
		}
		if !ref.wildcard { // the inventory lists host names
			out.Hosts = append(out.Hosts, ref.host)
			out.addTemplate(len(out.Hosts)-1, ref.tmpl)
			out.Allowed = append(out.Allowed, allowed)
		}
	}
	slices.SortStableFunc(out.Findings, func(a, b Finding) int { return a.Offset - b.Offset })
	return out
}

// addTemplate records the template of Hosts[i], keeping Templates nil
// while there is none: most files hold none, and some hold thousands of
// plain hosts.
func (out *Match) addTemplate(i int, t *Template) {
	switch {
	case t == nil && out.Templates == nil:
		return
	case out.Templates == nil:
		out.Templates = make([]Template, i, len(out.Hosts))
	}
	if t == nil {
		t = &Template{}
	}
	out.Templates = append(out.Templates, *t)
}

// template returns the template of Hosts[i].
func (out *Match) template(i int) Template {
	if out.Templates == nil {
		return Template{}
	}
	return out.Templates[i]
}

// judge applies the rules to one host reference.
func (m *Matcher) judge(path string, data []byte, ref hostRef, envs []string, out *Match) []Finding {
	r := m.rules
	var fs []Finding
	host := ref.ruleHost()
	dec := r.Lookup(host)
	if dec.Kept {
		out.UsedKeep = appendOnce(out.UsedKeep, dec.Keep)
		return nil
	}
	switch {
	case dec.Deprecated:
		fs = append(fs, m.deprecatedFinding(data, ref, dec))
	case ref.wildcard || ref.tmpl != nil:
		// not one host: no environment or certificate finding
	case leaks(r.CanonicalFor(ref.host), envs):
		fs = append(fs, Finding{Rule: rules.RuleEnvironmentLeak, Offset: ref.start, Length: ref.end - ref.start, Severity: rules.SeverityError, Host: ref.host, RuleIndex: -1,
			Message: fmt.Sprintf("%s is the %s endpoint host, in a file that belongs to %s", ref.host, strings.Join(r.CanonicalRoles(ref.host), ", "), strings.Join(envs, ", "))})
	case r.CertificateZone(ref.host) && !r.CertificateCovers(ref.host):
		fs = append(fs, Finding{Rule: rules.RuleUncoveredHost, Offset: ref.start, Length: ref.end - ref.start, Severity: r.Certificates.Severity, Host: ref.host, RuleIndex: -1,
			Message: fmt.Sprintf("%s is not covered by the certificate names (%s)", ref.host, m.certs)})
	}
	if ref.schemeEnd > 0 && r.InSecureZone(host) && !r.IsLocal(host) {
		if f, ok := m.schemeFinding(data, ref); ok {
			fs = append(fs, f)
		}
	}
	return fs
}

// deprecatedFinding is the deprecated-host finding on ref, which the rule
// of dec deprecates, with its replacement when there is a single one.
func (m *Matcher) deprecatedFinding(data []byte, ref hostRef, dec rules.Decision) Finding {
	d := m.rules.Deprecated[dec.Rule]
	f := Finding{Rule: rules.RuleDeprecatedHost, Offset: ref.start, Length: ref.end - ref.start, Severity: d.Severity, Host: ref.host, Reason: d.Reason, RuleIndex: dec.Rule}
	switch {
	case ref.wildcard && data[ref.start] == '*':
		// "*-staging.example.com" is not a wildcard name, and what
		// covers the new names is a decision.
		f.Message = fmt.Sprintf("%s stands for deprecated hosts; no single name replaces a wildcard, fix it by hand", ref.host)
	case ref.wildcard:
		f.Message = fmt.Sprintf("this pattern stands for deprecated hosts (%s); no single name replaces it, fix it by hand", ref.host)
	case dec.Replacement == "":
		f.Message = fmt.Sprintf("%s is deprecated; no replacement is configured, fix it by hand", ref.host)
	case ref.tmpl == nil:
		f.Replacement = encodeHost(dec.Replacement, ref.sep)
		f.Message = fmt.Sprintf("%s is deprecated, use %s", ref.host, dec.Replacement)
	default:
		// the placeholders go back in as written
		if repl, ok := ref.tmpl.fill(encodeHost(dec.Replacement, ref.sep)); ok {
			f.Replacement = repl
			f.Message = fmt.Sprintf("%s is deprecated, use %s", ref.host, repl)
		} else {
			f.Message = fmt.Sprintf("%s is deprecated; its replacement %s would drop the template placeholders, fix it by hand", ref.host, dec.Replacement)
		}
	}
	if d.Reason != "" {
		f.Message += " (" + d.Reason + ")"
	}
	return f
}

// schemeFinding is the insecure-scheme finding on the scheme before ref,
// if ws:// or http://.
func (m *Matcher) schemeFinding(data []byte, ref hostRef) (Finding, bool) {
	r := m.rules
	scheme := strings.ToLower(string(data[ref.schemeStart:ref.schemeEnd]))
	secure := map[string]string{"ws": "wss", "http": "https"}[scheme]
	if secure == "" {
		return Finding{}, false
	}
	f := Finding{Rule: rules.RuleInsecureScheme, Offset: ref.schemeStart, Length: ref.schemeEnd - ref.schemeStart, Severity: r.Secure.Severity, Host: ref.host, RuleIndex: -1}
	switch {
	case ref.port:
		f.Message = fmt.Sprintf("%s:// to %s with an explicit port; use %s:// and check the TLS port (not fixed automatically)", scheme, ref.host, secure)
	case !r.Secure.Fix:
		f.Message = fmt.Sprintf("%s:// to %s; use %s://", scheme, ref.host, secure)
	default:
		f.Message = fmt.Sprintf("%s:// to %s, use %s://", scheme, ref.host, secure)
		f.Replacement = secure
	}
	return f, true
}

// leaks reports whether a host canonical for the environments canon appears
// in a file that belongs only to other environments.
func leaks(canon, envs []string) bool {
	if len(canon) == 0 || len(envs) == 0 {
		return false
	}
	for _, e := range envs {
		if slices.Contains(canon, e) {
			return false
		}
	}
	return true
}

func appendOnce(s []int, i int) []int {
	if slices.Contains(s, i) {
		return s
	}
	return append(s, i)
}

// suppressed reports whether an inline comment or an allow entry exempts f,
// about host as the rules see it, recording the allow entries used.
func (m *Matcher) suppressed(lines *lineIndex, f Finding, host string, out *Match) bool {
	if lines.inlineAllowed(f.Offset, f.Rule) {
		return true
	}
	hit := false
	for i, a := range m.rules.Allow {
		if a.Allows(f.Path, f.Rule, host) {
			out.UsedAllow = appendOnce(out.UsedAllow, i)
			hit = true
		}
	}
	return hit
}

// inlineAllows reports whether line holds the marker, optionally narrowed
// with "rule=a,b", for rule. "domainshift:allow" does not match
// "domainshift:allow-next-line".
func inlineAllows(line []byte, marker, rule string) bool {
	for rest := line; ; {
		i := bytes.Index(rest, []byte(marker))
		if i < 0 {
			return false
		}
		rest = rest[i+len(marker):]
		if bytes.HasPrefix(rest, []byte("-next-line")) && !strings.HasSuffix(marker, "-next-line") {
			continue
		}
		if len(rest) > 0 && rules.IsLabelByte(rest[0]) {
			continue
		}
		args := strings.Fields(string(rest))
		for _, a := range args {
			if ids, ok := strings.CutPrefix(a, "rule="); ok {
				return slices.Contains(strings.Split(strings.Trim(ids, `"',;`), ","), rule)
			}
		}
		return true
	}
}

// urlContext fills in the URL around ref (scheme, port) and reports false
// when the host is the domain of an e-mail address rather than a host.
func urlContext(data []byte, ref *hostRef) bool {
	auth, ok := authorityStart(data, ref.start)
	if !ok {
		return false // user@host with no "//" before it: an e-mail address
	}
	ref.schemeStart, ref.schemeEnd = schemeBefore(data, auth)
	ref.port = portAt(data, ref.end)
	return true
}

// authorityStart returns where the URL authority holding the host at
// data[start:] begins: start itself, or the start of a userinfo
// ("user:pw@", "%40", "%2540" encoded) that follows a "//". It reports
// false for user@host with no "//" before it.
func authorityStart(data []byte, start int) (int, bool) {
	at, ok := atSignBefore(data, start)
	if !ok {
		return start, true
	}
	q := at - 1
	for q >= 0 && !bytes.ContainsRune([]byte(" \t\r\n\"'<>()[]{},;/\\@`|="), rune(data[q])) {
		q--
	}
	if slashesEndAt(data, q) {
		return q + 1, true
	}
	return 0, false
}

// atSignBefore returns where the "@" that ends a userinfo right before
// data[start:] begins, written as is, as "%40" or, encoded twice, as
// "%2540"; false when there is none.
func atSignBefore(data []byte, start int) (int, bool) {
	switch {
	case start > 0 && data[start-1] == '@':
		return start - 1, true
	case start >= 3 && foldEqual(data[start-3:start], "%40"):
		return start - 3, true
	case start >= 5 && foldEqual(data[start-5:start], "%2540"):
		return start - 5, true
	}
	return 0, false
}

// slashesEndAt reports whether data[q] ends the "//" before an authority,
// or `\/\/`, its escaped form in JSON.
func slashesEndAt(data []byte, q int) bool {
	switch {
	case q >= 1 && data[q] == '/' && data[q-1] == '/':
		return true
	case q >= 3 && data[q] == '/' && string(data[q-3:q+1]) == `\/\/`:
		return true
	}
	return false
}

// schemeBefore returns the span of the scheme name before the authority
// at data[auth:], written before "://", `:\/\/`, "%3A%2F%2F" or, encoded
// twice, "%253A%252F%252F"; 0, 0 when there is none.
func schemeBefore(data []byte, auth int) (start, end int) {
	end = -1
	for _, sep := range []string{"://", `:\/\/`, "%3a%2f%2f", "%253a%252f%252f"} {
		if auth >= len(sep) && foldEqual(data[auth-len(sep):auth], sep) {
			end = auth - len(sep)
			break
		}
	}
	if end <= 0 {
		return 0, 0
	}
	s := end
	for s > 0 && isSchemeByte(data[s-1]) {
		s--
	}
	for s < end && !isLetter(data[s]) {
		s++
	}
	if s == end {
		return 0, 0
	}
	return s, end
}

// portAt reports whether an explicit port follows the host ending at e:
// ":8080", or "%3A8080" encoded once or twice.
func portAt(data []byte, e int) bool {
	for _, colon := range []string{":", "%3a", "%253a"} {
		if n := len(colon); e+n < len(data) && foldEqual(data[e:e+n], colon) && isDigit(data[e+n]) {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isSchemeByte(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '+' || c == '-' || c == '.'
}

// lineIndex turns offsets into 1-based lines and byte columns. Offsets are
// asked for in increasing order, mostly, so it keeps a cursor. It also
// remembers the bounds of the cursor's line and the inline-comment verdicts
// on it: a minified file can hold thousands of findings on one long line,
// and looking at the whole line once per finding would be quadratic.
type lineIndex struct {
	data  []byte
	off   int // a line start
	line  int // 0-based line number of off
	clean int // data[off:clean] holds no newline

	bounds    bool            // end and prev are known
	end, prev int             // end of the line at off and start of the one before
	allows    map[string]bool // inline verdicts on the line at off, by rule
}

func (l *lineIndex) seek(off int) {
	if off < l.off {
		l.off, l.line, l.clean = 0, 0, 0
		l.forget()
	}
	for {
		from := max(l.off, l.clean)
		if from >= off {
			return
		}
		i := bytes.IndexByte(l.data[from:off], '\n')
		if i < 0 {
			l.clean = off
			return
		}
		l.off = from + i + 1
		l.line++
		l.forget()
	}
}

func (l *lineIndex) forget() {
	l.bounds = false
	clear(l.allows)
}

func (l *lineIndex) position(off int) (line, col int) {
	l.seek(off)
	return l.line + 1, off - l.off + 1
}

// lineAt returns the line holding off and the line before it, without
// their line endings.
func (l *lineIndex) lineAt(off int) (line, prev []byte) {
	l.seek(off)
	if !l.bounds {
		l.bounds = true
		l.end = len(l.data)
		if i := bytes.IndexByte(l.data[l.off:], '\n'); i >= 0 {
			l.end = l.off + i
		}
		l.prev = 0
		if l.off > 0 {
			l.prev = bytes.LastIndexByte(l.data[:l.off-1], '\n') + 1
		}
	}
	line = l.data[l.off:l.end]
	if l.off > 0 {
		prev = l.data[l.prev : l.off-1]
	}
	return line, prev
}

// inlineAllowed reports whether an inline comment on the line holding off,
// or an allow-next-line on the line before, exempts a finding of rule.
func (l *lineIndex) inlineAllowed(off int, rule string) bool {
	line, prev := l.lineAt(off)
	if v, ok := l.allows[rule]; ok {
		return v
	}
	v := inlineAllows(line, "domainshift:allow", rule) || inlineAllows(prev, "domainshift:allow-next-line", rule)
	if l.allows == nil {
		l.allows = map[string]bool{}
	}
	l.allows[rule] = v
	return v
}
