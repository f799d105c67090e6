package main

import (
	"bytes"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainshift/domainshift/rules"
)

// digest hashes every path and content under dir.
func digest(t *testing.T, dir string) ([32]byte, int) {
	t.Helper()
	h := sha256.New()
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(rel + "\x00"))
		h.Write(b)
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, n
}

func generate(t *testing.T, seed uint64) (dir, rulesFile, summary string) {
	t.Helper()
	tmp := t.TempDir()
	o := options{out: filepath.Join(tmp, "corpus"), files: 400, mb: 4, seed: seed, nhosts: 12, density: 35, maxKiB: 4096,
		rules: filepath.Join(tmp, "rules.toml"), hosts: filepath.Join(tmp, "hosts.txt")}
	var out bytes.Buffer
	if err := run(o, &out); err != nil {
		t.Fatal(err)
	}
	return o.out, o.rules, out.String()
}

func TestDeterministic(t *testing.T) {
	d1, _, s1 := generate(t, 7)
	d2, _, s2 := generate(t, 7)
	d3, _, _ := generate(t, 8)
	h1, n1 := digest(t, d1)
	h2, _ := digest(t, d2)
	h3, _ := digest(t, d3)
	if h1 != h2 {
		t.Error("same seed, different corpus")
	}
	if h1 == h3 {
		t.Error("different seeds, same corpus")
	}
	if n1 != 401 {
		t.Errorf("%d files, want 401 (400 + .gitignore)", n1)
	}
	// the summary names the output directory; the rest must agree
	cut := func(s string) string { return s[strings.Index(s, "\n"):] }
	if cut(s1) != cut(s2) {
		t.Errorf("summaries differ:\n%s\n%s", s1, s2)
	}
	if !strings.Contains(s1, "mentions_exact=") || strings.Contains(s1, "mentions=0\n") {
		t.Errorf("summary without mentions:\n%s", s1)
	}
}

func TestRulesLoad(t *testing.T) {
	_, rf, _ := generate(t, 1)
	r, err := rules.Load(rf)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Deprecated) != 13 {
		t.Errorf("%d deprecated rules, want 12 exact + 1 wildcard", len(r.Deprecated))
	}
	if d := r.Lookup("api.staging.example.com"); !d.Deprecated || d.Replacement != "api-staging.example.com" {
		t.Errorf("api.staging.example.com: %+v", d)
	}
	if d := r.Lookup("jobs.staging.example.com"); !d.Deprecated || d.Replacement != "jobs-staging.example.com" {
		t.Errorf("jobs.staging.example.com: %+v", d)
	}
	if d := r.Lookup("pr-12.staging.example.com"); !d.Kept {
		t.Errorf("pr-12.staging.example.com: %+v", d)
	}
}
