package rewrite

import (
	"unicode/utf8"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// Span is a byte range [Start, End) within a line.
type Span struct {
	Start, End int
}

// LineSpans returns the byte ranges that differ between an old and a new
// line: what was removed from old and what was added in new, for
// highlighting a change within a line. Valid UTF-8 is compared by
// character; anything else byte by byte, so spans never fall inside a
// character and offsets stay exact for invalid UTF-8.
func LineSpans(old, new string) (oldSpans, newSpans []Span) {
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // the same answer under load as at rest
	var diffs []diffmatchpatch.Diff
	bytewise := !utf8.ValidString(old) || !utf8.ValidString(new)
	if bytewise {
		diffs = dmp.DiffMainRunes(latin1(old), latin1(new), false)
	} else {
		diffs = dmp.DiffMain(old, new, false)
	}
	diffs = dmp.DiffCleanupSemantic(diffs)
	size := func(s string) int {
		if bytewise {
			return utf8.RuneCountInString(s)
		}
		return len(s)
	}
	o, n := 0, 0
	for _, d := range diffs {
		l := size(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffEqual:
			o += l
			n += l
		case diffmatchpatch.DiffDelete:
			oldSpans = appendSpan(oldSpans, o, o+l)
			o += l
		case diffmatchpatch.DiffInsert:
			newSpans = appendSpan(newSpans, n, n+l)
			n += l
		}
	}
	return oldSpans, newSpans
}

// latin1 maps each byte to one rune, so rune offsets are byte offsets.
func latin1(s string) []rune {
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return r
}

func appendSpan(spans []Span, start, end int) []Span {
	if n := len(spans); n > 0 && spans[n-1].End == start {
		spans[n-1].End = end
		return spans
	}
	return append(spans, Span{start, end})
}
