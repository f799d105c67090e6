// Package testfs writes trees of files for tests.
package testfs

import (
	"os"
	"path/filepath"
	"testing"
)

// Write creates files (slash-separated path relative to dir -> content)
// under dir, making parent directories as needed.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Tree creates files under a new temporary directory and returns it.
func Tree(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	Write(t, root, files)
	return root
}

// RunWithStateHome runs the tests of m with XDG_STATE_HOME set to a temp
// directory of their own, removed afterwards, so that the undo state of
// trees outside git never lands in the user's state directory; it returns
// the exit code for os.Exit.
func RunWithStateHome(m interface{ Run() int }) int {
	dir, err := os.MkdirTemp("", "domainshift-state-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	os.Setenv("XDG_STATE_HOME", dir)
	return m.Run()
}
