package scanner

import (
	"bytes"
	"cmp"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/domainshift/domainshift/rules"
)

// hostRef is one host reference found in a file: a whole host name under
// one of the anchors, in any of the spellings the matcher understands.
type hostRef struct {
	start, end int    // span of the host as written
	host       string // decoded, lower case, dot-separated
	sep        string // how the dots are spelled: ".", `\.` or `\\.`

	// The URL around the host, when there is one.
	schemeStart, schemeEnd int  // span of the scheme name; schemeEnd == 0 when none
	port                   bool // an explicit :port follows the host

	search int // index of the search that found it, the tie-break of sortRefs

	// wildcard: the reference stands for names one label below a zone:
	// "*." and the zone, as certificate names, CORS origins and ingress
	// rules write them (host then starts with "*."), or a glob label such
	// as "pr-*" or "*-web" (host then starts with that label).
	wildcard   bool
	labelStart int // of a wildcard reference: where its first label starts

	// tmpl is set for a templated host ("pr-{N}-api.zone"): host is then
	// its display name, placeholders as written, and tmpl.Pattern what the
	// rules match. A pointer, since refs are many and templates few.
	tmpl *Template
}

// ruleHost is the host the rules judge: a templated host's pattern.
func (ref *hostRef) ruleHost() string {
	if ref.tmpl != nil {
		return ref.tmpl.Pattern
	}
	return ref.host
}

// anchor is one zone split into labels, with the label the search looks for.
type anchor struct {
	labels []string
	key    int // index of the searched label

	// kids, when set, makes the anchor a carrier: a zone that many anchors
	// lie under (see groupZones). Its labels are only where to look; the
	// anchors are those kids holds, found by walking the labels to the
	// left of the carrier.
	kids *zoneTrie
}

// zoneTrie holds the anchors under a carrier by their labels left of it,
// nearest label first.
type zoneTrie struct {
	leaves map[string]anchor    // first label -> the anchor it completes (key 0)
	lens   []int                // the lengths of the leaves' labels, ascending
	kids   map[string]*zoneTrie // a label further from the first -> the anchors beyond it
}

// insert files a, whose labels left of the carrier are left (nearest last).
func (t *zoneTrie) insert(left []string, a anchor) {
	for len(left) > 1 {
		l := left[len(left)-1]
		next := t.kids[l]
		if next == nil {
			if t.kids == nil {
				t.kids = map[string]*zoneTrie{}
			}
			next = &zoneTrie{}
			t.kids[l] = next
		}
		t, left = next, left[:len(left)-1]
	}
	if t.leaves == nil {
		t.leaves = map[string]anchor{}
	}
	t.leaves[left[0]] = a
	if n := len(left[0]); !slices.Contains(t.lens, n) {
		t.lens = append(t.lens, n)
		slices.Sort(t.lens)
	}
}

// groupMin is the fewest anchors under one carrier that makes the carrier
// worth searching for instead of them: a rules file retiring a whole naming
// scheme (tens of thousands of hosts under one zone) then costs one search,
// not one per host.
const groupMin = 16

// groupZones returns the zones to search for: those of zones that do not
// share a carrier with groupMin-1 others, and a carrier for each set that
// does. A carrier is the zone's last two labels; when that still leaves
// more than maxPlain zones, the remaining ones are grouped under their last
// label too. Zones are disjoint (rules.minimalZones): no zone lies under
// another, so a host is under at most one of them.
func groupZones(zones []string, least int) []anchor {
	const maxPlain = 256
	split := make([][]string, len(zones))
	for i, z := range zones {
		split[i] = strings.Split(z, ".")
	}
	var out []anchor
	rest := split
	for _, depth := range []int{2, 1} {
		if depth == 1 && len(rest) <= maxPlain {
			break
		}
		need := least
		if depth == 1 {
			need = 2
		}
		under := map[string][]int{}
		var order []string
		whole := map[string]bool{} // carriers that are zones themselves
		for i, labels := range rest {
			c := strings.Join(labels[max(0, len(labels)-depth):], ".")
			if len(labels) <= depth {
				whole[c] = true
				continue
			}
			if under[c] == nil {
				order = append(order, c)
			}
			under[c] = append(under[c], i)
		}
		var left [][]string
		grouped := make([]bool, len(rest))
		for _, c := range order {
			members := under[c]
			if len(members) < need || whole[c] {
				continue
			}
			carrier := plainAnchor(strings.Split(c, "."))
			carrier.kids = &zoneTrie{}
			for _, i := range members {
				grouped[i] = true
				labels := rest[i]
				carrier.kids.insert(labels[:len(labels)-depth], anchor{labels: labels})
			}
			out = append(out, carrier)
		}
		for i, labels := range rest {
			if !grouped[i] {
				left = append(left, labels)
			}
		}
		rest = left
	}
	plain := make([]anchor, 0, len(rest)+len(out))
	for _, labels := range rest {
		plain = append(plain, plainAnchor(labels))
	}
	return append(plain, out...)
}

