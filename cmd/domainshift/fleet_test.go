package main

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"go.yaml.in/yaml/v3"
)

// fleetDoc is the document whose recipes the fleet tests run.
var fleetDoc = filepath.Join("..", "..", "docs", "fleet.md")

var fleetMarker = regexp.MustCompile(`^<!-- fleet: (\S+) -->$`)

// fleetBlocks returns the fenced code blocks of docs/fleet.md that follow a
// <!-- fleet: NAME --> line, by NAME.
func fleetBlocks() (map[string]string, error) {
	data, err := os.ReadFile(fleetDoc)
	if err != nil {
		return nil, err
	}
	blocks := map[string]string{}
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		m := fleetMarker.FindStringSubmatch(lines[i])
		if m == nil {
			continue
		}
		if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "```") {
			return nil, fmt.Errorf("%s:%d: no code block after the fleet marker", fleetDoc, i+1)
		}
		var b strings.Builder
		j := i + 2
		for ; j < len(lines) && lines[j] != "```"; j++ {
			b.WriteString(lines[j] + "\n")
		}
		if j == len(lines) {
			return nil, fmt.Errorf("%s:%d: code block not closed", fleetDoc, i+2)
		}
		if _, dup := blocks[m[1]]; dup {
			return nil, fmt.Errorf("%s:%d: fleet block %s twice", fleetDoc, i+1, m[1])
		}
		blocks[m[1]] = b.String()
		i = j
	}
	return blocks, nil
}

// TestFleetDocs runs testdata/fleet/*.txtar: the recipes of docs/fleet.md,
// taken from the document by fleetdoc, on local git repositories.
func TestFleetDocs(t *testing.T) {
	blocks, err := fleetBlocks()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	var mu sync.Mutex
	// The scripts run as parallel subtests, which end after Run returns
	// and before the cleanups of this test.
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for name := range blocks {
			if !used[name] {
				t.Errorf("docs/fleet.md block %q is run by no fleet test", name)
			}
		}
	})
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/fleet",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, ".home")
			env.Setenv("HOME", home)
			env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			env.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
			env.Setenv("GIT_AUTHOR_NAME", "domainshift test")
			env.Setenv("GIT_AUTHOR_EMAIL", "test@domainshift.invalid")
			env.Setenv("GIT_COMMITTER_NAME", "domainshift test")
			env.Setenv("GIT_COMMITTER_EMAIL", "test@domainshift.invalid")
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"fleetdoc": func(ts *testscript.TestScript, neg bool, args []string) {
				mu.Lock()
				defer mu.Unlock()
				fleetDocCmd(ts, neg, args, blocks, used)
			},
			"yamlget": yamlGetCmd,
		},
	})
}

// fleetDocCmd writes a block of docs/fleet.md to a file:
//
//	fleetdoc [-line PREFIX | -after PREFIX] NAME FILE
//
// With -line, FILE gets only the block's first line that starts with
// PREFIX; with -after, what follows PREFIX on that line (one command out of
// a recipe whose other commands need services the tests do not have).
func fleetDocCmd(ts *testscript.TestScript, neg bool, args []string, blocks map[string]string, used map[string]bool) {
	if neg {
		ts.Fatalf("unsupported: ! fleetdoc")
	}
	mode, prefix := "", ""
	if len(args) == 4 && (args[0] == "-line" || args[0] == "-after") {
		mode, prefix, args = args[0], args[1], args[2:]
	}
	if len(args) != 2 {
		ts.Fatalf("usage: fleetdoc [-line PREFIX | -after PREFIX] NAME FILE")
	}
	text, ok := blocks[args[0]]
	if !ok {
		ts.Fatalf("docs/fleet.md has no block %q", args[0])
	}
	used[args[0]] = true
	if mode != "" {
		var found bool
		for _, l := range strings.Split(text, "\n") {
			if rest, ok := strings.CutPrefix(l, prefix); ok {
				if mode == "-line" {
					rest = l
				}
				text, found = rest+"\n", true
				break
			}
		}
		if !found {
			ts.Fatalf("block %q has no line starting %q", args[0], prefix)
		}
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(text), 0o755))
}

// yamlGetCmd prints the value at a path of a YAML file:
//
//	yamlget [-script FROM] FILE PATH
//
// PATH is slash-separated keys, list indices and [key=value] selectors of
// list items (jobs/check/steps/[name=check]/run). A scalar prints as it
// is, anything else as YAML. With -script, the value must be a list of
// shell commands (a GitLab script:), printed one a line from item FROM.
func yamlGetCmd(ts *testscript.TestScript, neg bool, args []string) {
	from := -1
	if len(args) == 4 && args[0] == "-script" {
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		from, args = n, args[2:]
	}
	if len(args) != 2 {
		ts.Fatalf("usage: yamlget [-script FROM] FILE PATH")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	var v any
	ts.Check(yaml.Unmarshal(data, &v))
	for _, seg := range strings.Split(args[1], "/") {
		v, err = yamlStep(v, seg)
		if err != nil {
			if neg {
				return
			}
			ts.Fatalf("%s: %s: %v", args[0], args[1], err)
		}
	}
	if neg {
		ts.Fatalf("%s: %s exists", args[0], args[1])
	}
	switch {
	case from >= 0:
		items, ok := v.([]any)
		if !ok {
			ts.Fatalf("%s: %s is not a list", args[0], args[1])
		}
		for _, it := range items[from:] {
			ts.Stdout().Write([]byte(fmt.Sprint(it) + "\n"))
		}
	default:
		if s, ok := v.(string); ok {
			ts.Stdout().Write([]byte(s))
			return
		}
		out, err := yaml.Marshal(v)
		ts.Check(err)
		ts.Stdout().Write(out)
	}
}

func yamlStep(v any, seg string) (any, error) {
	switch node := v.(type) {
	case map[string]any:
		next, ok := node[seg]
		if !ok {
			return nil, fmt.Errorf("no key %q (keys: %s)", seg, strings.Join(slices.Sorted(maps.Keys(node)), ", "))
		}
		return next, nil
	case []any:
		if sel, ok := strings.CutPrefix(seg, "["); ok {
			k, want, _ := strings.Cut(strings.TrimSuffix(sel, "]"), "=")
			for _, it := range node {
				if m, ok := it.(map[string]any); ok && fmt.Sprint(m[k]) == want {
					return it, nil
				}
			}
			return nil, fmt.Errorf("no item with %s", seg)
		}
		i, err := strconv.Atoi(seg)
		if err != nil || i < 0 || i >= len(node) {
			return nil, fmt.Errorf("no item %q of %d", seg, len(node))
		}
		return node[i], nil
	}
	return nil, fmt.Errorf("%q below a scalar", seg)
}
