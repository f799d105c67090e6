package baseline

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ci", "baseline.json") // ci/ does not exist yet
	fs := findings(t, "a.py", original)
	pruned, err := Write(path, fs)
	if err != nil || pruned != 0 {
		t.Fatalf("first write: %d pruned, %v; want 0, nil", pruned, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, New(fs).Marshal()) {
		t.Errorf("file holds\n%s\nwant\n%s", data, New(fs).Marshal())
	}
	// One line fixed: its entry is pruned.
	fixed := findings(t, "a.py", strings.Replace(original, "api.staging.example.com/v2", "api-staging.example.com/v2", 1))
	if pruned, err = Write(path, fixed); err != nil || pruned != 1 {
		t.Errorf("second write: %d pruned, %v; want 1, nil", pruned, err)
	}
	if b, err := Load(path); err != nil || len(b.Findings) != 2 {
		t.Errorf("rewritten baseline: %v, %v; want 2 entries", b, err)
	}
	// A directory that cannot be made is an error, and writes nothing.
	if _, err := Write(filepath.Join(path, "b.json"), fs); err == nil {
		t.Errorf("write under a file: no error")
	}
}
