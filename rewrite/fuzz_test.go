package rewrite

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
)

// randomEdits returns up to n non-overlapping edits for src, from seed,
// with new bytes that favour line breaks, CR and non-UTF-8 bytes.
func randomEdits(src []byte, seed uint64, n int) []Edit {
	r := rand.New(rand.NewPCG(seed, seed>>7))
	var edits []Edit
	pos := 0
	alphabet := []byte("ab.\n\r\xff\xe9 -")
	for range r.IntN(n + 1) {
		if pos > len(src) {
			break
		}
		off := pos + r.IntN(len(src)-pos+1)
		l := r.IntN(len(src) - off + 1)
		l = min(l, 8)
		nw := make([]byte, r.IntN(6))
		for i := range nw {
			nw[i] = alphabet[r.IntN(len(alphabet))]
		}
		if l == 0 && len(nw) == 0 {
			continue
		}
		edits = append(edits, Edit{Offset: off, Len: l, New: nw})
		pos = off + l + 1 // keep insertions from sharing an offset
	}
	r.Shuffle(len(edits), func(i, j int) { edits[i], edits[j] = edits[j], edits[i] })
	return edits
}

var fuzzSeeds = []string{
	"", "a\n", "line one\r\nline two\r\n", "no newline", "a\rb\rc", "\xef\xbb\xbfbom\n\xff\xfe\n",
	"x\n\n\n\ny\n", "api.staging.example.com\nws://a.b\n",
}

func FuzzApply(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add([]byte(s), uint64(i))
	}
	f.Fuzz(func(t *testing.T, src []byte, seed uint64) {
		orig := bytes.Clone(src)
		edits := randomEdits(src, seed, 6)
		out, err := Apply(src, edits)
		if err != nil {
			t.Fatalf("Apply(%q, %v): %v", src, edits, err)
		}
		if !bytes.Equal(src, orig) {
			t.Fatal("Apply modified its input")
		}
		// Segments are the same content in pieces.
		parts, err := Segments(src, edits)
		if err != nil || !bytes.Equal(bytes.Join(parts, nil), out) {
			t.Fatalf("Segments gives %q, %v; Apply %q", bytes.Join(parts, nil), err, out)
		}
		// The journal's copy of the edits tells the output from anything else.
		e := journalEntry{Edits: edits}
		if !e.holdsWritten(src, out) || len(edits) > 0 && !bytes.Equal(out, src) && e.holdsWritten(src, src) {
			t.Fatal("the journal's edits do not identify the output")
		}
		// Bytes outside the spans are unchanged, in order.
		sorted, _, _ := validate(src, edits)
		last, at := 0, 0
		for _, e := range sorted {
			gap := src[last:e.Offset]
			if !bytes.Equal(out[at:at+len(gap)], gap) {
				t.Fatalf("bytes %d..%d changed", last, e.Offset)
			}
			at += len(gap)
			if !bytes.Equal(out[at:at+len(e.New)], e.New) {
				t.Fatalf("edit %v not at %d", e, at)
			}
			at += len(e.New)
			last = e.end()
		}
		if !bytes.Equal(out[at:], src[last:]) {
			t.Fatal("tail changed")
		}
		inv, err := invert(src, edits)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Apply(out, inv)
		if err != nil || !bytes.Equal(back, src) {
			t.Fatalf("inverse edits give %q, %v; want %q", back, err, src)
		}
	})
}

// FuzzDiff checks that the diff, applied by applyUnified (which
// TestApplyUnifiedAgreesWithGit cross-checks against git apply), turns the
// content into what Apply makes of it.
func FuzzDiff(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add([]byte(s), uint64(i), uint8(i%4))
	}
	f.Fuzz(func(t *testing.T, src []byte, seed uint64, context uint8) {
		edits := randomEdits(src, seed, 6)
		want, err := Apply(src, edits)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Diff("f", src, edits, int(context%5))
		if err != nil {
			t.Fatal(err)
		}
		patch := patchBytes(d)
		got, err := applyUnified(src, patch)
		if err != nil {
			t.Fatalf("%v\nsrc %q edits %v\npatch:\n%s", err, src, edits, patch)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("patch gives %q, want %q\npatch:\n%s", got, want, patch)
		}
	})
}

