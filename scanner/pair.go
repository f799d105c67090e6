package scanner

// The pair prefilter: with one or two searches (see searchSet), one pass
// over a file finds the positions where any search's two rarest label
// bytes both stand, at their distance from one another, case folded. Real text holds a label's rarest
// byte far more often than that pair ('g' is 1.0% of the benchmark tree's
// bytes, "gc" rarely), so the matcher tries few candidates, and on amd64
// with AVX2 the pass compares 32 bytes at a time (pair_amd64.s).

// maxPairs is the most searches the pair table holds (its tests use all).
const maxPairs = 8

// pairTab is the pass's table; the assembly reads it by offset, so the
// layout is fixed: k, lim, d, then per search four 32-byte vectors.
type pairTab struct {
	k   int64           // number of searches
	lim int64           // the largest d
	d   [maxPairs]int64 // per search: index of its second byte minus that of its first
	vec [maxPairs][4][32]byte
	// vec[j]: the first byte | 0x20 broadcast, 0x20 broadcast, the second
	// byte | 0x20, 0x20: (x | 0x20) == (c | 0x20) holds for both cases of
	// a letter, and for any other label byte c (and, rarely, for a control
	// byte the search then rejects).
	first, second [maxPairs]byte // the folded bytes, for the scalar pass
}

// newPairTab returns the table for searches, or nil when they do not
// suit the pass: too many, or a label of one byte.
func newPairTab(searches []search) *pairTab {
	if len(searches) == 0 || len(searches) > maxPairs {
		return nil
	}
	t := &pairTab{k: int64(len(searches))}
	for j := range searches {
		s := &searches[j]
		if len(s.label) < 2 {
			return nil
		}
		d := s.next - s.rare
		t.d[j] = int64(d)
		t.lim = max(t.lim, int64(d))
		t.first[j], t.second[j] = s.label[s.rare]|0x20, s.label[s.next]|0x20
		for i := range 32 {
			t.vec[j][0][i], t.vec[j][1][i] = t.first[j], 0x20
			t.vec[j][2][i], t.vec[j][3][i] = t.second[j], 0x20
		}
	}
	return t
}

// pairBytes sets s.rare and s.next to the indexes of the two rarest bytes
// of its label, rare the lower one.
func pairBytes(s *search) {
	a, b := -1, -1
	for i := 0; i < len(s.label); i++ {
		switch f := byteFreq(s.label[i]); {
		case a < 0 || f < byteFreq(s.label[a]):
			a, b = i, a
		case b < 0 || f < byteFreq(s.label[b]):
			b = i
		}
	}
	s.rare, s.next = min(a, b), max(a, b)
}

// hit reports whether search j's pair stands at data[q:].
func (t *pairTab) hit(data []byte, q, j int) bool {
	e := q + int(t.d[j])
	return e < len(data) && data[q]|0x20 == t.first[j] && data[e]|0x20 == t.second[j]
}

// next returns the first position from q on where some search's pair
// stands, or -1.
func (t *pairTab) next(data []byte, q int) int {
	if useAVX2 {
		if r := pairIndexAVX2(data, q, t); r >= 0 {
			return r
		} else {
			q = -1 - r // where the vector pass stopped
		}
	}
	return t.nextScalar(data, q)
}

func (t *pairTab) nextScalar(data []byte, q int) int {
	for ; q < len(data); q++ {
		c := data[q] | 0x20
		for j := range int(t.k) {
			if c == t.first[j] && t.hit(data, q, j) {
				return q
			}
		}
	}
	return -1
}

// find runs every search of set at each candidate of the pass, appending
// what they find to refs; the cursors work as in byteGroup.find.
func (t *pairTab) find(data []byte, searches []search, refs []hostRef) []hostRef {
	var curs [maxPairs]cursor
	for q := 0; ; q++ {
		if q = t.next(data, q); q < 0 {
			return refs
		}
		for j := range int(t.k) {
			if c := &curs[j]; q >= c.from && t.hit(data, q, j) {
				refs = searches[j].try(data, q, j, c, refs)
			}
		}
	}
}
