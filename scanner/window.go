package scanner

import "math/bits"

// The window prefilter: with three to eight searches (see searchSet), one
// pass over a file finds the positions where any search's window, the
// three adjacent bytes of its label that are rarest together, stands,
// letters in either case. Real text holds a label's rarest byte far more
// often than such a window ('g' is 1.0% of the benchmark tree's bytes,
// "gcr" rarely), so the matcher tries few candidates. Each search owns one bit of the tables, so the
// pass is exact, and on amd64 with AVX2 it looks at every search at once,
// 32 bytes at a time, with two table lookups a byte (window_amd64.s).

// maxWindows is the most searches one pass looks for: one bit of a byte each.
const maxWindows = 8

// maxWindow is the widest window.
const maxWindow = 3

// windowTab is the pass's table; the assembly reads it by offset, so the
// layout is fixed: nib, then low. The pass reads up to maxWindow-1 bytes
// past a position, whatever the windows' widths.
type windowTab struct {
	// nib[i][0][n] has bit j set when the low nibble n may stand at byte i
	// of search j's window, nib[i][1][n] the same for the high nibble; the
	// 16 entries are there twice, once for each 128-bit lane. A byte past
	// a narrower window is any byte: every entry has the bit.
	nib [maxWindow][2][32]byte
	low [32]byte // 0x0f, for the low nibbles

	k    int              // number of searches
	wild [maxWindow]uint8 // the searches whose window is narrower than i+1 bytes
}

// newWindowTab returns the table for searches, whose rare fields give each
// one's window (see windowBytes), or nil when they do not suit the pass:
// too many, or a label of one byte.
func newWindowTab(searches []search) *windowTab {
	if len(searches) == 0 || len(searches) > maxWindows {
		return nil
	}
	t := &windowTab{k: len(searches)}
	for i := range t.low {
		t.low[i] = 0x0f
	}
	for j := range searches {
		s := &searches[j]
		if len(s.label) < 2 {
			return nil
		}
		w := min(maxWindow, len(s.label))
		bit := byte(1) << j
		for i := range maxWindow {
			if i >= w {
				t.wild[i] |= bit
				for n := range 32 {
					t.nib[i][0][n] |= bit
					t.nib[i][1][n] |= bit
				}
				continue
			}
			for _, c := range []byte{s.label[s.rare+i], upper(s.label[s.rare+i])} {
				t.nib[i][0][c&15] |= bit
				t.nib[i][0][16+c&15] |= bit
				t.nib[i][1][c>>4] |= bit
				t.nib[i][1][16+c>>4] |= bit
			}
		}
	}
	return t
}

// windowBytes sets s.rare to where the window of its label starts: the
// three adjacent bytes (two in a label of two) least frequent together,
// and s.next to the byte after it, which try compares first.
func windowBytes(s *search) {
	w := min(maxWindow, len(s.label))
	best := 1e18
	for p := 0; p+w <= len(s.label); p++ {
		f := 1.0
		for i := range w {
			f *= byteFreq(s.label[p+i])
		}
		if f < best {
			best, s.rare = f, p
		}
	}
	s.next = s.rare + 1
}

// mask returns the searches whose window stands at data[q:], a bit each.
func (t *windowTab) mask(data []byte, q int) uint8 {
	m := uint8(1)<<t.k - 1
	for i := range maxWindow {
		if q+i >= len(data) {
			m &= t.wild[i]
			continue
		}
		c := data[q+i]
		m &= t.nib[i][0][c&15] & t.nib[i][1][c>>4]
	}
	return m
}

// next returns the first position from q on where some search's window
// stands, or -1.
func (t *windowTab) next(data []byte, q int) int {
	if useAVX2 {
		if r := windowIndexAVX2(data, q, t); r >= 0 {
			return r
		} else {
			q = -1 - r // where the vector pass stopped
		}
	}
	return t.nextScalar(data, q)
}

func (t *windowTab) nextScalar(data []byte, q int) int {
	for ; q < len(data); q++ {
		if t.mask(data, q) != 0 {
			return q
		}
	}
	return -1
}

// find runs the searches whose window stands at each candidate of the
// pass, appending what they find to refs; the cursors work as in
// byteGroup.find.
func (t *windowTab) find(data []byte, searches []search, refs []hostRef) []hostRef {
	var curs [maxWindows]cursor
	for q := 0; ; q++ {
		if q = t.next(data, q); q < 0 {
			return refs
		}
		for m := t.mask(data, q); m != 0; m &= m - 1 {
			j := bits.TrailingZeros8(m)
			if c := &curs[j]; q >= c.from {
				refs = searches[j].try(data, q, j, c, refs)
			}
		}
	}
}