// applyUnified applies a one-file unified diff as written by
// FileDiff.WriteTo to src, strictly: context and removed lines must match.
func applyUnified(src, patch []byte) ([]byte, error) {
	if len(patch) == 0 {
		return src, nil
	}
	lines := splitLines(patch)
	if len(lines) < 3 || !bytes.HasPrefix(lines[0], []byte("diff --git ")) ||
		!bytes.HasPrefix(lines[1], []byte("--- ")) || !bytes.HasPrefix(lines[2], []byte("+++ ")) {
		return nil, fmt.Errorf("bad header")
	}
	old := splitLines(src)
	var out []byte
	next := 0 // first old line not yet copied
	for i := 3; i < len(lines); {
		var a, b, c, d int
		if _, err := fmt.Sscanf(string(lines[i]), "@@ -%s +%s @@\n", new(string), new(string)); err != nil {
			return nil, fmt.Errorf("bad hunk header %q", lines[i])
		}
		a, b = parseRange(lines[i], '-')
		c, d = parseRange(lines[i], '+')
		_ = c
		i++
		start := a - 1
		if b == 0 {
			start = a
		}
		if start < next || start > len(old) {
			return nil, fmt.Errorf("hunk at %d out of order", a)
		}
		for ; next < start; next++ {
			out = append(out, old[next]...)
		}
		for b > 0 || d > 0 {
			if i >= len(lines) || len(lines[i]) == 0 {
				return nil, fmt.Errorf("hunk too short")
			}
			kind, text := lines[i][0], lines[i][1:]
			i++
			if i < len(lines) && bytes.Equal(lines[i], []byte("\\ No newline at end of file\n")) {
				text = bytes.TrimSuffix(text, []byte("\n"))
				i++
			}
			switch kind {
			case ' ', '-':
				if next >= len(old) || !bytes.Equal(old[next], text) {
					return nil, fmt.Errorf("line %d: %q does not match %q", next+1, text, lineOr(old, next))
				}
				next++
				b--
				if kind == ' ' {
					out = append(out, text...)
					d--
				}
			case '+':
				out = append(out, text...)
				d--
			default:
				return nil, fmt.Errorf("bad line %q", lines[i-1])
			}
		}
		if b != 0 || d != 0 {
			return nil, fmt.Errorf("hunk counts off")
		}
	}
	for ; next < len(old); next++ {
		out = append(out, old[next]...)
	}
	return out, nil
}

func lineOr(lines [][]byte, i int) []byte {
	if i < len(lines) {
		return lines[i]
	}
	return nil
}

func parseRange(h []byte, sign byte) (start, n int) {
	i := bytes.IndexByte(h, sign)
	j := i + 1
	for j < len(h) && h[j] != ' ' {
		j++
	}
	r := string(h[i+1 : j])
	n = 1
	if k := bytes.IndexByte([]byte(r), ','); k >= 0 {
		n, _ = strconv.Atoi(r[k+1:])
		r = r[:k]
	}
	start, _ = strconv.Atoi(r)
	return start, n
}

func splitLines(b []byte) [][]byte {
	var lines [][]byte
	for len(b) > 0 {
		n := bytes.IndexByte(b, '\n') + 1
		if n == 0 {
			n = len(b)
		}
		lines = append(lines, b[:n])
		b = b[n:]
	}
	return lines
}

// TestApplyUnifiedAgreesWithGit runs the fuzz seeds' random edits through
// both applyUnified and git apply, so the fuzz target's applier is checked
// against the real one.
func TestApplyUnifiedAgreesWithGit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs git")
	}
	for i, s := range fuzzSeeds {
		for seed := uint64(0); seed < 6; seed++ {
			src := []byte(s)
			edits := randomEdits(src, seed*31+uint64(i), 6)
			if len(edits) == 0 {
				continue
			}
			d, err := Diff("f.txt", src, edits, int(seed%4))
			if err != nil {
				t.Fatal(err)
			}
			mine, err := applyUnified(src, patchBytes(d))
			if err != nil {
				t.Fatal(err)
			}
			if git := applyPatch(t, "git", "f.txt", src, patchBytes(d), int(seed%4)); !bytes.Equal(git, mine) {
				t.Errorf("seed %d/%d: git apply gives %q, applyUnified %q", i, seed, git, mine)
			}
		}
	}
}
