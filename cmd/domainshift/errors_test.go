package main

import (
	"bytes"
	"errors"
	"testing"
)

// TestPrintErrorBlankLines: a blank line of a message is a paragraph
// break, printed bare rather than as "domainshift: ".
func TestPrintErrorBlankLines(t *testing.T) {
	var stderr bytes.Buffer
	code := printError(&stderr, withHint(errors.New("first\n\nsecond\n"), "do this"))
	want := "domainshift: first\n\ndomainshift: second\nhint: do this\n"
	if code != exitError || stderr.String() != want {
		t.Errorf("exit %d, stderr %q; want exit 2, %q", code, stderr.String(), want)
	}
}