// plainAnchor is the anchor for one zone, keyed on its rarest label (the
// top-level label only for a one-label zone).
func plainAnchor(labels []string) anchor {
	key := 0
	for i := range labels[:max(1, len(labels)-1)] {
		if rarity(labels[i]) < rarity(labels[key]) {
			key = i
		}
	}
	return anchor{labels: labels, key: key}
}

// search finds one label, case-insensitively, with a fast byte scan for its
// rarest byte; every anchor containing that label is then tried around each
// candidate.
type search struct {
	label   string
	rare    int  // index into label of the byte scanned for
	next    int  // index of the byte beside it, compared first
	lo, up  byte // that byte in lower and upper case (equal when not a letter)
	anchors []anchor
}

func newSearches(anchors []anchor) []search {
	var out []search
	byLabel := map[string]int{}
	for _, a := range anchors {
		label := a.labels[a.key]
		if i, ok := byLabel[label]; ok {
			out[i].anchors = append(out[i].anchors, a)
			continue
		}
		s := search{label: label, anchors: []anchor{a}}
		best := 1e9
		for i := 0; i < len(s.label); i++ {
			if f := byteFreq(s.label[i]); f < best {
				best, s.rare = f, i
			}
		}
		s.lo = s.label[s.rare]
		s.next = s.rare + 1
		if s.next == len(s.label) {
			s.next = max(0, s.rare-1)
		}
		s.up = upper(s.lo)
		byLabel[label] = len(out)
		out = append(out, s)
	}
	return out
}

// rarity estimates how often a label occurs in text; lower is rarer.
func rarity(label string) float64 {
	best := 1e9
	for i := 0; i < len(label); i++ {
		best = min(best, byteFreq(label[i]))
	}
	return best / float64(len(label))
}

// byteFreq is a rough frequency, in percent, of a byte and its upper-case
// form in source code and configuration.
func byteFreq(c byte) float64 {
	const letters = "etaoinsrhldcumfpgwybvkxjqz"
	if i := strings.IndexByte(letters, c); i >= 0 {
		f := []float64{12, 9, 8, 8, 7, 7, 6, 6, 5, 4, 4, 3, 3, 3, 2, 2, 2, 2, 2, 1.5, 1, 0.8, 0.3, 0.2, 0.1, 0.1}[i]
		return f * 1.1 // plus upper case, scanned as well
	}
	if c >= '0' && c <= '9' {
		return 1.5
	}
	return 2
}

func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c - 'A' + 'a'
	}
	return c
}

// foldEqual reports whether b equals the lower-case ASCII string s, ignoring
// ASCII case.
func foldEqual(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		if lower(b[i]) != s[i] {
			return false
		}
	}
	return true
}

// searchSet is the searches of one rules file, grouped by the byte they
// scan for: one pass over a file per group, whatever the number of labels
// that share its byte, rather than one pass per label.
type searchSet struct {
	searches []search
	groups   []byteGroup

	// With few searches, a prefilter finds the candidates instead of the
	// groups, for the same searches with the bytes it looks for marked:
	// with one or two, the pair pass (pair.go), which compares each
	// search's two rarest bytes in turn; with three to eight, the window
	// pass (window.go), whose table lookups cost the same whatever their
	// number. On the benchmark tree, with one search, the window pass took
	// 18 ms more CPU than the pair pass; with six, 51 ms less.
	pairs          *pairTab
	pairSearches   []search
	windows        *windowTab
	windowSearches []search
}

