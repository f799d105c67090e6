package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/domainshift/domainshift/rewrite"
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

// TestWriteResultSkipped: a file deleted since the scan says so; a file
// edited since is listed by path.
func TestWriteResultSkipped(t *testing.T) {
	res := &rewrite.Result{
		Written: []rewrite.Written{{Path: "a.txt", Edits: 2}},
		Skipped: []rewrite.Problem{
			{Path: "b.txt", Err: rewrite.ErrChanged},
			{Path: "c.txt", Err: fmt.Errorf("%w (deleted)", rewrite.ErrChanged)},
		},
	}
	var out bytes.Buffer
	writeResult(&out, res, 0)
	want := "wrote 1 file, 2 changes\nskipped 2 files, changed since the scan:\n  b.txt\n  c.txt (deleted)\n"
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}
