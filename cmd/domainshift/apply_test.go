package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestConfirm covers the terminal question, which testscript cannot reach
// without a pty.
func TestConfirm(t *testing.T) {
	for in, want := range map[string]bool{"y\n": true, "YES\n": true, " y \r\n": true, "n\n": false, "\n": false, "": false, "yes please\n": false} {
		var out bytes.Buffer
		if got := confirm(strings.NewReader(in), &out, "write? [y/N] "); got != want {
			t.Errorf("confirm(%q) = %v, want %v", in, got, want)
		}
		if !strings.HasPrefix(out.String(), "write? [y/N] ") {
			t.Errorf("question not printed: %q", out.String())
		}
	}
}