// byteGroup is the searches that scan for one byte.
type byteGroup struct {
	lo, up  byte
	members []int // indexes into searchSet.searches

	// With 2 to 64 members, the members (bits, by index into members) a
	// candidate can be for, by the byte after it: most members compare
	// that byte first (search.next), and real text holds the scanned byte
	// far more often than a pair of bytes ('g' is 1.3% of the bytes of the
	// benchmark tree), so looking at every member of every candidate cost
	// check more than the byte scan. always holds the members that
	// compare another byte.
	after  *[256]uint64
	always uint64
}

// index fills in after and always.
func (g *byteGroup) index(searches []search) {
	if len(g.members) < 2 || len(g.members) > 64 {
		return
	}
	g.after = new([256]uint64)
	for k, si := range g.members {
		s := &searches[si]
		if s.next != s.rare+1 {
			g.always |= 1 << k
			continue
		}
		b := s.label[s.next]
		g.after[b] |= 1 << k
		g.after[upper(b)] |= 1 << k
	}
}

func newSearchSet(zones []string) *searchSet { return groupedSearchSet(zones, groupMin) }

// groupedSearchSet is newSearchSet with carriers for least or more zones.
func groupedSearchSet(zones []string, least int) *searchSet {
	set := &searchSet{searches: newSearches(groupZones(zones, least))}
	for i, s := range set.searches {
		g := slices.IndexFunc(set.groups, func(g byteGroup) bool { return g.lo == s.lo })
		if g < 0 {
			set.groups = append(set.groups, byteGroup{lo: s.lo, up: s.up})
			g = len(set.groups) - 1
		}
		set.groups[g].members = append(set.groups[g].members, i)
	}
	for gi := range set.groups {
		set.groups[gi].index(set.searches)
	}
	if len(set.searches) <= maxPairSearches {
		set.usePairs()
	} else {
		set.useWindows()
	}
	return set
}

// maxPairSearches is the most searches the pair pass is used for.
const maxPairSearches = 2

// usePairs sets the pair pass up for set's searches, if they suit it.
func (set *searchSet) usePairs() {
	set.pairSearches = marked(set.searches, pairBytes)
	if set.pairs = newPairTab(set.pairSearches); set.pairs == nil {
		set.pairSearches = nil
	}
}

// useWindows sets the window pass up for set's searches, if they suit it.
func (set *searchSet) useWindows() {
	set.windowSearches = marked(set.searches, windowBytes)
	if set.windows = newWindowTab(set.windowSearches); set.windows == nil {
		set.windowSearches = nil
	}
}

// marked returns a copy of searches, each marked by mark.
func marked(searches []search, mark func(*search)) []search {
	out := slices.Clone(searches)
	for i := range out {
		mark(&out[i])
	}
	return out
}

// findHosts returns every host reference under the searches' anchors in
// data, ordered by offset and without overlaps. Each search finds its
// label's references left to right, never two that overlap; where those
// of several searches overlap, the earlier reference wins, and of two at
// the same offset the one of the earlier search.
func findHosts(data []byte, set *searchSet, refs []hostRef) []hostRef {
	switch {
	case set.windows != nil:
		refs = set.windows.find(data, set.windowSearches, refs)
	case set.pairs != nil:
		refs = set.pairs.find(data, set.pairSearches, refs)
	default:
		for gi := range set.groups {
			refs = set.groups[gi].find(data, set.searches, refs)
		}
	}
	if len(set.searches) > 1 {
		refs = sortRefs(refs)
	}
	return refs
}

// cursor is one search's progress through a file.
type cursor struct {
	from    int // the next candidate position it looks at
	lastEnd int // end of its last reference
}

