package tui

import (
	"os"
	"testing"
)

// TestMain keeps the undo state and saved decisions of the fixtures, which
// are not in git and so live in the user's state directory, in a temp
// directory of its own.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "domainshift-state-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_STATE_HOME", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
