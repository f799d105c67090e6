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

func newLineMemo() lineMemo { return lineMemo{start: -1} }

// annotate fills in f's CharColumn and LineHash; f.Offset and f.Column
// must be set.
func (m *lineMemo) annotate(f *Finding, data []byte, lines *lineIndex) {
	start := f.Offset - f.Column + 1
	if start != m.start {
		line, _ := lines.lineAt(f.Offset)
		m.start, m.hash, m.off, m.col = start, LineHash(line), start, 1
	}
	if f.Offset < m.off {
		m.off, m.col = start, 1
	}
	m.col += utf8.RuneCount(data[m.off:f.Offset])
	m.off = f.Offset
	f.CharColumn, f.LineHash = m.col, m.hash
}
