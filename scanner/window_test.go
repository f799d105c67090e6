package scanner

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// groupsOnly is set as byteGroup.find searches it, without a prefilter.
func groupsOnly(set *searchSet) *searchSet {
	plain := *set
	plain.windows, plain.windowSearches = nil, nil
	plain.pairs, plain.pairSearches = nil, nil
	return &plain
}

// TestWindowsFindWhatGroupsFind: the window prefilter is a shortcut only; the
// references found are those of scanning for each group's byte.
func TestWindowsFindWhatGroupsFind(t *testing.T) {
	zs := []string{"gcr.io", "godoc.org", "registry.k8s.io", "storage.googleapis.com", "kubernetes.io", "dl.k8s.io", "api.staging.example.com"}
	set := newSearchSet(zs)
	if set.windows == nil {
		t.Fatal("no window table: the test compares nothing")
	}
	sameAsGroups(t, "windows", zs, set)
}

// sameAsGroups fails t unless set, with a prefilter, finds the references
// the byte groups find in 300 random texts holding the zones' hosts in
// every spelling, cut at every length.
func sameAsGroups(t *testing.T, what string, zs []string, set *searchSet) {
	t.Helper()
	plain := groupsOnly(set)
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
		found += sameRefs(t, fmt.Sprintf("round %d, %s", round, what), text, plain, set, false)
	}
	if found < 1000 {
		t.Errorf("only %d references found in all rounds: the text misses its hosts", found)
	}
}

// TestWindowNext: the vector pass and the scalar one find the same next
// candidate (see sameNext).
func TestWindowNext(t *testing.T) {
	set := newSearchSet([]string{"gcr.io", "k8s.io", "registry.k8s.io", "_dmarc.example.com", "a-b.example.org"})
	tab := set.windows
	if tab == nil {
		t.Fatal("no window table")
	}
	sameNext(t, tab.next, tab.nextScalar)
}

// sameNext fails t unless next (the vector pass, then the scalar one) and
// scalar find the same next candidate from every position of random texts
// of every length up to 200, at the edges of the 32-byte blocks and of
// the data.
func sameNext(t *testing.T, next, scalar func([]byte, int) int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(5, 5))
	alphabet := "gGcCrRkK8sSyY_dD-bBa.\x07\x18\x0d\x7f x"
	for round := range 2000 {
		data := randomText(rng, alphabet, 200)
		for q := 0; q <= len(data); q++ {
			if got, want := next(data, q), scalar(data, q); got != want {
				t.Fatalf("round %d: next(%q, %d) = %d, scalar %d", round, data, q, got, want)
			}
		}
	}
	if !useAVX2 {
		t.Log("no AVX2 here: the vector pass was not compared")
	}
}

// randomText returns fewer than n bytes drawn from alphabet.
func randomText(rng *rand.Rand, alphabet string, n int) []byte {
	data := make([]byte, rng.IntN(n))
	for i := range data {
		data[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return data
}

// FuzzWindows: for any text, the window prefilter finds the references the
// byte groups find, and the vector pass the candidates the scalar one
// finds.
func FuzzWindows(f *testing.F) {
	zs := []string{"gcr.io", "godoc.org", "registry.k8s.io", "storage.googleapis.com", "kubernetes.io", "dl.k8s.io", "api.staging.example.com"}
	for _, s := range []string{"https://k8s.gcr.io/pause", "GODOC.org/x", `registry\.k8s\.io`, "eu.gcr.io.gcr.io", strings.Repeat("g", 200) + "gcr.io"} {
		f.Add([]byte(s))
	}
	set := newSearchSet(zs)
	plain := groupsOnly(set)
	f.Fuzz(func(t *testing.T, data []byte) {
		if set.windows == nil {
			t.Fatal("no window table")
		}
		sameRefs(t, "windows", data, plain, set, false)
		for q := 0; q < len(data); q += 1 + len(data)/64 {
			if a, b := set.windows.next(data, q), set.windows.nextScalar(data, q); a != b {
				t.Fatalf("next(%d) = %d, scalar %d", q, a, b)
			}
		}
	})
}

// TestWindowMask: the tables select exactly the searches whose window stands
// at a position, letters in either case and nothing else folded.
func TestWindowMask(t *testing.T) {
	set := newSearchSet([]string{"gcr.io", "k8s.io", "registry.k8s.io", "_dmarc.example.com", "a-b.example.org", "xy.example.net"})
	tab := set.windows
	if tab == nil {
		t.Fatal("no window table")
	}
	rng := rand.New(rand.NewPCG(7, 7))
	alphabet := "gGcCrRkK8sSyY_dD-bBaA.xX\x07\x7f\xc7 "
	for round := range 3000 {
		data := randomText(rng, alphabet, 12)
		for q := range data {
			var want uint8
			for j, s := range set.windowSearches {
				w := min(maxWindow, len(s.label))
				if q+w <= len(data) && foldEqual(data[q:q+w], s.label[s.rare:s.rare+w]) {
					want |= 1 << j
				}
			}
			if got := tab.mask(data, q); got != want {
				t.Fatalf("round %d: mask(%q, %d) = %08b, want %08b", round, data, q, got, want)
			}
		}
	}
}
