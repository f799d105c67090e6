package rules

import "strings"

// wildIndex finds, among many wildcard patterns, the first in a fixed order
// that matches a host, in time that does not grow with the number of
// patterns: each pattern is filed under the fixed labels after its '*'
// label (Suffix), so a host only meets the patterns filed under one of its
// own suffixes.
type wildIndex struct {
	pats     []Pattern
	vals     []int              // per pattern, what match returns for it
	bySuffix map[string][]int32 // suffix -> indexes into pats, in order
}

// add files p, after every pattern added before it, with the value val.
func (x *wildIndex) add(p Pattern, val int) {
	if x.bySuffix == nil {
		x.bySuffix = map[string][]int32{}
	}
	s := p.Suffix()
	x.bySuffix[s] = append(x.bySuffix[s], int32(len(x.pats)))
	x.pats = append(x.pats, p)
	x.vals = append(x.vals, val)
}

// match returns the value and the capture of the first pattern, in the
// order they were added, that matches the lower-case host h.
func (x *wildIndex) match(h string) (val int, capture string, ok bool) {
	best := int32(-1)
	for rest := h; ; {
		dot := strings.IndexByte(rest, '.')
		if dot < 0 {
			break
		}
		rest = rest[dot+1:]
		for _, i := range x.bySuffix[rest] {
			if best >= 0 && i > best {
				break // the bucket is in order: the rest come later still
			}
			if c, hit := x.pats[i].Match(h); hit {
				best, capture = i, c
				break
			}
		}
	}
	if best < 0 {
		return 0, "", false
	}
	return x.vals[best], capture, true
}
