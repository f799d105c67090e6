package rewrite

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/domainshift/domainshift/internal/own"
)

// The undo state of a root (journal, originals, review decisions, lock)
// never lives in the tree it is about, where every tool that ignores
// .gitignore (grep, docker build, tar, rsync, artifact uploads) would find
// the old content: in a git work tree it is the directory domainshift in
// the work tree's git directory (`git rev-parse --git-dir`, so each linked
// worktree has its own); elsewhere $XDG_STATE_HOME/domainshift/ID, with ID
// naming the root. Only undo reads the .domainshift directory an earlier
// version kept at the root.

// ErrUnsafeState: the state location is a symlink or not a directory, so
// writing there could land anywhere.
var ErrUnsafeState = errors.New("is not a plain directory")

// ErrNoRoom: the state directory's file system is (nearly) full.
var ErrNoRoom = errors.New("no space left for the undo state")

// LocateState returns the state directory of root: override when it is
// set, else the one in root's git directory, else the one in the user's
// state directory. It refuses a legacy .domainshift under root that is a
// symlink or not a directory, which a repository can commit to redirect
// what an older version wrote.
func LocateState(root, override string) (string, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return "", err
	}
	if err := checkLegacy(abs); err != nil {
		return "", err
	}
	if override != "" {
		return filepath.Abs(override)
	}
	if gitDir, top, ok := gitDirOf(abs); ok {
		if sameDir(top, abs) {
			return filepath.Join(gitDir, own.StateName), nil
		}
		rel, _ := filepath.Rel(top, abs)
		return filepath.Join(gitDir, own.StateName, "roots", rootID(filepath.ToSlash(rel))), nil
	}
	base := os.Getenv("XDG_STATE_HOME")
	if base == "" || !filepath.IsAbs(base) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("no state directory for %s: set XDG_STATE_HOME or HOME, or pass --state-dir: %w", abs, err)
		}
		base = filepath.Join(home, ".local", "state")
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		real = abs
	}
	return filepath.Join(base, own.StateName, rootID(real)), nil
}

// rootID names a root in a state directory: its base name, readable, and
// a hash of its whole path, unique.
func rootID(path string) string {
	sum := sha256.Sum256([]byte(path))
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, filepath.Base(path))
	if len(name) > 40 {
		name = name[:40]
	}
	return strings.TrimLeft(name, ".") + "-" + hex.EncodeToString(sum[:8])
}

func sameDir(a, b string) bool {
	if a == b {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// gitDirOf returns the git directory and the top of the work tree that
// holds dir, if it is in one.
func gitDirOf(dir string) (gitDir, top string, ok bool) {
	cmd := exec.CommandContext(context.Background(), "git", "-C", dir, "rev-parse", "--absolute-git-dir", "--show-toplevel")
	cmd.Env = append(os.Environ(), "GIT_OPTIONAL_LOCKS=0")
	out, err := cmd.Output()
	if err != nil {
		return "", "", false
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || lines[0] == "" || lines[1] == "" {
		return "", "", false // a bare repository, or inside the git directory
	}
	return lines[0], lines[1], true
}

// checkLegacy refuses a .domainshift under root that is not a plain
// directory.
func checkLegacy(root string) error {
	p := filepath.Join(root, own.LegacyDir)
	st, err := os.Lstat(p)
	if err != nil || st.IsDir() {
		return nil
	}
	return unsafeState(p, st)
}

func unsafeState(p string, st fs.FileInfo) error {
	if st.Mode()&fs.ModeSymlink != 0 {
		target, _ := os.Readlink(p)
		return fmt.Errorf("%s %w: it is a symlink to %s, and domainshift never writes through one", p, ErrUnsafeState, target)
	}
	return fmt.Errorf("%s %w: it is a %s", p, ErrUnsafeState, kindOf(st.Mode()))
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "file"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDevice != 0:
		return "device"
	}
	return "special file"
}

// legacyState returns the legacy state directory under root if it holds
// a journal or a killed run's pending list.
func legacyState(root string) (string, bool) {
	dir := filepath.Join(root, own.LegacyDir)
	if st, err := os.Lstat(dir); err != nil || !st.IsDir() {
		return "", false
	}
	return dir, hasState(dir)
}

// minStateRoom is the free space the state directory must have before a
// run writes anything: the journal and the pending list, and the room for
// originals that cannot be hard links is checked as they are kept.
const minStateRoom = 32 << 10

// prepareState creates the state directory dir if needed and checks that
// it is safe and has room: every component below the nearest existing
// ancestor is created by this call, and dir itself must be a plain
// directory, not a symlink. A state directory inside root gets a
// .gitignore.
func prepareState(root, dir string) error {
	if err := mkdirNoFollow(dir); err != nil {
		return err
	}
	st, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("state directory %s: %w", dir, unwrapPath(err))
	}
	if !st.IsDir() {
		return unsafeState(dir, st)
	}
	if err := checkRoom(dir, minStateRoom); err != nil {
		return err
	}
	if rel, err := filepath.Rel(root, dir); err == nil && filepath.IsLocal(rel) {
		ignore := filepath.Join(dir, ".gitignore")
		if _, err := os.Lstat(ignore); errors.Is(err, fs.ErrNotExist) {
			if err := writeNoFollow(ignore, []byte("# written by domainshift: undo state, never committed\n*\n"), 0o644); err != nil {
				return fmt.Errorf("write %s: %w", ignore, unwrapPath(err))
			}
		}
	}
	return nil
}

// mkdirNoFollow makes dir and the missing directories above it. The
// components domainshift owns (from the last one named own.StateName down,
// or dir alone) must be plain directories, checked with Lstat: a symlink
// there, which a repository could plant, is refused. What lies above them
// (the git directory, the user's state directory) is taken as it is.
func mkdirNoFollow(dir string) error {
	dir = filepath.Clean(dir)
	owned := dir
	for d := dir; ; {
		if filepath.Base(d) == own.StateName {
			owned = d
			break
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	if err := os.MkdirAll(filepath.Dir(owned), 0o755); err != nil {
		return fmt.Errorf("create state directory %s: %w", filepath.Dir(owned), unwrapPath(err))
	}
	rel, _ := filepath.Rel(filepath.Dir(owned), dir)
	d := filepath.Dir(owned)
	for _, name := range strings.Split(rel, string(filepath.Separator)) {
		d = filepath.Join(d, name)
		if err := os.Mkdir(d, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("create state directory %s: %w", d, unwrapPath(err))
		}
		st, err := os.Lstat(d)
		if err != nil {
			return fmt.Errorf("state directory %s: %w", d, unwrapPath(err))
		}
		if !st.IsDir() {
			return unsafeState(d, st)
		}
	}
	return nil
}

// writeNoFollow creates path, which must not exist, with data.
func writeNoFollow(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|oNoFollow, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		_ = os.Remove(path)
		return err
	}
	return f.Close()
}

// replaceNoFollow writes data to path, creating or truncating it, never
// through a symlink.
func replaceNoFollow(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC|oNoFollow, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}

// readNoFollow reads path, never through a symlink.
func readNoFollow(path string) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|oNoFollow, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(f)
	return b.Bytes(), err
}
