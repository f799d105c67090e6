package rewrite

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/rewrite")

const goldenDir = "../testdata/rewrite"

// TestGolden scans every NAME.input under testdata/rewrite with the rules
// there, fixes it, and compares the content with NAME.golden and the diff
// with NAME.diff. A second pass over the golden content must find nothing
// to fix.
func TestGolden(t *testing.T) {
	r, err := rules.Load(filepath.Join(goldenDir, "rules.toml"))
	if err != nil {
		t.Fatal(err)
	}
	inputs, err := filepath.Glob(filepath.Join(goldenDir, "*.input"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".input")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			plans := scanOne(t, r, name, src)
			if len(plans) != 1 {
				t.Fatalf("%d files to fix, want 1", len(plans))
			}
			got, err := Apply(src, plans[0].Edits)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Diff(name, src, plans[0].Edits, DefaultContext)
			if err != nil {
				t.Fatal(err)
			}
			compareGolden(t, strings.TrimSuffix(in, ".input")+".golden", got)
			compareGolden(t, strings.TrimSuffix(in, ".input")+".diff", patchBytes(d))

			if again := scanOne(t, r, name, got); len(again) != 0 {
				t.Errorf("second pass still has %d edits: %+v", len(again[0].Edits), again[0].Edits)
			}
		})
	}
}

// scanOne scans content as a file called name, alone in a temp root, and
// returns the plans.
func scanOne(t *testing.T, r *rules.Rules, name string, content []byte) []FilePlan {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, name), content, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := scanner.Scan(context.Background(), r, scanner.Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) > 0 {
		t.Fatalf("scan errors: %v", res.Errors)
	}
	return Plans(res.Files)
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update to accept):\ngot:\n%q\nwant:\n%q", filepath.Base(path), got, want)
	}
}
