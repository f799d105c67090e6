package rewrite

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLineSpans(t *testing.T) {
	for _, tc := range []struct {
		old, new string
		o, n     []Span
	}{
		{"url: ws://api.staging.example.com\n", "url: wss://api-staging.example.com\n", []Span{{13, 14}}, []Span{{7, 8}, {14, 15}}},
		{"same", "same", nil, nil},
		{"café a.b", "café c.d", []Span{{6, 9}}, []Span{{6, 9}}},               // byte offsets after a 2-byte é
		{"caf\xe9 a.b\r\n", "caf\xe9 c.d\r\n", []Span{{5, 8}}, []Span{{5, 8}}}, // invalid UTF-8: byte by byte
	} {
		o, n := LineSpans(tc.old, tc.new)
		if diff := cmp.Diff(tc.o, o); diff != "" {
			t.Errorf("LineSpans(%q, %q) old spans (-want +got):\n%s", tc.old, tc.new, diff)
		}
		if diff := cmp.Diff(tc.n, n); diff != "" {
			t.Errorf("LineSpans(%q, %q) new spans (-want +got):\n%s", tc.old, tc.new, diff)
		}
	}
}