// find runs the group's searches in one pass over the positions of its
// byte, in either case, appending what they find to refs.
func (g *byteGroup) find(data []byte, searches []search, refs []hostRef) []hostRef {
	var one [1]cursor
	curs := one[:]
	if len(g.members) > 1 {
		curs = make([]cursor, len(g.members))
	}
	nextLo, nextUp := -2, -2 // -2: not searched yet; -1: none left
	from := 0                // the least of the cursors' from
	for {
		if nextLo == -2 || nextLo != -1 && nextLo < from {
			nextLo = indexFrom(data, g.lo, from)
		}
		if g.up == g.lo {
			nextUp = -1
		} else if nextUp == -2 || nextUp != -1 && nextUp < from {
			nextUp = indexFrom(data, g.up, from)
		}
		pos := nextLo
		if pos < 0 || nextUp >= 0 && nextUp < pos {
			pos = nextUp
		}
		if pos < 0 {
			return refs
		}
		if g.after != nil && pos+1 < len(data) {
			for mask := g.after[data[pos+1]] | g.always; mask != 0; mask &= mask - 1 {
				k := bits.TrailingZeros64(mask)
				if c := &curs[k]; pos >= c.from {
					refs = searches[g.members[k]].try(data, pos, g.members[k], c, refs)
				}
			}
			// the members left out fail at pos; every cursor is past it
			from = pos + 1
			continue
		}
		from = len(data)
		for k, si := range g.members {
			c := &curs[k]
			if pos >= c.from {
				// try's first checks, inline: most candidates fail them
				s := &searches[si]
				if p := pos - s.rare; p < c.lastEnd || p < 0 || p+len(s.label) > len(data) || lower(data[p+s.next]) != s.label[s.next] {
					c.from = pos + 1
				} else {
					refs = s.try(data, pos, si, c, refs)
				}
			}
			from = min(from, c.from)
		}
	}
}

// try looks for a reference of s whose key label has its scanned byte at
// data[pos], advancing c past what it consumed.
func (s *search) try(data []byte, pos, si int, c *cursor, refs []hostRef) []hostRef {
	c.from = pos + 1
	p := pos - s.rare
	if p < c.lastEnd || p < 0 || p+len(s.label) > len(data) {
		return refs
	}
	// the byte next to the scanned one first: most candidates fail there
	if n := s.next; lower(data[p+n]) != s.label[n] || !foldEqual(data[p:p+len(s.label)], s.label) {
		return refs
	}
	for _, a := range s.anchors {
		if ref, ok := a.matchAt(data, p); ok {
			if ref.start < c.lastEnd {
				break
			}
			ref.search = si
			refs = append(refs, ref)
			c.lastEnd = ref.end
			c.from = max(c.from, ref.end)
			break
		}
	}
	return refs
}

func indexFrom(data []byte, c byte, from int) int {
	if from >= len(data) {
		return -1
	}
	i := bytes.IndexByte(data[from:], c)
	if i < 0 {
		return -1
	}
	return from + i
}

// maxEscapes is the most backslashes a dot separator may carry: `\.` in a
// regex, `\\.` in a regex inside a string literal, and `\\\\.` when that
// string is itself escaped again (a regex in JSON in a string, say).
const maxEscapes = 4

// sepAt returns the length of the dot separator spelled at data[i:]: "."
// after up to maxEscapes backslashes (`\.`, `\\.`, ...); 0 when there is
// none.
func sepAt(data []byte, i int) int {
	for n := 0; n <= maxEscapes && i+n < len(data); n++ {
		switch data[i+n] {
		case '.':
			return n + 1
		case '\\':
			continue
		}
		return 0
	}
	return 0
}

// sepBefore returns the length of the separator that ends at data[:i].
func sepBefore(data []byte, i int) int {
	if i == 0 || data[i-1] != '.' {
		return 0
	}
	n := 1
	for n <= maxEscapes && i-n-1 >= 0 && data[i-n-1] == '\\' {
		n++
	}
	return n
}

