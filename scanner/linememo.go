package scanner

import "unicode/utf8"

// lineMemo sets Finding.CharColumn and Finding.LineHash. A minified file
// can hold thousands of findings on one megabyte-long line, so it hashes
// each line once and counts code points from the previous finding on the
// same line instead of from the line start.
type lineMemo struct {
	start    int    // start offset of the memoized line; -1: none
	hash     string // LineHash of that line
	off, col int    // offset and CharColumn of the last finding on it
}

const bom = "\xef\xbb\xbf"

func newLineMemo() lineMemo { return lineMemo{start: -1} }

// annotate fills in f's CharColumn and LineHash; f.Offset and f.Column
// must be set.
func (m *lineMemo) annotate(f *Finding, data []byte, lines *lineIndex) {
	start := f.Offset - f.Column + 1
	// A UTF-8 byte order mark is an encoding signature, not a character
	// of the first line: viewers do not show it, so columns start after
	// it, and adding or dropping one keeps the line's hash.
	first := start
	if start == 0 && f.Offset >= len(bom) && string(data[:len(bom)]) == bom {
		first = len(bom)
	}
	if start != m.start {
		line, _ := lines.lineAt(f.Offset)
		if first != start {
			line = line[len(bom):]
		}
		m.start, m.hash, m.off, m.col = start, LineHash(line), first, 1
	}
	if f.Offset < m.off {
		m.off, m.col = first, 1
	}
	m.col += utf8.RuneCount(data[m.off:f.Offset])
	m.off = f.Offset
	f.CharColumn, f.LineHash = m.col, m.hash
}
