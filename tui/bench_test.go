package tui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkKeyPress measures one key press (Update and View) on a review
// of 5,000 findings in 1,000 files: j moves to another change each time, so
// every press renders a new hunk.
func BenchmarkKeyPress(b *testing.B) {
	root := b.TempDir()
	rulesToml, err := os.ReadFile("testdata/repo/rules.toml")
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "rules.toml"), rulesToml, 0o644); err != nil {
		b.Fatal(err)
	}
	for i := range 1000 {
		var s strings.Builder
		for j := range 5 {
			fmt.Fprintf(&s, "# setting %d\nURL_%d = \"https://api.staging.example.com/v%d\"\nTIMEOUT_%d = %d\n", j, j, j, j, j*10)
		}
		dir := filepath.Join(root, fmt.Sprintf("svc%02d", i/100))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("config%03d.py", i)), []byte(s.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	m := scanned(b, root, false, 120, 40)
	if m.rv.total != 5000 || len(m.rv.files) != 1000 {
		b.Fatalf("%d findings in %d files, want 5000 in 1000", m.rv.total, len(m.rv.files))
	}
	down, up := keyMsg("j"), keyMsg("k")
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		k := down
		if i/4999%2 == 1 {
			k = up
		}
		m.Update(k)
		_ = m.View().Content
	}
}
