//go:build unix

package rewrite

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A written file keeps its permission bits, including those the umask
// would strip from a new file and setuid, setgid and sticky, and, as root,
// its owner: chown clears setuid and setgid, so it must come first.
func TestWriteKeepsModeAndOwner(t *testing.T) {
	modes := map[string]os.FileMode{
		"plain.txt":   0o644,
		"private.txt": 0o600,
		"shared.txt":  0o666, // group and other write: a 022 umask strips them
		"odd.txt":     0o604,
		"script.sh":   0o750,
		"setuid":      0o755 | os.ModeSetuid,
		"setgid":      0o750 | os.ModeSetgid,
		"sticky":      0o644 | os.ModeSticky,
	}
	files := map[string]string{}
	for name := range modes {
		files[name] = "a.b\n"
	}
	root := tree(t, files)
	root0 := os.Geteuid() == 0
	var plans []FilePlan
	for name, mode := range modes {
		p := filepath.Join(root, name)
		if root0 && (name == "shared.txt" || name == "setuid") {
			if err := os.Lchown(p, 1234, 5678); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		plans = append(plans, plan(t, root, name, "a.b", "c.d"))
	}
	res, err := Write(root, plans, WriteOptions{})
	if err != nil || !res.OK() {
		t.Fatalf("Write: %v %+v", err, res)
	}
	for name, mode := range modes {
		st, err := os.Lstat(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode() & (os.ModePerm | os.ModeSetuid | os.ModeSetgid | os.ModeSticky); got != mode {
			t.Errorf("%s: mode %v after the write, want %v", name, got, mode)
		}
		if read(t, root, name) != "c.d\n" {
			t.Errorf("%s not written", name)
		}
		if s := st.Sys().(*syscall.Stat_t); root0 && (name == "shared.txt" || name == "setuid") && (s.Uid != 1234 || s.Gid != 5678) {
			t.Errorf("%s: owner %d:%d after the write, want 1234:5678", name, s.Uid, s.Gid)
		}
	}
}