// matchAt checks the anchor around its key label found at data[p:], or,
// for a carrier, the anchors under it; see matchAt.
func (a *anchor) matchAt(data []byte, p int) (hostRef, bool) {
	if a.kids == nil {
		return matchAt(data, p, *a)
	}
	var scratch hostRef
	s, _, ok := anchorSpan(data, p, *a, &scratch)
	if !ok {
		return hostRef{}, false
	}
	var buf [64]byte
	for t := a.kids; t != nil; {
		n := sepBefore(data, s)
		if n == 0 {
			break
		}
		end := s - n
		k := end
		for k > 0 && end-k < len(buf) && rules.IsLabelByte(data[k-1]) {
			k--
		}
		run := buf[:end-k]
		for i := range run {
			run[i] = lower(data[k+i])
		}
		for _, l := range t.lens {
			if l > len(run) {
				break
			}
			if leaf, ok := t.leaves[string(run[len(run)-l:])]; ok {
				if ref, ok := matchAt(data, end-l, leaf); ok {
					return ref, true
				}
			}
		}
		if k > 0 && rules.IsLabelByte(data[k-1]) {
			break // a label longer than any: no anchor goes on through it
		}
		t, s = t.kids[string(run)], k
	}
	return hostRef{}, false
}

// matchAt checks anchor a around its key label found at data[p:], then
// grows the host leftward over further labels. It reports a whole host: not
// continued by a label byte or by another label on either side.
func matchAt(data []byte, p int, a anchor) (hostRef, bool) {
	var ref hostRef
	s, e, ok := anchorSpan(data, p, a, &ref)
	if !ok || continuesRight(data, e) {
		return ref, false
	}
	var holes []span
	if s, ok = growLeft(data, s, &ref, &holes); !ok {
		return ref, false
	}
	if !ref.wildcard && holes == nil {
		// "*-web.zone" or "pr-*-web.zone": a star glued to the first label
		// by a hyphen makes it a glob label, not the host "web.zone".
		g, ok := globBefore(data, s)
		if !ok {
			return ref, false
		}
		if g < s {
			ref.wildcard, s = true, g
		}
	}
	if idnLetter(data[:s], true) {
		return ref, false // bücher.example.com is not cher.example.com
	}
	if ref.sep == "" {
		ref.sep = "."
	}
	ref.start, ref.end = s, e
	ref.name(data, holes)
	return ref, true
}

// anchorSpan finds the labels of anchor a around its key label at data[p:]
// and returns the span they cover, noting the first separator's spelling.
func anchorSpan(data []byte, p int, a anchor, ref *hostRef) (s, e int, ok bool) {
	s = p
	for j := a.key - 1; j >= 0; j-- {
		n := sepBefore(data, s)
		l := len(a.labels[j])
		if n == 0 || s-n-l < 0 || !foldEqual(data[s-n-l:s-n], a.labels[j]) {
			return 0, 0, false
		}
		ref.noteSep(data[s-n : s])
		s -= n + l
	}
	e = p + len(a.labels[a.key])
	for j := a.key + 1; j < len(a.labels); j++ {
		n := sepAt(data, e)
		l := len(a.labels[j])
		if n == 0 || e+n+l > len(data) || !foldEqual(data[e+n:e+n+l], a.labels[j]) {
			return 0, 0, false
		}
		ref.noteSep(data[e : e+n])
		e += n + l
	}
	return s, e, true
}

// continuesRight reports whether the name ending at e goes on: a label
// byte, a letter of a Unicode label, or a separator and another label.
func continuesRight(data []byte, e int) bool {
	if e >= len(data) {
		return false
	}
	if rules.IsLabelByte(data[e]) || idnLetter(data[e:], false) {
		return true
	}
	n := sepAt(data, e)
	return n > 0 && e+n < len(data) && rules.IsLabelByte(data[e+n])
}

