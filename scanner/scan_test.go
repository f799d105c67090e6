package scanner

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/domainshift/domainshift/internal/testfs"
)

// writeTree creates files (path -> content) under a new temporary root.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	return testfs.Tree(t, files)
}

func TestScanSelection(t *testing.T) {
	root := writeTree(t, map[string]string{
		"rules.toml":                  testRules,
		"app/a.py":                    "api.staging.example.com\n",
		"app/b.py":                    "nothing\n",
		".env.staging":                "API=ws://api-staging.example.com/ws",
		"bin/logo.png":                "\x89PNG\x00\x00api.staging.example.com",
		"big/dump.sql":                strings.Repeat("api.staging.example.com\n", 10),
		"vendor/lib.js":               "api.staging.example.com",
		".domainshift/journal.json":   "api.staging.example.com",
		"app/.a.py.domainshift-tmp-1": "api.staging.example.com",
		"win/setup.ps1":               "\xff\xfea\x00p\x00i\x00",
		"win/bad.ps1":                 "\xff\xfe\x00\xd8a\x00",
	})
	if err := os.Symlink("a.py", filepath.Join(root, "app/link.py")); err != nil {
		t.Fatal(err)
	}
	r := mustRules(t, testRules+"\n[scan]\nexclude = [\"vendor/**\"]\nmax_file_size = 100\n")
	r.File = filepath.Join(root, "rules.toml")
	var seen []string
	res, err := Scan(context.Background(), r, Options{Root: root, Workers: 3, OnFile: func(f File) { seen = append(seen, f.Path) }})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings() {
		got = append(got, f.Path+" "+f.Rule)
	}
	want := []string{".env.staging insecure-scheme", "app/a.py deprecated-host"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if res.Stats.Files != 4 || len(seen) != 4 {
		t.Errorf("scanned %d files, OnFile saw %v; want 4 (.env.staging, app/a.py, app/b.py, win/setup.ps1)", res.Stats.Files, seen)
	}
	wantSkips := []Skip{{Path: "big/dump.sql", Reason: "too large (240 B > 100 B)"},
		{Path: "win/bad.ps1", Reason: "invalid UTF-16 (UTF-16LE with BOM: unpaired surrogate at byte 2); it is not scanned, so that it is never rewritten wrongly"}}
	if diff := cmp.Diff(wantSkips, res.Skips); diff != "" {
		t.Errorf("skips (-want +got):\n%s", diff)
	}
	if res.Files[1].Hash != HashOf([]byte("api.staging.example.com\n")) || res.Files[1].Size != 24 {
		t.Errorf("file a.py: size %d, hash not of its content", res.Files[1].Size)
	}
	// the kept hosts and the allow entry matched nothing: stale
	if diff := cmp.Diff([]int{0}, res.StaleAllow); diff != "" {
		t.Errorf("stale allow (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{0}, res.StaleKeep); diff != "" {
		t.Errorf("stale keep (-want +got):\n%s", diff)
	}
}

func TestScanNarrowed(t *testing.T) {
	root := writeTree(t, map[string]string{
		"a/x.py": "api.staging.example.com",
		"b/y.py": "api.staging.example.com",
		"c.py":   "api.staging.example.com",
	})
	r := mustRules(t, testRules)
	res, err := Scan(context.Background(), r, Options{Root: root, Paths: []string{"a/", "c.py"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Files {
		got = append(got, f.Path)
	}
	if diff := cmp.Diff([]string{"a/x.py", "c.py"}, got); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	if res.StaleAllow != nil || res.StaleKeep != nil {
		t.Error("a narrowed scan reported stale entries")
	}
	res, err = Scan(context.Background(), r, Options{Root: root, Include: []string{"b/**"}})
	if err != nil || len(res.Files) != 1 || res.Files[0].Path != "b/y.py" {
		t.Errorf("include b/**: %v, %+v", err, res)
	}
}

// TestScanDeterministic checks that the output order does not depend on the
// number of workers.
func TestScanDeterministic(t *testing.T) {
	files := map[string]string{}
	for i := range 200 {
		files[filepath.ToSlash(filepath.Join("d"+string(rune('a'+i%7)), "f"+strings.Repeat("x", i%5)+string(rune('a'+i%26))+".txt"))] = strings.Repeat("ws://api.staging.example.com\n", 1+i%3)
	}
	root := writeTree(t, files)
	r := mustRules(t, testRules)
	var first []Finding
	for _, w := range []int{1, 2, 8} {
		res, err := Scan(context.Background(), r, Options{Root: root, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = res.Findings()
			continue
		}
		if diff := cmp.Diff(first, res.Findings()); diff != "" {
			t.Fatalf("workers=%d changed the output (-1 +%d):\n%s", w, w, diff)
		}
	}
}

func TestScanUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads every file; cmd/domainshift's TestCheckUnreadableFile covers this as another user")
	}
	root := writeTree(t, map[string]string{"a.py": "x", "secret.env": "api.staging.example.com"})
	if err := os.Chmod(filepath.Join(root, "secret.env"), 0); err != nil {
		t.Fatal(err)
	}
	res, err := Scan(context.Background(), mustRules(t, testRules), Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 || res.Errors[0].Path != "secret.env" || !strings.Contains(res.Errors[0].Error(), "permission denied") {
		t.Errorf("errors = %v, want secret.env: permission denied", res.Errors)
	}
}

// Skip leaves out files inside the root, given absolute or relative to the
// working directory; a path outside the root changes nothing, and the scan
// does not count as narrowed.
func TestScanSkip(t *testing.T) {
	root := writeTree(t, map[string]string{
		"app/a.py":         "api.staging.example.com\n",
		"report.json":      `{"match": "api.staging.example.com"}`,
		"out/report.sarif": "api.staging.example.com",
	})
	t.Chdir(root)
	r := mustRules(t, testRules)
	opts := Options{Root: root, Skip: []string{filepath.Join(root, "report.json"), "out/report.sarif", "../elsewhere.json", ""}}
	if opts.Narrowed() {
		t.Error("Skip narrows the scan; it must not")
	}
	res, err := Scan(context.Background(), r, opts)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Files {
		got = append(got, f.Path)
	}
	if diff := cmp.Diff([]string{"app/a.py"}, got); diff != "" {
		t.Errorf("scanned files (-want +got):\n%s", diff)
	}
}

// Files larger than smallRead share bigBuffers buffers whatever the number
// of workers: no more than that many are lent at once, and every file is
// still read whole.
func TestReadBufsBound(t *testing.T) {
	big := newBigBufs(8 << 20)
	defer big.close()
	var held, peak atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := &readBufs{big: big}
			for i := range 50 {
				n := smallRead + 1 + i
				if buf := b.get(n); len(buf) != n {
					t.Errorf("get(%d) gave %d bytes", n, len(buf))
				}
				h := held.Add(1)
				for p := peak.Load(); h > p && !peak.CompareAndSwap(p, h); p = peak.Load() {
				}
				runtime.Gosched()
				held.Add(-1)
				b.release()
				if small := b.get(100); cap(small) > smallRead {
					t.Errorf("a worker's own buffer grew to %d bytes", cap(small))
				}
			}
		}()
	}
	wg.Wait()
	if p := peak.Load(); p > bigBuffers || p < 1 {
		t.Errorf("%d big buffers lent at once, want 1 to %d", p, bigBuffers)
	}

	files := map[string]string{}
	for i := range 6 {
		files[fmt.Sprintf("dump%d.sql", i)] = strings.Repeat("-- filler line\n", smallRead/15+i) + "api.staging.example.com\n"
	}
	res, err := Scan(context.Background(), mustRules(t, testRules), Options{Root: writeTree(t, files), Workers: 8})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Findings()); n != 6 {
		t.Errorf("%d findings in 6 large files, want 6", n)
	}
}

// TestScanNoHash: a scan that only reports leaves the hash out; every
// other scan records the hash of the content it matched, which apply
// checks before it writes.
func TestScanNoHash(t *testing.T) {
	const content = "url = \"https://api.staging.example.com/v1\"\n"
	root := writeTree(t, map[string]string{"app/a.py": content})
	r := mustRules(t, testRules)
	for _, noHash := range []bool{false, true} {
		res, err := Scan(context.Background(), r, Options{Root: root, NoHash: noHash})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Files) != 1 {
			t.Fatalf("NoHash %v: %d files with findings, want 1", noHash, len(res.Files))
		}
		want := HashOf([]byte(content))
		if noHash {
			want = Hash{}
		}
		if got := res.Files[0].Hash; got != want {
			t.Errorf("NoHash %v: hash %x, want %x", noHash, got, want)
		}
	}
}

// TestJoinPath: the quick join gives what filepath.Join gives, for a
// clean root.
func TestJoinPath(t *testing.T) {
	for _, root := range []string{"/r", "r", ".", "/", "/a/b", "../up"} {
		for _, p := range []string{"a.py", "d/a.py", "d//a.py", "./a.py", "d/../a.py", "d/.", "..", ".hidden/x", "a..b/c", "d/"} {
			if got, want := joinPath(root, p), filepath.Join(root, filepath.FromSlash(p)); got != want {
				t.Errorf("joinPath(%q, %q) = %q, want %q", root, p, got, want)
			}
		}
	}
}
