package scanner

import (
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// TestCharColumnAndLineHash checks the code-point columns and line hashes
// the matcher records, against a direct computation, for several findings
// on one line (a scheme finding precedes its host) and across lines.
func TestCharColumnAndLineHash(t *testing.T) {
	m := NewMatcher(mustRules(t, testRules))
	in := "é ws://api.staging.example.com/ü ü api.staging.example.com\r\n  \tx = 'ñ api.staging.example.com'  \nplain api.staging.example.com"
	res := m.Match("a.txt", []byte(in))
	if len(res.Findings) < 4 {
		t.Fatalf("got %d findings, want at least 4", len(res.Findings))
	}
	for _, f := range res.Findings {
		start := f.Offset - f.Column + 1
		if want := utf8.RuneCountInString(in[start:f.Offset]) + 1; f.CharColumn != want {
			t.Errorf("%s at %d: CharColumn %d, want %d", f.Rule, f.Offset, f.CharColumn, want)
		}
	}
	var hashes []string
	for _, f := range res.Findings {
		hashes = append(hashes, f.LineHash)
	}
	// Whitespace is normalized: the second line hashes like its trimmed,
	// collapsed spelling.
	if got, want := res.Findings[len(res.Findings)-2].LineHash, LineHash([]byte("x = 'ñ api.staging.example.com'")); got != want {
		t.Errorf("line 2 hash %s, want %s", got, want)
	}
	if hashes[0] != hashes[1] || hashes[0] == hashes[len(hashes)-1] {
		t.Errorf("hashes %v: want equal on one line, different across lines", hashes)
	}
	if diff := cmp.Diff(LineHash([]byte(" a \t b\r")), LineHash([]byte("a b"))); diff != "" {
		t.Errorf("LineHash does not normalize whitespace: %s", diff)
	}
}

// TestCharColumnAfterBOM: a UTF-8 byte order mark is not a character of
// the first line, so a host after it and multi-byte characters has the
// column a viewer shows (SARIF, checkstyle and GitHub count code points),
// and the BOM does not change the line's hash.
func TestCharColumnAfterBOM(t *testing.T) {
	m := NewMatcher(mustRules(t, testRules))
	line := "# héllo ✓ 日本 'https://api.staging.example.com' api.staging.example.com"
	plain := m.Match("a.txt", []byte(line+"\n")).Findings
	bommed := m.Match("a.txt", []byte("\xef\xbb\xbf"+line+"\r\n")).Findings
	if len(plain) < 2 || len(plain) != len(bommed) {
		t.Fatalf("got %d and %d findings, want the same, at least 2", len(plain), len(bommed))
	}
	for i, f := range bommed {
		want := utf8.RuneCountInString(line[:plain[i].Offset]) + 1
		if f.CharColumn != want || plain[i].CharColumn != want {
			t.Errorf("finding %d: CharColumn %d with a BOM, %d without, want %d", i, f.CharColumn, plain[i].CharColumn, want)
		}
		if f.Column != plain[i].Column+3 {
			t.Errorf("finding %d: byte column %d with a BOM, want %d (bytes count the BOM)", i, f.Column, plain[i].Column+3)
		}
		if f.LineHash != plain[i].LineHash {
			t.Errorf("finding %d: the BOM changed the line hash", i)
		}
	}
}