// growLeft extends the host whose first label starts at data[s:] leftward:
// over the rest of that label when a template placeholder is glued to it,
// then over whole labels, up to a boundary, an escape or a wildcard. It
// returns where the host starts, and false when the name is part of
// something longer (a longer first label, a dot before the host). The
// placeholders met are added to holes.
func growLeft(data []byte, s int, ref *hostRef, holes *[]span) (int, bool) {
	if k, hs := runBefore(data, s); k < s {
		strip := leadLen(data, k, s)
		switch {
		case hs == nil && strip == s-k:
			return s, true // %2F, \n, \u002F or the '-' of ${VAR:-host} right before the host
		case hs == nil:
			return s, false // the first label is longer than the anchor's
		}
		*holes, s = hs, k+strip
		if strip > 0 {
			return s, true
		}
	}
	for labels := 0; s > 0; {
		n := sepBefore(data, s)
		if n == 0 {
			return s, true
		}
		if w, ok := wildcardAt(data, s-n, n); ok {
			ref.wildcard, ref.labelStart = true, s
			return s - n - w, true
		}
		k, hs := runBefore(data, s-n)
		strip := leadLen(data, k, s-n)
		if strip == s-n-k {
			return s, false // ".host": the byte before a host is never a dot
		}
		ref.noteSep(data[s-n : s])
		*holes = append(hs, *holes...)
		s = k + strip
		labels++
		if strip > 0 || labels > 126 {
			return s, true
		}
	}
	return s, true
}

// leadLen returns how many bytes at the start of the run data[k:end] are
// not part of the label: the tail of an escape that begins before k
// (%2F, \n), the name of a shell default (${VAR-host}), and hyphens, since
// a label never starts with '-' (${VAR:-host}, "-host").
func leadLen(data []byte, k, end int) int {
	strip := escapeLen(data, k, end)
	if strip == 0 {
		if n := shellName(data, k, end); n > 0 {
			strip = n
		}
	}
	return strip + hyphens(data[k+strip:end])
}

// noteSep records how the host spells its dots, from the first separator
// seen.
func (ref *hostRef) noteSep(sep []byte) {
	if ref.sep == "" {
		ref.sep = string(sep)
	}
}

// name fills in the host of ref from data[ref.start:ref.end] and the
// placeholders in it.
func (ref *hostRef) name(data []byte, holes []span) {
	s, e := ref.start, ref.end
	switch {
	case ref.wildcard && (data[s] == '.' || data[s] == '\\'):
		// a regex before the escaped dot: any one label
		ref.host = "*." + decodeHost(data[ref.labelStart:e])
		if holes != nil {
			t, _ := templateOf(data, ref.labelStart, e, holes)
			ref.host = "*." + t.Pattern
		}
	case ref.wildcard && holes != nil:
		t, _ := templateOf(data, s, e, holes)
		ref.host = t.Pattern
	case holes != nil:
		t, host := templateOf(data, s, e, holes)
		ref.tmpl, ref.host = &t, host
	default:
		ref.host = decodeHost(data[s:e]) // "*" or a glob label stays as written
	}
}

// globBefore looks for a glob written against the host that starts at
// data[s:], as in "*-web.zone" or "pr-*-web.zone": a run of label bytes
// holding one star, ending in the hyphen before s. It returns where the
// glob label starts (s when there is none), and false when the star
// belongs to something that is not a host name: two stars, or a dot or
// backslash before the run (a path or a deeper name).
func globBefore(data []byte, s int) (int, bool) {
	if s == 0 || data[s-1] != '-' {
		return s, true
	}
	g, stars := s, 0
	for g > 0 && (rules.IsLabelByte(data[g-1]) || data[g-1] == '*') {
		g--
		if data[g] == '*' {
			stars++
		}
	}
	if stars == 0 {
		return s, true
	}
	if stars > 1 || g > 0 && (data[g-1] == '.' || data[g-1] == '\\') {
		return s, false
	}
	g += escapeLen(data, g, s)
	return g + hyphens(data[g:s]), true
}

