package rewrite

import (
	"bytes"
	"fmt"
	"github.com/domainshift/domainshift/internal/own"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCrashSafety builds the domainshift binary, runs `apply --yes` over a
// few thousand files in a git repository and kills it with SIGKILL at
// random moments. After every kill each file must be exactly its original
// or exactly its rewritten content; the next run (apply to completion, or
// undo) must leave no temp file behind and converge.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and writes thousands of files")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git")
	}
	const files, kills = 2000, 20
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "domainshift")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/domainshift").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	repo := filepath.Join(tmp, "repo")
	orig := generate(t, repo, files)
	git(t, repo, "init", "-q")
	git(t, repo, "add", "-A")
	git(t, repo, "commit", "-qm", "init")

	run := func(args ...string) (time.Duration, error) {
		cmd := exec.Command(bin, args...)
		cmd.Dir = repo
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			return 0, fmt.Errorf("domainshift %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return time.Since(start), nil
	}

	// A full apply gives the rewritten content; undo puts the originals back.
	full, err := run("apply", "--yes")
	if err != nil {
		t.Fatal(err)
	}
	fixed := snapshot(t, repo)
	changed := 0
	for p, c := range orig {
		if !bytes.Equal(fixed[p], c) {
			changed++
		}
	}
	if changed < files/20 {
		t.Fatalf("only %d files rewritten", changed)
	}
	if _, err := run("undo"); err != nil {
		t.Fatal(err)
	}
	checkState(t, repo, orig, orig, "after the first undo")
	t.Logf("%d files, %d rewritten; a full apply takes %v", files, changed, full.Round(time.Millisecond))

	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	mixed := 0
	for i := range kills {
		if i%2 == 1 {
			// Stale originals of earlier runs, which this run reuses as
			// temp files: none of their content may show in a file.
			plantCrashSpares(t, stateOf(t, repo), changed, rng)
		}
		cmd := exec.Command(bin, "apply", "--yes")
		cmd.Dir = repo
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Two kills in three come at a random moment of the run; every
		// third waits for the journal to be committed, which is when the
		// renames start, and comes a moment later, so that some kills
		// land among the renames.
		delay := time.Duration(rng.Int64N(int64(full)))
		if i%3 == 2 {
			journal := filepath.Join(stateOf(t, repo), journalName)
			start := time.Now()
			for time.Since(start) < 10*time.Second {
				if _, err := os.Lstat(journal); err == nil {
					break
				}
				time.Sleep(50 * time.Microsecond)
			}
			delay = time.Duration(rng.Int64N(int64(3 * time.Millisecond)))
		}
		time.Sleep(delay)
		_ = cmd.Process.Kill() // SIGKILL
		_ = cmd.Wait()

		n := checkState(t, repo, orig, fixed, fmt.Sprintf("kill %d after %v", i, delay))
		if n > 0 && n < changed {
			mixed++
		}
		if i%2 == 0 { // the next run is an apply: it finishes the job
			if _, err := run("apply", "--yes"); err != nil {
				t.Fatal(err)
			}
			checkState(t, repo, fixed, fixed, fmt.Sprintf("apply after kill %d", i))
		}
		// undo brings back every original, whether apply finished or not
		if _, err := run("undo"); err != nil {
			t.Fatal(err)
		}
		checkState(t, repo, orig, orig, fmt.Sprintf("undo after kill %d", i))
		if t.Failed() {
			return
		}
	}
	t.Logf("%d kills, %d of them left a mix of original and rewritten files", kills, mixed)
}

// plantCrashSpares puts n files of a stale originals directory, as the
// run before the previous one leaves them, into the state directory dir.
func plantCrashSpares(t *testing.T, dir string, n int, rng *rand.Rand) {
	t.Helper()
	sub := filepath.Join(dir, backupPrefix+"planted", "0")
	if err := os.MkdirAll(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		c := bytes.Repeat([]byte("spare\n"), 1+rng.IntN(2000))
		if err := os.WriteFile(filepath.Join(sub, strconv.Itoa(i)), c, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// checkState fails unless every file is either its a or its b content and
// no temp file is left when a and b are the same state; it returns how many
// files hold b content that differs from a.
func checkState(t *testing.T, repo string, a, b map[string][]byte, when string) int {
	t.Helper()
	got := snapshot(t, repo)
	settled := &a == &b || sameMaps(a, b)
	nb := 0
	for p, c := range got {
		if own.IsTemp(filepath.Base(p)) || strings.Contains(p, own.TempSuffix) {
			if settled {
				t.Errorf("%s: temp file %s left behind", when, p)
			}
			continue
		}
		switch {
		case bytes.Equal(c, a[p]):
		case bytes.Equal(c, b[p]):
			nb++
		default:
			t.Errorf("%s: %s is neither original nor rewritten: %q", when, p, c)
		}
	}
	for p := range a {
		if _, ok := got[p]; !ok {
			t.Errorf("%s: %s is missing", when, p)
		}
	}
	return nb
}

func sameMaps(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// snapshot reads every file under root except .git: the undo state lives
// outside the tree, so a file domainshift left there shows.
func snapshot(t *testing.T, root string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		if d.IsDir() {
			if rel == ".git" {
				return filepath.SkipDir
			}
			return nil
		}
		if rel == "rules.toml" {
			return nil
		}
		b, err := os.ReadFile(p)
		m[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// generate writes n files under root, one in ten with fixable
// hosts, some with CRLF line endings, and rules.toml; it returns the files.
func generate(t *testing.T, root string, n int) map[string][]byte {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	files := map[string][]byte{}
	for i := range n {
		p := fmt.Sprintf("d%02d/s%d/file%04d.conf", i%40, i%3, i)
		var b bytes.Buffer
		eol := "\n"
		if i%5 == 0 {
			eol = "\r\n"
		}
		for l := range 20 + rng.IntN(60) {
			switch {
			case i%10 == 1 && l%17 == 3:
				fmt.Fprintf(&b, "url%d = http://api.staging.example.com/v%d%s", l, l, eol)
			case i%10 == 1 && l%23 == 5:
				fmt.Fprintf(&b, "ws%d = ws://app.staging.example.com/ws%s", l, eol)
			default:
				fmt.Fprintf(&b, "key%d = %s%s", l, strings.Repeat("x", rng.IntN(60)), eol)
			}
		}
		files[p] = b.Bytes()
	}
	rules := []byte(`version = 1
[[deprecated]]
host = "api.staging.example.com"
replace = "api-staging.example.com"
[[deprecated]]
host = "app.staging.example.com"
replace = "staging.example.com"
[secure]
zones = ["example.com"]
fix = true
`)
	for p, c := range map[string][]byte{"rules.toml": rules} {
		files[p] = c
	}
	for p, c := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, c, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	delete(files, "rules.toml")
	return files
}

func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@t.invalid",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@t.invalid")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}
