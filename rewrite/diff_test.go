package rewrite

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// diffCases is the shared table for diff tests: content, edits, context.
var diffCases = []struct {
	name    string
	path    string
	src     string
	edits   []Edit
	context int
}{
	{"one line", "a.txt", "x\nhost a.b\ny\n", []Edit{{7, 3, []byte("c.d")}}, 3},
	{"crlf", "w.yaml", "a: 1\r\nurl: ws://a.b\r\nc: 3\r\n", []Edit{{11, 2, []byte("wss")}}, 3},
	{"bare cr", "m.txt", "a\rb ws://x\rc\n", []Edit{{4, 2, []byte("wss")}}, 3},
	{"no final newline", "n.txt", "a\nb\nhost a.b", []Edit{{9, 3, []byte("new.host")}}, 3},
	{"no final newline, change before", "n2.txt", "a.b\nz", []Edit{{0, 3, []byte("c.d")}}, 1},
	{"invalid utf8 and bom", "l.txt", "\xef\xbb\xbfcaf\xe9 a.b \xff\n", []Edit{{8, 3, []byte("c.d")}}, 3},
	{"two hunks", "t.txt", strings.Repeat("l\n", 10) + "a.b\n" + strings.Repeat("l\n", 10) + "a.b\n", []Edit{{20, 3, []byte("X")}, {44, 3, []byte("Y")}}, 3},
	{"merged hunks", "m2.txt", strings.Repeat("l\n", 5) + "a.b\nl\nl\na.b\n" + strings.Repeat("l\n", 5), []Edit{{10, 3, []byte("X")}, {18, 3, []byte("Y")}}, 3},
	{"two edits one line", "o.txt", "ws://a.b ws://a.b\n", []Edit{{0, 2, []byte("wss")}, {9, 2, []byte("wss")}}, 0},
	{"delete newline", "d.txt", "a\nb\nc\n", []Edit{{1, 1, nil}}, 1},
	{"insert lines", "i.txt", "a\nb\n", []Edit{{2, 0, []byte("x\ny\n")}}, 3},
	{"append at end", "e.txt", "a\n", []Edit{{2, 0, []byte("b\n")}}, 3},
	{"add final newline", "f.txt", "a\nb", []Edit{{3, 0, []byte("\n")}}, 3},
	{"empty file", "z.txt", "", []Edit{{0, 0, []byte("hello\n")}}, 3},
	{"delete all", "all.txt", "a\nb\n", []Edit{{0, 4, nil}}, 3},
	{"space in name", "dir/my file.txt", "a.b\n", []Edit{{0, 3, []byte("c.d")}}, 3},
	{"quoted name", "dir/caf\xc3\xa9 \"q\".txt", "a.b\n", []Edit{{0, 3, []byte("c.d")}}, 3},
	{"no change", "u.txt", "a\n", nil, 3},
}

// TestDiffApplies checks that git apply and patch -p1 turn the content into
// exactly what Apply makes of it, from the diff alone.
func TestDiffApplies(t *testing.T) {
	for _, tool := range []string{"git", "patch"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Logf("%s not found; skipped", tool)
			continue
		}
		for _, tc := range diffCases {
			t.Run(tool+"/"+tc.name, func(t *testing.T) {
				want, err := Apply([]byte(tc.src), tc.edits)
				if err != nil {
					t.Fatal(err)
				}
				d, err := Diff(tc.path, []byte(tc.src), tc.edits, tc.context)
				if err != nil {
					t.Fatal(err)
				}
				if d.Empty() != (len(tc.edits) == 0) {
					t.Fatalf("Empty() = %v with %d edits", d.Empty(), len(tc.edits))
				}
				if d.Empty() {
					return
				}
				got := applyPatch(t, tool, tc.path, []byte(tc.src), patchBytes(d), tc.context)
				if !bytes.Equal(got, want) {
					t.Errorf("%s gives %q, want %q\npatch:\n%s", tool, got, want, patchBytes(d))
				}
			})
		}
	}
}

// applyPatch writes src to path in a temp dir, applies patch there with
// tool and returns the file's new content.
//
// git apply wants --unidiff-zero for diffs without context lines, as for
// git diff -U0.
func applyPatch(t *testing.T, tool, path string, src, patch []byte, context int) []byte {
	t.Helper()
	dir := t.TempDir()
	file := filepath.Join(dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	var cmd *exec.Cmd
	if tool == "git" {
		cmd = exec.Command("git", "apply", "-")
		if context == 0 {
			cmd.Args = append(cmd.Args, "--unidiff-zero")
		}
	} else {
		cmd = exec.Command("patch", "-p1", "--quiet", "--batch", "--no-backup-if-mismatch")
	}
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(patch)
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s\nsrc %q\npatch:\n%q", tool, err, out, src, patch)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// patchBytes returns the diff as WriteTo writes it.
func patchBytes(d *FileDiff) []byte {
	var b bytes.Buffer
	_, _ = d.WriteTo(&b)
	return b.Bytes()
}
