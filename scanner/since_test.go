package scanner

import (
	"bufio"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseHunks(t *testing.T) {
	diff := `diff --git a/a.txt b/a.txt
index 1111111111111111111111111111111111111111..0000000000000000000000000000000000000000 100644
--- a/a.txt
+++ b/a.txt
@@ -3 +3 @@ context
-old
+new
@@ -10,0 +11,2 @@
+++ not a header: an added line starting "++ "
+--- nor this
@@ -20,2 +21,0 @@
-gone
-gone too
diff --git a/old name.txt b/new name.txt
similarity index 90%
rename from old name.txt
rename to new name.txt
index 3333333333333333333333333333333333333333..0000000000000000000000000000000000000000
--- a/old name.txt	
+++ b/new name.txt	
@@ -1 +1 @@
-x
+y
\ No newline at end of file
diff --git "a/q\"uote\303\251.txt" "b/q\"uote\303\251.txt"
new file mode 100644
index 0000000000000000000000000000000000000000..0000000000000000000000000000000000000000
--- "a/q\"uote\303\251.txt"
+++ "b/q\"uote\303\251.txt"
@@ -0,0 +1,3 @@
+a
+b
+c
diff --git a/pure-rename.txt b/renamed.txt
similarity index 100%
rename from pure-rename.txt
rename to renamed.txt
diff --git a/only-deletions.txt b/only-deletions.txt
--- a/only-deletions.txt
+++ b/only-deletions.txt
@@ -4,2 +3,0 @@
-x
-y
diff --git a/img.png b/img.png
Binary files a/img.png and b/img.png differ
`
	got, olds, err := parseHunks(bufio.NewReader(strings.NewReader(diff)))
	if err != nil {
		t.Fatal(err)
	}
	wantOlds := map[string]string{
		"a.txt":        "1111111111111111111111111111111111111111",
		"new name.txt": "3333333333333333333333333333333333333333",
	}
	if diff := cmp.Diff(wantOlds, olds); diff != "" {
		t.Errorf("old blobs (-want +got):\n%s", diff)
	}
	want := map[string]lineRanges{
		"a.txt":              {{3, 3}, {11, 12}},
		"new name.txt":       {{1, 1}},
		"q\"uote\u00e9.txt":  {{1, 3}},
		"only-deletions.txt": {},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changed lines (-want +got):\n%s", diff)
	}
	if got["a.txt"].contains(10) || !got["a.txt"].contains(12) || got["only-deletions.txt"].contains(3) {
		t.Errorf("contains is wrong for %v", got)
	}
}

func TestParseHunksErrors(t *testing.T) {
	for _, diff := range []string{
		"diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +a @@\n",
		"diff --git a/x b/x\n--- a/x\n+++ x\n",
	} {
		if _, _, err := parseHunks(bufio.NewReader(strings.NewReader(diff))); err == nil {
			t.Errorf("parseHunks accepted %q", diff)
		}
	}
}

// TestMoved pins which findings on changed lines count as new: a finding
// whose line only moved has a twin in the base version; one more copy than
// before is new.
func TestMoved(t *testing.T) {
	f := func(line int, match, hash string) Finding {
		return Finding{Rule: "deprecated-host", Line: line, Match: match, LineHash: hash}
	}
	moved1, dup, edited := f(4, "a.example", "h1"), f(6, "a.example", "h1"), f(7, "a.example", "h2")
	for _, tc := range []struct {
		name                   string
		all, onChanged, before []Finding
		want                   []Finding
	}{
		{"moved line", []Finding{moved1}, []Finding{moved1}, []Finding{f(2, "a.example", "h1")}, []Finding{moved1}[:0]},
		{"new file", []Finding{moved1}, []Finding{moved1}, nil, []Finding{moved1}},
		{"one more copy", []Finding{f(2, "a.example", "h1"), dup}, []Finding{dup}, []Finding{f(2, "a.example", "h1")}, []Finding{dup}},
		{"edited line", []Finding{edited}, []Finding{edited}, []Finding{f(7, "a.example", "h1")}, []Finding{edited}},
		{"other text", []Finding{f(4, "b.example", "h1")}, []Finding{f(4, "b.example", "h1")}, []Finding{f(4, "a.example", "h1")}, []Finding{f(4, "b.example", "h1")}},
	} {
		got := moved(tc.all, slices.Clone(tc.onChanged), tc.before)
		if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

func TestParseRaw(t *testing.T) {
	raw := ":000000 100644 0000 aaaa A\x00new.txt\x00" +
		":100644 100755 bbbb cccc M\x00script.sh\x00" +
		":000000 120000 0000 dddd A\x00link\x00" +
		":000000 160000 0000 eeee A\x00sub\x00"
	got, err := parseRaw([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"new.txt": "aaaa", "script.sh": "cccc"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("blobs (-want +got):\n%s", diff)
	}
	if _, err := parseRaw([]byte("garbage\x00x\x00")); err == nil {
		t.Error("parseRaw accepted garbage")
	}
}
