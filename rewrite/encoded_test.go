package rewrite

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

var utf16Encodings = [...]scanner.Encoding{scanner.UTF16LE, scanner.UTF16BE, scanner.UTF16LEBOM, scanner.UTF16BEBOM}

// FuzzEncoded round-trips arbitrary text through UTF-16 in each byte order,
// with and without a byte order mark: the matcher's fixes, applied by
// Encoded to the raw UTF-16 bytes, change nothing outside the host spans.
// The new content decodes to what Apply makes of the decoded text, and is,
// piece by piece, the raw bytes of every gap between spans and the encoded
// replacement of every span.
func FuzzEncoded(f *testing.F) {
	r, err := rules.Load(filepath.Join(goldenDir, "rules.toml"))
	if err != nil {
		f.Fatal(err)
	}
	m := scanner.NewMatcher(r)
	for i, s := range append(fuzzSeeds,
		"$a = \"https://api.staging.example.com/v1\"\r\n# é ✓ 🚀 app.staging.example.com\r\n",
		"re: '^api\\.staging\\.example\\.com$' https%3A%2F%2Fauth.staging.example.com%2F",
		"\U0001F680api.staging.example.com\U0001F680 pr-{N}-api.staging.example.com x.legacy.example.com",
	) {
		f.Add(s, uint8(i))
	}
	f.Fuzz(func(t *testing.T, s string, which uint8) {
		text := []byte(strings.ToValidUTF8(s, "\uFFFD"))
		enc := utf16Encodings[int(which)%len(utf16Encodings)]
		raw, err := enc.Encode(text)
		if err != nil {
			t.Fatal(err)
		}
		edits := Edits(m.Match("deploy/script.ps1", text).Findings)
		out, err := Encoded(raw, FilePlan{Edits: edits, Encoding: enc})
		if err != nil {
			t.Fatalf("%s %q: %v", enc, text, err)
		}
		want, err := Apply(text, edits)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := enc.Decode(out); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s: decodes to %q, %v; want %q", enc, got, err, want)
		}
		if len(edits) == 0 && !bytes.Equal(out, raw) {
			t.Fatalf("%s: no edits, but the bytes changed", enc)
		}
		// Walk the spans: raw and out agree on every gap, byte for byte.
		bom := len(raw) - len(units(enc, text))
		at, from, last := bom, bom, 0
		for _, e := range edits {
			gap := units(enc, text[last:e.Offset])
			if !bytes.Equal(out[at:at+len(gap)], gap) || !bytes.Equal(raw[from:from+len(gap)], gap) {
				t.Fatalf("%s: the bytes before the edit at %d changed", enc, e.Offset)
			}
			at += len(gap) + len(units(enc, e.New))
			from += len(gap) + len(units(enc, text[e.Offset:e.Offset+e.Len]))
			last = e.Offset + e.Len
		}
		if !bytes.Equal(out[at:], raw[from:]) || !bytes.Equal(out[:bom], raw[:bom]) {
			t.Fatalf("%s: the byte order mark or the tail changed", enc)
		}
	})
}

// units is text, valid UTF-8, in enc without its byte order mark.
func units(enc scanner.Encoding, text []byte) []byte {
	b, err := enc.Encode(text)
	if err != nil {
		panic(err)
	}
	if enc == scanner.UTF16LEBOM || enc == scanner.UTF16BEBOM {
		b = b[2:]
	}
	return b
}
