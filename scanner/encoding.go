package scanner

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// Encoding is how a file's text is stored. Everything the scanner reports
// (offsets, lines, columns, matched text) is about the text decoded to
// UTF-8; rewrite encodes what it writes back in the file's own encoding.
type Encoding uint8

const (
	// UTF8 is content taken as it is: UTF-8, ASCII, or any bytes without
	// a NUL that say otherwise.
	UTF8 Encoding = iota
	// UTF16LE is little-endian UTF-16 without a byte order mark.
	UTF16LE
	// UTF16BE is big-endian UTF-16 without a byte order mark.
	UTF16BE
	// UTF16LEBOM is little-endian UTF-16 after the byte order mark FF FE.
	UTF16LEBOM
	// UTF16BEBOM is big-endian UTF-16 after the byte order mark FE FF.
	UTF16BEBOM
)

// String names the encoding as a person reads it.
func (e Encoding) String() string {
	switch e {
	case UTF16LE:
		return "UTF-16LE"
	case UTF16BE:
		return "UTF-16BE"
	case UTF16LEBOM:
		return "UTF-16LE with BOM"
	case UTF16BEBOM:
		return "UTF-16BE with BOM"
	}
	return "UTF-8"
}

// UTF16 reports whether the encoding is one of the UTF-16 ones.
func (e Encoding) UTF16() bool { return e != UTF8 }

func (e Encoding) bigEndian() bool { return e == UTF16BE || e == UTF16BEBOM }

// bom returns the byte order mark the encoding starts with, if any.
func (e Encoding) bom() []byte {
	switch e {
	case UTF16LEBOM:
		return []byte{0xFF, 0xFE}
	case UTF16BEBOM:
		return []byte{0xFE, 0xFF}
	}
	return nil
}

// DecodeError is content that is not valid in the encoding it claims.
type DecodeError struct {
	Offset int    // byte offset in the raw content
	Reason string // "unpaired surrogate", "odd number of bytes"
}

func (e *DecodeError) Error() string {
	if e.Reason == reasonOdd {
		return fmt.Sprintf("%s (%d)", e.Reason, e.Offset+1)
	}
	return fmt.Sprintf("%s at byte %d", e.Reason, e.Offset)
}

const reasonOdd = "odd number of bytes"

// Decode returns the text of raw, content in encoding e, as UTF-8 without
// the byte order mark. For UTF8 it is raw itself. Valid UTF-16 decodes
// and encodes back to the same bytes, so a rewrite changes nothing but
// its edits; content that would not (an odd length, an unpaired
// surrogate) is a *DecodeError.
func (e Encoding) Decode(raw []byte) ([]byte, error) {
	if !e.UTF16() {
		return raw, nil
	}
	start := len(e.bom())
	if len(raw) < start || string(raw[:start]) != string(e.bom()) {
		return nil, &DecodeError{Offset: 0, Reason: "missing byte order mark"}
	}
	if (len(raw)-start)%2 != 0 {
		return nil, &DecodeError{Offset: len(raw) - 1, Reason: reasonOdd}
	}
	unit := func(i int) rune {
		if e.bigEndian() {
			return rune(raw[i])<<8 | rune(raw[i+1])
		}
		return rune(raw[i+1])<<8 | rune(raw[i])
	}
	out := make([]byte, 0, len(raw)-start+len(raw)/4)
	for i := start; i < len(raw); i += 2 {
		r := unit(i)
		switch {
		case r < 0xD800 || r > 0xDFFF:
			if r < utf8.RuneSelf {
				out = append(out, byte(r))
			} else {
				out = utf8.AppendRune(out, r)
			}
		case r <= 0xDBFF && i+3 < len(raw):
			lo := unit(i + 2)
			if lo < 0xDC00 || lo > 0xDFFF {
				return nil, &DecodeError{Offset: i, Reason: "unpaired surrogate"}
			}
			out = utf8.AppendRune(out, utf16.DecodeRune(r, lo))
			i += 2
		default:
			return nil, &DecodeError{Offset: i, Reason: "unpaired surrogate"}
		}
	}
	return out, nil
}

