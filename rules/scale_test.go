package rules

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/domainshift/domainshift/internal/manyrules"
)

// BenchmarkLoadManyHosts shows how loading grows with the number of
// deprecated hosts: ns/host and the heap kept per host stay flat when it is
// linear.
func BenchmarkLoadManyHosts(b *testing.B) {
	for _, n := range []int{1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10} {
		src := manyrules.TOML(n)
		b.Run(fmt.Sprintf("hosts=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			var r *Rules
			for b.Loop() {
				var err error
				if r, err = Parse("rules.toml", src); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/host")
			b.ReportMetric(float64(retained(func() any { r, _ := Parse("rules.toml", src); return r }))/float64(n), "heapB/host")
			runtime.KeepAlive(r)
		})
	}
}

// retained returns how much heap the value make returns keeps alive.
func retained(make func() any) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := make()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	if after.HeapAlloc < before.HeapAlloc {
		return 0
	}
	return after.HeapAlloc - before.HeapAlloc
}

// TestManyHostsDecide: at scale, every generated host gets the decision of
// its own rule, and the kept and unknown hosts none.
func TestManyHostsDecide(t *testing.T) {
	const n = 20000
	r, err := Parse("rules.toml", manyrules.TOML(n))
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		d := r.Lookup(manyrules.Host(i))
		if !d.Deprecated || d.Rule != i {
			t.Fatalf("%s: %+v, want deprecated by rule %d", manyrules.Host(i), d, i)
		}
	}
	if d := r.Lookup("legacy3.old.example.net"); !d.Kept {
		t.Errorf("kept host: %+v", d)
	}
	for _, h := range []string{"h1.example.net", "x.h2.old.example.net", "a.b.z0.old.example.net", "old.example.net"} {
		if d := r.Lookup(h); d.Deprecated || d.Kept {
			t.Errorf("%s: %+v, want no decision", h, d)
		}
	}
	if got, want := len(r.Anchors()), n+min(n/100, 100); got != want { // no zone lies under another
		t.Errorf("%d anchors, want %d", got, want)
	}
}

// TestShadowingFirstExemption: the indexed contradiction check reports,
// for each shadowed rule, the first exemption in the file that covers it,
// as trying every exemption in order does; and a rule nothing covers is
// not reported among thousands.
func TestShadowingFirstExemption(t *testing.T) {
	src := "version = 1\n" +
		"[[deprecated]]\nhost = \"a.old.example.com\"\n" +
		"[[deprecated]]\nhost = \"pr-*.old.example.com\"\n" +
		"[[deprecated]]\nhost = \"x.other.example.com\"\n" +
		"[[keep]]\nhosts = [\"*.example.org\", \"*.old.example.com\"]\n" +
		"[[keep]]\nhosts = [\"a.old.example.com\", \"p*.old.example.com\"]\n"
	src += string(manyrules.TOML(3000))[len("version = 1\n"):]
	_, err := Parse("rules.toml", []byte(src))
	var errs Errors
	if !errors.As(err, &errs) {
		t.Fatalf("err = %v, want rule errors", err)
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.Key+": "+e.Msg[:strings.Index(e.Msg, " (")])
	}
	want := []string{
		`keep[0].hosts[1]: keep[0] host "*.old.example.com" shadows all of deprecated[0]`,
		`keep[0].hosts[1]: keep[0] host "*.old.example.com" shadows all of deprecated[1]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
