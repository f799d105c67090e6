package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// readmeMarker marks a README command block that a script in
// testdata/readme runs as written: the HTML comment, which renders as
// nothing, names the script, and the next fenced block is its commands.
var readmeMarker = regexp.MustCompile(`^<!-- readme-test: ([a-z0-9-]+) -->$`)

// readmeBlocks returns the marked command blocks of the markdown file, by
// name: each block's lines, blank lines left out.
func readmeBlocks(file string) (map[string][]string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	blocks := map[string][]string{}
	name, inBlock := "", false
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case inBlock && strings.HasPrefix(line, "```"):
			name, inBlock = "", false
		case inBlock && strings.HasSuffix(line, `\`):
			return nil, fmt.Errorf("%s:%d: a continued line in block %s; write one command a line", file, n, name)
		case inBlock && strings.TrimSpace(line) != "":
			blocks[name] = append(blocks[name], line)
		case inBlock:
		case name != "" && strings.HasPrefix(line, "```"):
			inBlock = true
		case name != "" && strings.TrimSpace(line) != "":
			return nil, fmt.Errorf("%s:%d: the readme-test marker for %s is not followed by a code block", file, n, name)
		default:
			if m := readmeMarker.FindStringSubmatch(line); m != nil {
				if _, dup := blocks[m[1]]; dup {
					return nil, fmt.Errorf("%s:%d: a second block named %s", file, n, m[1])
				}
				name = m[1]
				blocks[name] = nil
			}
		}
	}
	if name != "" {
		return nil, fmt.Errorf("%s: block %s is not closed", file, name)
	}
	return blocks, sc.Err()
}

// shellWords splits a command line as sh would for the simple lines of a
// README: words separated by blanks, '...' quoting, an unquoted # starting
// a comment.
func shellWords(line string) []string {
	var words []string
	var w strings.Builder
	inWord, quoted := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quoted && c == '\'':
			quoted = false
		case quoted:
			w.WriteByte(c)
		case c == '\'':
			quoted, inWord = true, true
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case c == '#' && !inWord:
			i = len(line)
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// readmeRun is one script's place in its README block.
type readmeRun struct {
	name  string
	lines []string
	next  int
}

type readmeKey struct{}

// TestReadme runs every testdata/readme/NAME.txtar against the README
// block marked <!-- readme-test: NAME -->, on a fresh repository the
// script builds. In it, "readme WORDS..." runs the block's next line with
// sh, exactly as written, after checking that the line starts with WORDS
// (so the script says which step it expects); the script must use up the
// block. The README therefore cannot change its commands without the
// scripts failing.
func TestReadme(t *testing.T) {
	blocks, err := readmeBlocks(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	scripts, err := filepath.Glob(filepath.Join("testdata", "readme", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range scripts {
		names = append(names, strings.TrimSuffix(filepath.Base(s), ".txtar"))
	}
	for name := range blocks {
		if !slices.Contains(names, name) {
			t.Errorf("README.md marks block %s, but there is no testdata/readme/%s.txtar", name, name)
		}
	}
	if len(blocks) == 0 {
		t.Fatal("README.md marks no block with <!-- readme-test: NAME -->")
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "readme"),
		Setup: func(env *testscript.Env) error {
			// testscript names the work directory script-NAME.
			name := strings.TrimPrefix(filepath.Base(env.WorkDir), "script-")
			lines, ok := blocks[name]
			if !ok {
				return fmt.Errorf("README.md has no block marked <!-- readme-test: %s -->", name)
			}
			run := &readmeRun{name: name, lines: lines}
			env.Values[readmeKey{}] = run
			env.Defer(func() {
				if run.next < len(run.lines) {
					env.T().Fatal(fmt.Sprintf("the script ran %d of the %d lines of README block %s; next: %s", run.next, len(run.lines), name, run.lines[run.next]))
				}
			})
			return scriptSetup(env)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"readme": readmeCmd,
		},
	})
}

// readmeCmd runs the next line of the script's README block.
func readmeCmd(ts *testscript.TestScript, neg bool, args []string) {
	run := ts.Value(readmeKey{}).(*readmeRun)
	if run.next == len(run.lines) {
		ts.Fatalf("README block %s has no line left for readme %s", run.name, strings.Join(args, " "))
	}
	line := run.lines[run.next]
	run.next++
	if words := shellWords(line); len(words) < len(args) || !slices.Equal(words[:len(args)], args) {
		ts.Fatalf("line %d of README block %s is %q, not %s...", run.next, run.name, line, strings.Join(args, " "))
	}
	err := ts.Exec("sh", "-c", line)
	switch {
	case neg && err == nil:
		ts.Fatalf("%s: unexpected success", line)
	case !neg && err != nil:
		ts.Fatalf("%s: %v", line, err)
	}
}