// wildcardAt reports whether the separator of n bytes at data[sep:] comes
// after something that stands for any one label, and how many bytes of it
// the reference spans: a lone '*' before a plain dot, as certificates and
// CORS origins write "*.staging.example.com" (1: the star), a glob label
// ending in the star, as in "pr-*.staging.example.com" (4: the label), or a
// regex quantifier, group or class before an escaped dot, as in
// `.*\.staging\.example\.com` or `[a-z]+\.staging\.example\.com` (0: the
// reference starts at the escaped dot). "**.", "a*b*." and "a.*." are
// globs or paths, not names.
func wildcardAt(data []byte, sep, n int) (int, bool) {
	if sep == 0 {
		return 0, false
	}
	c := data[sep-1]
	if n > 1 {
		return 0, strings.IndexByte("*+?)]}", c) >= 0
	}
	if c != '*' {
		return 0, false
	}
	k := sep - 1 // the star; the label bytes before it belong to the glob
	for k > 0 && rules.IsLabelByte(data[k-1]) {
		k--
	}
	if k > 0 && (data[k-1] == '*' || data[k-1] == '.' || data[k-1] == '\\') {
		return 0, false
	}
	// "%2F" or the '-' of ${VAR:-*.zone} before the glob is not part of it
	k += escapeLen(data, k, sep-1)
	k += hyphens(data[k : sep-1])
	return sep - k, true
}

// escapeLen returns how many bytes at the start of the label bytes
// data[k:end] belong to an escape that begins just before k: "%2F" (2),
// "%252F" (4), `\n` (1), `\u002F` (5), `\x2F` (3).
func escapeLen(data []byte, k, end int) int {
	if k == 0 {
		return 0
	}
	run := data[k:end]
	switch data[k-1] {
	case '%':
		// "%2F", or "%252F" and deeper when the URL was encoded again
		n := 0
		for len(run) >= n+4 && run[n] == '2' && run[n+1] == '5' && isHex(run[n+2]) && isHex(run[n+3]) {
			n += 2
		}
		if len(run) >= n+2 && isHex(run[n]) && isHex(run[n+1]) {
			return n + 2
		}
	case '\\':
		switch {
		case len(run) >= 5 && run[0] == 'u' && isHex(run[1]) && isHex(run[2]) && isHex(run[3]) && isHex(run[4]):
			return 5
		case len(run) >= 3 && run[0] == 'x' && isHex(run[1]) && isHex(run[2]):
			return 3
		case len(run) >= 1 && strings.IndexByte("nrtbfv0", run[0]) >= 0:
			return 1
		}
	}
	return 0
}

// idnLetter reports whether the first (or, with last, the final) character
// of b is a non-ASCII letter of a script written with spaces between words
// (Latin, Greek, Cyrillic): such a letter belongs to a Unicode label, so a
// host cannot start or end next to it. Other scripts, CJK above all, write
// a host name right against their text ("詳細はapi.example.comを参照"), and
// marks such as “quotes” or a no-break space are boundaries anyway.
func idnLetter(b []byte, last bool) bool {
	if len(b) == 0 {
		return false
	}
	var r rune
	if last {
		if b[len(b)-1] < utf8.RuneSelf {
			return false
		}
		r, _ = utf8.DecodeLastRune(b)
	} else {
		if b[0] < utf8.RuneSelf {
			return false
		}
		r, _ = utf8.DecodeRune(b)
	}
	return unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic)
}

// hyphens returns how many bytes at the start of b are '-'.
func hyphens(b []byte) int {
	n := 0
	for n < len(b) && b[n] == '-' {
		n++
	}
	return n
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// decodeHost turns a host as written into lower-case dotted form.
func decodeHost(b []byte) string {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if c == '\\' {
			continue
		}
		out = append(out, lower(c))
	}
	return string(out)
}

// encodeHost spells the lower-case host h with the separator sep.
func encodeHost(h, sep string) string {
	if sep == "." {
		return h
	}
	return strings.ReplaceAll(h, ".", sep)
}

// sortRefs orders refs by offset, and of two at the same offset puts the
// one of the earlier search first, then drops any that overlap an earlier
// one.
func sortRefs(refs []hostRef) []hostRef {
	slices.SortFunc(refs, func(a, b hostRef) int { return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.search, b.search)) })
	out := refs[:0]
	for _, r := range refs {
		if len(out) > 0 && r.start < out[len(out)-1].end {
			continue
		}
		out = append(out, r)
	}
	return out
}
