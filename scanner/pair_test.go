package scanner

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// withoutPairs is set as byteGroup.find searches it.
func withoutPairs(set *searchSet) *searchSet {
	plain := *set
	plain.pairs, plain.pairSearches = nil, nil
	return &plain
}

// TestPairsFindWhatGroupsFind: the pair prefilter is a shortcut only; the
// references found are those of scanning for each group's byte.
func TestPairsFindWhatGroupsFind(t *testing.T) {
	zs := []string{"gcr.io", "godoc.org", "registry.k8s.io", "storage.googleapis.com", "kubernetes.io", "dl.k8s.io", "api.staging.example.com"}
	set := newSearchSet(zs)
	if set.pairs == nil {
		t.Fatal("no pair table: the test compares nothing")
	}
	plain := withoutPairs(set)
	rng := rand.New(rand.NewPCG(3, 3))
	found := 0
	for round := range 300 {
		var b strings.Builder
		b.Write(syntheticText(rng.IntN(3000), uint64(round)))
		for range rng.IntN(30) {
			b.WriteByte(" \n/\"'.,:"[rng.IntN(8)])
			b.WriteString(spellings(rng, zs))
		}
		// every prefix length: the vector pass leaves a different tail
		text := []byte(b.String())
		text = text[:len(text)-rng.IntN(min(len(text), 40)+1)]
		found += sameRefs(t, fmt.Sprintf("round %d, pairs", round), text, plain, set, false)
	}
	if found < 1000 {
		t.Errorf("only %d references found in all rounds: the text misses its hosts", found)
	}
}

// TestPairNext: the vector pass and the scalar one find the same next
// candidate from every position, for every length, at the edges of the
// 32-byte blocks and of the data.
func TestPairNext(t *testing.T) {
	set := newSearchSet([]string{"gcr.io", "k8s.io", "registry.k8s.io", "_dmarc.example.com", "a-b.example.org"})
	tab := set.pairs
	if tab == nil {
		t.Fatal("no pair table")
	}
	rng := rand.New(rand.NewPCG(5, 5))
	alphabet := "gGcCrRkK8sSyY_dD-bBa.\x07\x18\x0d\x7f x"
	for round := range 2000 {
		data := make([]byte, rng.IntN(200))
		for i := range data {
			data[i] = alphabet[rng.IntN(len(alphabet))]
		}
		for q := 0; q <= len(data); q++ {
			want := tab.nextScalar(data, q)
			if got := tab.next(data, q); got != want {
				t.Fatalf("round %d: next(%q, %d) = %d, scalar %d", round, data, q, got, want)
			}
		}
	}
	if !useAVX2 {
		t.Log("no AVX2 here: the vector pass was not compared")
	}
}

// FuzzPairs: for any text, the pair prefilter finds the references the
// byte groups find, and the vector pass the candidates the scalar one
// finds.
func FuzzPairs(f *testing.F) {
	zs := []string{"gcr.io", "godoc.org", "registry.k8s.io", "storage.googleapis.com", "kubernetes.io", "dl.k8s.io", "api.staging.example.com"}
	for _, s := range []string{"https://k8s.gcr.io/pause", "GODOC.org/x", `registry\.k8s\.io`, "eu.gcr.io.gcr.io", strings.Repeat("g", 200) + "gcr.io"} {
		f.Add([]byte(s))
	}
	set := newSearchSet(zs)
	plain := withoutPairs(set)
	f.Fuzz(func(t *testing.T, data []byte) {
		if set.pairs == nil {
			t.Fatal("no pair table")
		}
		sameRefs(t, "pairs", data, plain, set, false)
		for q := 0; q < len(data); q += 1 + len(data)/64 {
			if a, b := set.pairs.next(data, q), set.pairs.nextScalar(data, q); a != b {
				t.Fatalf("next(%d) = %d, scalar %d", q, a, b)
			}
		}
	})
}
