package rewrite

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/domainshift/domainshift/scanner"
)

func TestApply(t *testing.T) {
	for _, tc := range []struct {
		name  string
		src   string
		edits []Edit
		want  string
		err   string // substring of the EditError reason; "" means success
	}{
		{"none", "abc", nil, "abc", ""},
		{"replace", "ws://a.b", []Edit{{0, 2, []byte("wss")}}, "wss://a.b", ""},
		{"unsorted", "0123456789", []Edit{{8, 1, []byte("X")}, {1, 2, []byte("")}}, "034567X9", ""},
		{"insert at end", "ab", []Edit{{2, 0, []byte("c")}}, "abc", ""},
		{"insert then replace", "ab", []Edit{{0, 0, []byte("<")}, {0, 1, []byte("A")}}, "<Ab", ""},
		{"adjacent", "abcd", []Edit{{0, 2, []byte("X")}, {2, 2, []byte("Y")}}, "XY", ""},
		{"crlf kept", "a\r\nb\r\n", []Edit{{3, 1, []byte("c")}}, "a\r\nc\r\n", ""},
		{"out of range", "ab", []Edit{{1, 2, nil}}, "", "out of range"},
		{"negative", "ab", []Edit{{-1, 1, nil}}, "", "out of range"},
		{"overlap", "abcdef", []Edit{{3, 2, nil}, {1, 3, nil}}, "", "overlaps"},
		{"two inserts at one offset", "ab", []Edit{{1, 0, []byte("x")}, {1, 0, []byte("y")}}, "", "overlaps"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			got, err := Apply(src, tc.edits)
			if tc.err != "" {
				var ee *EditError
				if !errors.As(err, &ee) || !strings.Contains(ee.Reason, tc.err) {
					t.Fatalf("Apply() error = %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("Apply() = %q, want %q", got, tc.want)
			}
			if string(src) != tc.src {
				t.Errorf("Apply modified src: %q", src)
			}
			if cap(got) != len(got) {
				t.Errorf("Apply result has cap %d for len %d: not one exact allocation", cap(got), len(got))
			}
			inv, err := invert(src, tc.edits)
			if err != nil {
				t.Fatal(err)
			}
			back, err := Apply(got, inv)
			if err != nil || string(back) != tc.src {
				t.Errorf("inverse gives %q, %v; want %q", back, err, tc.src)
			}
		})
	}
}

func TestEdits(t *testing.T) {
	findings := []scanner.Finding{
		{Offset: 20, Length: 3, Match: "a.b", Replacement: "c.d"},
		{Offset: 5, Length: 5, Match: "ws://", Replacement: "wss://"},
		{Offset: 40, Length: 3, Match: "x.y"},                     // report-only
		{Offset: 50, Length: 3, Match: "x.y", Replacement: "x.y"}, // no change
	}
	want := []Edit{{5, 5, []byte("wss://")}, {20, 3, []byte("c.d")}}
	if diff := cmp.Diff(want, Edits(findings)); diff != "" {
		t.Errorf("Edits() mismatch (-want +got):\n%s", diff)
	}
}

// invert returns the edits that turn Apply(src, edits) back into src.
// edits must be valid for src.
func invert(src []byte, edits []Edit) ([]Edit, error) {
	sorted, _, err := validate(src, edits)
	if err != nil {
		return nil, err
	}
	inv := make([]Edit, len(sorted))
	delta := 0
	for i, e := range sorted {
		inv[i] = Edit{Offset: e.Offset + delta, Len: len(e.New), New: src[e.Offset:e.end()]}
		delta += len(e.New) - e.Len
	}
	return inv, nil
}
