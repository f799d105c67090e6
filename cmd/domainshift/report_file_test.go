package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteFileKeepsThePreviousReport: a report that fails part way (a
// full disk, an encoding error) leaves the previous report whole and no
// temp file behind; one that completes replaces it, keeping its mode.
func TestWriteFileKeepsThePreviousReport(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.sarif")
	if err := os.WriteFile(path, []byte("previous report\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	full := errors.New("no space left on device")
	err := writeFile(path, func(w io.Writer) error {
		_, _ = io.WriteString(w, strings.Repeat("partial ", 1<<16)) // past the buffer: reaches the file
		return full
	})
	if !errors.Is(err, full) {
		t.Fatalf("err = %v, want the write's error", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "previous report\n" {
		t.Errorf("after a failed write the report holds %.20q, want the previous one", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries in the directory, want only the report", len(entries))
	}
	if err := writeFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err }); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new\n" || st.Mode().Perm() != 0o640 {
		t.Errorf("after a good write: %q, mode %v, want \"new\\n\" with mode 0640", got, st.Mode().Perm())
	}
	if err := writeFile(filepath.Join(dir, "fresh.json"), func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(filepath.Join(dir, "fresh.json")); err != nil {
		t.Error(err)
	} else if st.Mode().Perm() != 0o644 {
		t.Errorf("a new report has mode %v, want 0644", st.Mode().Perm())
	}
}

// TestWriteFileThroughSymlink: a report path that is a symlink keeps the
// link; the file it names gets the new report.
func TestWriteFileThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "reports", "latest.json")
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(target, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "report.json")
	if err := os.Symlink(filepath.Join("reports", "latest.json"), link); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(link, func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is gone: %v", err)
	}
	if got, _ := os.ReadFile(target); string(got) != "new\n" {
		t.Errorf("the link's target holds %q, want the new report", got)
	}
}
