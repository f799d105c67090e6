package tui

import (
	"os"
	"testing"

	"github.com/domainshift/domainshift/internal/testfs"
)

// TestMain keeps the undo state and saved decisions of the fixtures, which
// are not in git and so live in the user's state directory, in a temp
// directory of its own.
func TestMain(m *testing.M) { os.Exit(testfs.RunWithStateHome(m)) }
