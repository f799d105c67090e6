package scanner

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/domainshift/domainshift/internal/manyrules"
	"github.com/domainshift/domainshift/rules"
	"github.com/google/go-cmp/cmp"
)

// manyZones is a rules file's anchors at the scale of a retired naming
// scheme: many hosts under one zone, some two labels below it, a second
// carrier, and zones that share none.
func manyZones() []string {
	var zs []string
	for i := range 60 {
		zs = append(zs, fmt.Sprintf("h%d.old.example.net", i))
	}
	for i := range 20 {
		zs = append(zs, fmt.Sprintf("svc%d.team%d.example.net", i, i%3))
	}
	for i := range 20 {
		zs = append(zs, fmt.Sprintf("n%d.example.org", i))
	}
	return append(zs, "registry.k8s.io", "gcr.io", "1.old.example.com", "x-1.old.example.com")
}

// spellings are the ways a host of zs is written in text, good and bad.
func spellings(rng *rand.Rand, zs []string) string {
	z := zs[rng.IntN(len(zs))]
	forms := []string{
		"https://%s/v1", "%s", "ws://%s:8080", "x%s", "a.%s", "%s.evil.test", "*.%s", "pr-*.%s", "pr-*-%s",
		"${HOST:-%s}", "%%2F%s", "{n}-%s", "{{ .pr }}.%s", "user@%s", "%s-x", "-%s", "\\n%s", ".%s",
		"https://AB.%s", "bücher%s",
	}
	f := forms[rng.IntN(len(forms))]
	h := z
	switch rng.IntN(5) {
	case 0:
		h = strings.ToUpper(z)
	case 1:
		h = strings.ReplaceAll(z, ".", `\.`)
	case 2:
		h = strings.ReplaceAll(z, ".", `\\.`)
	}
	return fmt.Sprintf(f, h)
}

// TestCarriersFindWhatAnchorsFind: searching for a carrier and walking to
// the anchors under it is a shortcut only; the references found are those
// of searching for every anchor on its own.
func TestCarriersFindWhatAnchorsFind(t *testing.T) {
	zs := manyZones()
	grouped, plain := groupedSearchSet(zs, 2), groupedSearchSet(zs, 1<<30)
	carriers, anchors := 0, 0
	for _, s := range grouped.searches {
		for _, a := range s.anchors {
			anchors++
			if a.kids != nil {
				carriers++
			}
		}
	}
	if carriers < 2 || anchors >= len(zs)/2 {
		t.Fatalf("%d carriers, %d anchors for %d zones: the test compares nothing", carriers, anchors, len(zs))
	}
	rng := rand.New(rand.NewPCG(7, 7))
	found := 0
	for round := range 400 {
		var b strings.Builder
		b.Write(syntheticText(256, uint64(round)))
		for range 40 {
			b.WriteString(" \"")
			b.WriteString(spellings(rng, zs))
			b.WriteByte(" \n/\"'.,:"[rng.IntN(8)])
		}
		text := []byte(b.String())
		found += sameRefs(t, fmt.Sprintf("round %d, carriers", round), text, plain, grouped, true)
	}
	if found < 4000 {
		t.Errorf("only %d references found in all rounds: the text misses its hosts", found)
	}
}

// sameRefs fails t unless set finds in text the references plain finds,
// and returns how many there are; with anySearch, which search found a
// reference does not count.
func sameRefs(t testing.TB, what string, text []byte, plain, set *searchSet, anySearch bool) int {
	t.Helper()
	want, got := findHosts(text, plain, nil), findHosts(text, set, nil)
	if anySearch {
		for _, refs := range [][]hostRef{want, got} {
			for i := range refs {
				refs[i].search = 0
			}
		}
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(hostRef{}, Template{})); diff != "" {
		t.Fatalf("%s: refs differ (-plain +set):\n%s\ntext: %q", what, diff, text)
	}
	return len(want)
}

// TestGroupZones: which zones become carriers.
func TestGroupZones(t *testing.T) {
	var zs []string
	for i := range groupMin {
		zs = append(zs, fmt.Sprintf("h%d.old.example.net", i))
	}
	zs = append(zs, "api.example.com", "example.org")
	got := map[string]int{}
	for _, a := range groupZones(zs, groupMin) {
		n := 0
		if a.kids != nil {
			n = len(a.kids.kids["old"].leaves)
		}
		got[strings.Join(a.labels, ".")] = n
	}
	want := map[string]int{"example.net": groupMin, "api.example.com": 0, "example.org": 0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("anchors (-want +got):\n%s", diff)
	}
	if n := len(groupZones(zs[1:], groupMin)); n != len(zs)-1 {
		t.Errorf("%d anchors for %d zones with too few under one carrier", n, len(zs)-1)
	}
}

// BenchmarkMatchManyHosts shows how matching grows with the number of
// deprecated hosts: code-like text in which some of them are mentioned.
// MB/s stays flat when the search does not try every host at every hit.
func BenchmarkMatchManyHosts(b *testing.B) {
	for _, n := range []int{1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10} {
		r, err := rules.Parse("rules.toml", manyrules.TOML(n))
		if err != nil {
			b.Fatal(err)
		}
		data := syntheticText(1<<20, 9)
		for i := 0; i < 200; i++ {
			data = fmt.Appendf(data, "\nurl = \"https://%s/v1\"  # near miss: %s.evil.test\n", manyrules.Host(i*(n/200)), manyrules.Host(i))
		}
		m := NewMatcher(r)
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			var res Match
			for b.Loop() {
				res = m.Match("src/app.py", data)
			}
			if len(res.Findings) != 200 {
				b.Fatalf("%d findings, want 200", len(res.Findings))
			}
		})
	}
}

// TestManyHostsFound: with thousands of hosts under carriers, each
// mentioned host is found and decided by its own rule.
func TestManyHostsFound(t *testing.T) {
	const n = 5000
	r, err := rules.Parse("rules.toml", manyrules.TOML(n))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "https://%s/ %s.evil.test\n", manyrules.Host(i), manyrules.Host(i))
	}
	res := NewMatcher(r).Match("a.txt", []byte(b.String()))
	if len(res.Findings) != n {
		t.Fatalf("%d findings, want %d", len(res.Findings), n)
	}
	for i, f := range res.Findings {
		if f.RuleIndex != i || f.Host != manyrules.Host(i) {
			t.Fatalf("finding %d: rule %d host %s, want rule %d host %s", i, f.RuleIndex, f.Host, i, manyrules.Host(i))
		}
	}
}
