package scanner

import (
	"strings"
	"testing"
)

// withPairs is set with the pair pass, whatever the number of its
// searches.
func withPairs(t testing.TB, set *searchSet) *searchSet {
	t.Helper()
	p := *set
	p.windows, p.windowSearches = nil, nil
	p.usePairs()
	if p.pairs == nil {
		t.Fatal("no pair table: the test compares nothing")
	}
	return &p
}

// TestPassChoice: one or two searches get the pair pass, three to eight
// the window pass, more neither.
func TestPassChoice(t *testing.T) {
	zones := []string{"a1.io", "b2.io", "c3.io", "d4.io", "e5.io", "f6.io", "g7.io", "h8.io", "i9.io"}
	for n := 1; n <= len(zones); n++ {
		set := newSearchSet(zones[:n])
		pairs, windows := set.pairs != nil, set.windows != nil
		if want := n <= maxPairSearches; pairs != want {
			t.Errorf("%d searches: pair pass %v, want %v", n, pairs, want)
		}
		if want := n > maxPairSearches && n <= maxWindows; windows != want {
			t.Errorf("%d searches: window pass %v, want %v", n, windows, want)
		}
	}
}

// TestPairsFindWhatGroupsFind: the pair prefilter is a shortcut only; the
// references found are those of scanning for each group's byte.
func TestPairsFindWhatGroupsFind(t *testing.T) {
	zs := []string{"gcr.io", "godoc.org", "registry.k8s.io", "storage.googleapis.com", "kubernetes.io", "dl.k8s.io", "api.staging.example.com"}
	set := withPairs(t, newSearchSet(zs))
	sameAsGroups(t, "pairs", zs, set)
}

// TestPairNext: the vector pass and the scalar one find the same next
// candidate (see sameNext).
func TestPairNext(t *testing.T) {
	set := withPairs(t, newSearchSet([]string{"gcr.io", "k8s.io", "registry.k8s.io", "_dmarc.example.com", "a-b.example.org"}))
	sameNext(t, set.pairs.next, set.pairs.nextScalar)
}

// FuzzPairs: for any text, the pair prefilter finds the references the
// byte groups find, and the vector pass the candidates the scalar one
// finds.
func FuzzPairs(f *testing.F) {
	zs := []string{"gcr.io", "godoc.org", "registry.k8s.io", "storage.googleapis.com", "kubernetes.io", "dl.k8s.io", "api.staging.example.com"}
	for _, s := range []string{"https://k8s.gcr.io/pause", "GODOC.org/x", `registry\.k8s\.io`, "eu.gcr.io.gcr.io", strings.Repeat("g", 200) + "gcr.io"} {
		f.Add([]byte(s))
	}
	set := withPairs(f, newSearchSet(zs))
	plain := groupsOnly(set)
	f.Fuzz(func(t *testing.T, data []byte) {
		sameRefs(t, "pairs", data, plain, set, false)
		for q := 0; q < len(data); q += 1 + len(data)/64 {
			if a, b := set.pairs.next(data, q), set.pairs.nextScalar(data, q); a != b {
				t.Fatalf("next(%d) = %d, scalar %d", q, a, b)
			}
		}
	})
}
