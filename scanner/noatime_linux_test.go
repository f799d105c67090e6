package scanner

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestScanKeepsAccessTimes: reading a file whose access time is older than
// its modification time updates it (relatime, the usual mount option), but
// not when the scan reads it.
func TestScanKeepsAccessTimes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.py")
	if err := os.WriteFile(path, []byte("url = 'https://api.staging.example.com'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-48 * time.Hour).Truncate(time.Second)
	if err := os.Chtimes(path, old, time.Now()); err != nil {
		t.Fatal(err)
	}
	res, err := Scan(context.Background(), mustRules(t, testRules), Options{Root: dir})
	if err != nil || len(res.Files) != 1 || len(res.Files[0].Findings) != 1 {
		t.Fatalf("Scan: %+v, %v; want the one finding in a.py", res, err)
	}
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		t.Fatal(err)
	}
	if got := time.Unix(st.Atim.Unix()); !got.Equal(old) {
		t.Errorf("access time is %v after the scan, want %v (unchanged)", got, old)
	}
}
