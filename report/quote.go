package report

import (
	"strings"
	"unicode/utf8"
)

// QuotePath returns the path as git prints it with core.quotePath: unchanged
// unless it holds a control character, a double quote, a backslash or a
// byte that is not UTF-8, and then in double quotes with C escapes ("\n",
// "\t", "\"", "\\") and three octal digits for every other such byte, so
// that a name always stays on one line of output. Printable UTF-8 is kept
// as it is, as git does with core.quotePath off.
func QuotePath(p string) string {
	if !needsQuote(p) {
		return p
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		c := p[i]
		switch {
		case r == utf8.RuneError && n <= 1, r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			for _, c := range []byte(p[i : i+n]) {
				if e := cEscape(c); e != 0 {
					b.WriteByte('\\')
					b.WriteByte(e)
				} else {
					b.WriteByte('\\')
					b.WriteByte('0' + c>>6)
					b.WriteByte('0' + c>>3&7)
					b.WriteByte('0' + c&7)
				}
			}
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteString(p[i : i+n])
		}
		i += n
	}
	b.WriteByte('"')
	return b.String()
}

func needsQuote(p string) bool {
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		if r == utf8.RuneError && n <= 1 || r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '"' || r == '\\' {
			return true
		}
		i += n
	}
	return false
}

// cEscape is the letter of the C escape for c, or 0.
func cEscape(c byte) byte {
	switch c {
	case '\a':
		return 'a'
	case '\b':
		return 'b'
	case '\t':
		return 't'
	case '\n':
		return 'n'
	case '\v':
		return 'v'
	case '\f':
		return 'f'
	case '\r':
		return 'r'
	}
	return 0
}

// xmlPath is the path as an XML 1.0 document can carry it: XML has no way
// to write a control character other than tab, newline and carriage return,
// so a path holding one is written quoted as QuotePath does.
func xmlPath(p string) string {
	for i := 0; i < len(p); {
		r, n := utf8.DecodeRuneInString(p[i:])
		if r == utf8.RuneError && n <= 1 || r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xfffe || r == 0xffff {
			return QuotePath(p)
		}
		i += n
	}
	return p
}
