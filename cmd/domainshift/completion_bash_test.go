//go:build unix

package main

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestBashCompletionWithoutPackage sources the bash script in an
// interactive `bash --norc`, where the bash-completion package is not
// loaded, and completes with TAB as a person would.
func TestBashCompletionWithoutPackage(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an interactive bash; skipped with -short")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatal("bash is needed for this test: ", err)
	}
	// testscript.Main put the test binary, as domainshift, in $PATH.
	if _, err := exec.LookPath("domainshift"); err != nil {
		t.Fatal(err)
	}
	dir := completionRepo(t)
	env := append(terminalEnv(t), "PS1=$ ", "INPUTRC=/dev/null")
	s := startPty(t, bash, dir, env, "--norc", "--noprofile", "-i")
	s.send(t, "declare -F _init_completion _get_comp_words_by_ref _filedir; echo \"status $?\"\n")
	s.waitFor(t, "status 1")
	s.send(t, "source <(domainshift completion bash); echo sourced\n")
	s.waitFor(t, "sourced\r\n")
	s.send(t, "domainshift hosts --format j\t")
	s.waitFor(t, "domainshift hosts --format json ")
	s.send(t, "\x15domainshift verify --env st\t")
	s.waitFor(t, "domainshift verify --env staging ")
	s.send(t, "\x15domainshift --rules rul\t")
	s.waitFor(t, "domainshift --rules rules.toml ")
	s.send(t, "\x15exit\n")
	s.wait(t, 10*time.Second)
	if out := s.output(); strings.Contains(out, "command not found") || strings.Contains(out, "No such file") {
		t.Errorf("the script calls something bash does not have:\n%q", out)
	}
}
