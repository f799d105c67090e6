//go:build linux

package rewrite

import (
	"errors"
	"github.com/domainshift/domainshift/internal/own"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// smallDisk mounts a tmpfs of size bytes on a new directory and returns it;
// it skips the test where mounting is not allowed (not root, no
// CAP_SYS_ADMIN).
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	mountTmpfs(t, dir, size)
	return dir
}

// mountTmpfs mounts a tmpfs of size bytes on dir until the test ends; it
// skips the test where mounting is not allowed (not root, no
// CAP_SYS_ADMIN).
func mountTmpfs(t *testing.T, dir, size string) {
	t.Helper()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (needs root): %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
}

// fill writes a file that leaves about free bytes of the file system at
// dir unused.
func fill(t *testing.T, dir string, free int64) {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	avail := int64(st.Bavail) * st.Bsize
	if avail <= free {
		return
	}
	if err := os.WriteFile(filepath.Join(dir, "filler.bin"), make([]byte, avail-free), 0o644); err != nil && !errors.Is(err, syscall.ENOSPC) {
		t.Fatal(err)
	}
}

// TestWriteDiskFull writes on a file system with too little room, once
// with no room at all (not even for the journal) and once with no room for
// the new content: the original is never lost, no temp file or kept
// original stays, and the error says what happened.
func TestWriteDiskFull(t *testing.T) {
	const size = 300 << 10
	content := strings.Repeat("url = https://old.example.com/path\n", size/35)
	for _, tc := range []struct {
		name    string
		free    int64 // bytes left before Write
		journal bool  // the journal itself cannot be written
	}{
		{"no room for the journal", 0, true},
		{"no room for the new content", 64 << 10, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := smallDisk(t, "1m")
			if err := os.WriteFile(filepath.Join(root, "a.conf"), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			p := plan(t, root, "a.conf", "old.example.com", "new-longer-name.example.com")
			fill(t, root, tc.free)
			res, err := Write(root, []FilePlan{p}, WriteOptions{StateDir: filepath.Join(root, "state")})
			switch {
			case tc.journal:
				if err == nil || !errors.Is(err, syscall.ENOSPC) && !strings.Contains(err.Error(), "no space left") {
					t.Fatalf("Write = %v, %v; want a no-space error for the journal", res, err)
				}
			default:
				if err != nil {
					t.Fatalf("Write: %v", err)
				}
				if len(res.Written) != 0 || len(res.Failed) != 1 || !strings.Contains(res.Failed[0].Error(), "no space left on device") {
					t.Fatalf("Write result: written %v, failed %v; want a.conf failed with no space left", res.Written, res.Failed)
				}
			}
			if got := read(t, root, "a.conf"); got != content {
				t.Fatalf("a.conf changed (%d bytes, want %d)", len(got), len(content))
			}
			for _, dir := range []string{root, filepath.Join(root, "state")} {
				entries, _ := os.ReadDir(dir)
				for _, e := range entries {
					if own.IsTemp(e.Name()) || strings.Contains(e.Name(), own.TempSuffix) || strings.HasPrefix(e.Name(), backupPrefix) {
						t.Errorf("%s left behind in %s", e.Name(), dir)
					}
				}
			}
		})
	}
}

// TestOriginalsCopiedAcrossFileSystems writes a file on another file system
// than the journal (a tmpfs mounted under the root): the link fails, the
// original is copied, and undo still restores it.
func TestOriginalsCopiedAcrossFileSystems(t *testing.T) {
	root := tree(t, map[string]string{"top.txt": "a.b\n"})
	mnt := filepath.Join(root, "mnt")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	mountTmpfs(t, mnt, "1m")
	if err := os.WriteFile(filepath.Join(mnt, "in.txt"), []byte("x a.b y\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	plans := []FilePlan{plan(t, root, "mnt/in.txt", "a.b", "c.d"), plan(t, root, "top.txt", "a.b", "c.d")}
	if res, err := Write(root, plans, WriteOptions{}); err != nil || !res.OK() {
		t.Fatalf("Write: %+v, %v", res, err)
	}
	if got := read(t, root, "mnt/in.txt"); got != "x c.d y\n" {
		t.Errorf("mnt/in.txt = %q", got)
	}
	if ures, err := undo(t, root); err != nil || !ures.OK() || len(ures.Restored) != 2 {
		t.Fatalf("Undo: %+v, %v", ures, err)
	}
	if got := read(t, root, "mnt/in.txt"); got != "x a.b y\n" {
		t.Errorf("mnt/in.txt after undo = %q", got)
	}
}

// TestStateReadOnly: a state location on a read-only file system is
// refused before anything is written, naming it.
func TestStateReadOnly(t *testing.T) {
	root := tree(t, map[string]string{"a.conf": "url = https://old.example.com\n"})
	state := t.TempDir()
	mountTmpfs(t, state, "1m")
	if out, err := exec.Command("mount", "-o", "remount,ro", state).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	p := plan(t, root, "a.conf", "old.example.com", "new.example.com")
	dir := filepath.Join(state, "domainshift")
	res, err := Write(root, []FilePlan{p}, WriteOptions{StateDir: dir})
	if err == nil || !strings.Contains(err.Error(), dir) || !errors.Is(err, syscall.EROFS) {
		t.Fatalf("Write = %+v, %v; want a read-only error naming %s", res, err, dir)
	}
	if got := read(t, root, "a.conf"); got != "url = https://old.example.com\n" {
		t.Errorf("a.conf rewritten: %q", got)
	}
}

// TestStateSymlinkRefused: a state directory that is a symlink (planted
// in the git directory, or given) is refused, and nothing is written
// through it.
func TestStateSymlinkRefused(t *testing.T) {
	root := tree(t, map[string]string{"a.conf": "url = https://old.example.com\n"})
	elsewhere := t.TempDir()
	link := filepath.Join(t.TempDir(), "domainshift")
	if err := os.Symlink(elsewhere, link); err != nil {
		t.Fatal(err)
	}
	p := plan(t, root, "a.conf", "old.example.com", "new.example.com")
	for _, dir := range []string{link, filepath.Join(link, "roots", "x")} {
		_, err := Write(root, []FilePlan{p}, WriteOptions{StateDir: dir})
		if !errors.Is(err, ErrUnsafeState) || !strings.Contains(err.Error(), link) {
			t.Errorf("Write with state %s: %v; want it refused, naming %s", dir, err, link)
		}
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Errorf("written through the symlink: %v", entries)
	}
	if got := read(t, root, "a.conf"); got != "url = https://old.example.com\n" {
		t.Errorf("a.conf rewritten: %q", got)
	}
}
