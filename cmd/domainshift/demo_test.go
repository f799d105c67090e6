package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestDemoScan pins what a new user sees first: `domainshift scan
// testdata/demo` with the root rules.toml, as README.md shows it. Refresh
// the golden file with -update after a deliberate change to the demo or the
// matcher, and read its diff.
func TestDemoScan(t *testing.T) {
	demo := filepath.Join("..", "..", "testdata", "demo")
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"demo_scan.golden", []string{"scan", "--color", "never", demo}},
		{"demo_hosts.golden", []string{"hosts", "--color", "never", demo}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tc.args, nil, &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d\n%s", code, stderr.String())
			}
			if stderr.Len() > 0 {
				t.Errorf("stderr: %s", stderr.String())
			}
			golden := filepath.Join("testdata", tc.golden)
			if *update {
				if err := os.WriteFile(golden, stdout.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(stdout.Bytes(), want) {
				t.Errorf("output differs from %s:\n%s", golden, stdout.String())
			}
		})
	}
}