// errNotUTF8 is text to encode that is not valid UTF-8: a UTF-16 file
// can only hold Unicode text.
var errNotUTF8 = errors.New("text to write is not valid UTF-8")

// Encode returns text, valid UTF-8, in encoding e, with the byte order
// mark if e has one: the inverse of Decode. For UTF8 it is text itself.
func (e Encoding) Encode(text []byte) ([]byte, error) {
	if !e.UTF16() {
		return text, nil
	}
	out := make([]byte, 0, 2*len(text)+2)
	out = append(out, e.bom()...)
	put := func(u rune) {
		if e.bigEndian() {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	for i := 0; i < len(text); {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRune(text[i:])
			if r == utf8.RuneError && n == 1 {
				return nil, errNotUTF8
			}
		}
		i += n
		if r >= 0x10000 {
			hi, lo := utf16.EncodeRune(r)
			put(hi)
			put(lo)
			continue
		}
		put(r)
	}
	return out, nil
}

// detect decides how data, a file's whole content, is stored: UTF8 or a
// UTF-16 encoding, or a reason to skip the file. A byte order mark says
// UTF-16 outright. Without one, content with no NUL in its first
// binaryProbe bytes is UTF-8, and content with NULs is UTF-16 when they
// all fall on one side of the 16-bit units (the high bytes of the ASCII
// characters that any text has plenty of) in at least a quarter of them;
// other content with NULs is binary, as git decides.
func detect(data []byte) (Encoding, string) {
	switch {
	case len(data) >= 4 && (string(data[:4]) == "\xFF\xFE\x00\x00" || string(data[:4]) == "\x00\x00\xFE\xFF"):
		return UTF8, "unsupported encoding (UTF-32); convert it to UTF-8 to have it scanned"
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		return UTF16LEBOM, ""
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		return UTF16BEBOM, ""
	}
	probe := data[:min(len(data), binaryProbe)]
	if bytes.IndexByte(probe, 0) < 0 {
		return UTF8, ""
	}
	var even, odd int
	for i, b := range probe {
		if b == 0 {
			if i%2 == 0 {
				even++
			} else {
				odd++
			}
		}
	}
	units := (len(probe) + 1) / 2
	switch {
	case even > 0 && odd > 0, 4*(even+odd) < units:
		return UTF8, "binary"
	case odd > 0:
		return UTF16LE, ""
	}
	return UTF16BE, ""
}

// decodeText returns the text of data, a file's content in encoding enc
// as detect found it, or the reason it is skipped: UTF-16 that does not
// decode, and BOM-less content whose NULs say UTF-16 but whose text
// does not look like text, are left alone, never guessed at.
func decodeText(enc Encoding, data []byte) ([]byte, string) {
	if !enc.UTF16() {
		return data, ""
	}
	text, err := enc.Decode(data)
	switch {
	case err != nil && enc.bom() != nil:
		return nil, fmt.Sprintf("invalid UTF-16 (%s: %v); it is not scanned, so that it is never rewritten wrongly", enc, err)
	case err != nil:
		return nil, ambiguous(enc, "has an "+err.Error())
	case enc.bom() == nil && !plainText(text):
		return nil, ambiguous(enc, "has control characters")
	}
	return text, ""
}

// ambiguous is the skip reason of BOM-less content that may be UTF-16.
func ambiguous(enc Encoding, why string) string {
	return fmt.Sprintf("ambiguous UTF-16 (its NUL bytes say %s without a byte order mark, but it %s); add a byte order mark or convert it to UTF-8 to have it scanned", enc, why)
}

// plainText reports whether text has no control characters but the
// whitespace ones and escape, and no U+FFFE (a byte order mark read in
// the wrong order).
func plainText(text []byte) bool {
	for i := 0; i < len(text); i++ {
		b := text[i]
		switch {
		case b >= 0x20 && b != 0x7F && b != 0xEF:
		case b == '\t', b == '\n', b == '\v', b == '\f', b == '\r', b == 0x1B:
		case b == 0xEF:
			if i+2 < len(text) && text[i+1] == 0xBF && text[i+2] == 0xBE {
				return false
			}
		default:
			return false
		}
	}
	return true
}
