package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestHelpNamesExitStatus: every command's help says what its exit
// statuses mean.
func TestHelpNamesExitStatus(t *testing.T) {
	a := &app{}
	for _, c := range a.commands() {
		name := c.Name()
		var stdout, stderr bytes.Buffer
		if code := run([]string{name, "--help"}, nil, &stdout, &stderr); code != exitOK {
			t.Fatalf("%s --help: exit %d\n%s", name, code, &stderr)
		}
		if !strings.Contains(stdout.String(), "\nExit status: 0") {
			t.Errorf("%s --help has no \"Exit status: 0 ...\" paragraph:\n%s", name, &stdout)
		}
	}
}
