package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainshift/domainshift/internal/testfs"
)

// TestRun rewrites the listed files only, keeps their originals as hard
// links and leaves no temp file.
func TestRun(t *testing.T) {
	root := testfs.Tree(t, map[string]string{"a.txt": "abc", "d/b.txt": "xyz", "untouched.txt": "keep"})
	list := filepath.Join(t.TempDir(), "paths.txt")
	if err := os.WriteFile(list, []byte("a.txt\nd/b.txt\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(root, list); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{"a.txt": "`bc", "d/b.txt": "yyz", "untouched.txt": "keep"} {
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v; want %q", p, got, err, want)
		}
	}
	kept, err := os.ReadDir(filepath.Join(root, ".writefloor", "0"))
	if err != nil || len(kept) != 2 {
		t.Fatalf("originals kept: %v, %v; want 2", kept, err)
	}
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(d.Name(), ".writefloor-tmp") {
			t.Errorf("temp file %s left", p)
		}
		return nil
	})
}
