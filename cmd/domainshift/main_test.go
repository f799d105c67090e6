package main

import (
	"flag"
	"github.com/domainshift/domainshift/internal/testfs"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the testscript files with the actual output")

func TestMain(m *testing.M) {
	testscript.Main(stateHome{m}, map[string]func(){
		"domainshift": func() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// stateHome runs the tests with a state home of their own, so that what
// apply and review keep for trees outside git (demo copies, the tmux and
// pty tests) never lands in the user's state directory.
type stateHome struct{ m *testing.M }

func (s stateHome) Run() int { return testfs.RunWithStateHome(s.m) }

// TestScript runs every testdata/script/*.txtar: one user-visible behaviour
// each, in a fresh work directory, usually a real git repository.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Setup:         scriptSetup,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"schema": schemaCmd,
			"encode": encodeCmd,
		},
	})
}

// scriptSetup gives a script a home of its own, a git identity and no
// colours.
func scriptSetup(env *testscript.Env) error {
	home := filepath.Join(env.WorkDir, ".home")
	env.Setenv("HOME", home)
	env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	env.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	env.Setenv("GIT_AUTHOR_NAME", "domainshift test")
	env.Setenv("GIT_AUTHOR_EMAIL", "test@domainshift.invalid")
	env.Setenv("GIT_COMMITTER_NAME", "domainshift test")
	env.Setenv("GIT_COMMITTER_EMAIL", "test@domainshift.invalid")
	env.Setenv("NO_COLOR", "1")
	return nil
}
