package rules

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestDecoderMessages pins the wording of the TOML decoder that decode.go
// parses to place and reword its errors. When an upgrade of
// github.com/BurntSushi/toml changes one, this fails naming the pattern, so
// rules/decode.go is fixed before errors silently lose their position or
// their wording.
func TestDecoderMessages(t *testing.T) {
	cases := []struct {
		name, src string
		re        *regexp.Regexp // matched against the whole error
		msg       *regexp.Regexp // matched against ParseError.Message
		contains  string         // a substring syntaxPosition looks for
	}{
		{name: "decode error", src: "version = \"1\"\n", re: decodeErrRE},
		{name: "type error", src: "version = \"1\"\n", re: typeErrRE},
		{name: "type mismatch", src: "version = 1\nscan = 3\n", re: mismatchRE},
		{name: "duplicate", src: "version = 1\nversion = 1\n", msg: duplicateRE},
		{name: "unexpected character", src: "version = 1 2\n", msg: gotCharRE},
		{name: "bad escape", src: "[[deprecated]]\nhost = \"a\\q\"\n", msg: escapeRE},
		{name: "bad unicode escape", src: "[[deprecated]]\nhost = \"a\\uZZZZ\"\n", msg: escapeRE},
		{name: "control character", src: "[[deprecated]]\nhost = \"a\x01\"\n", msg: controlRE},
		{name: "unexpected EOF", src: "[[deprecated]]\nhost = \"a", contains: "unexpected EOF"},
		{name: "end of file", src: "[scan]\ninclude = [\"a\"", contains: "got end of file"},
		{name: "newline in a header", src: "[scan\n", contains: `got '\n'`},
		{name: "newline in a string", src: "[[deprecated]]\nhost = \"a\nx = 1\n", contains: "cannot contain newlines"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var raw rawFile
			_, err := toml.Decode(tc.src, &raw)
			if err == nil {
				t.Fatalf("BurntSushi/toml accepts %q: rules/decode.go expects an error here", tc.src)
			}
			var pe toml.ParseError
			isParse := errors.As(err, &pe)
			switch {
			case tc.re != nil:
				if isParse {
					t.Fatalf("BurntSushi/toml now returns a ParseError for %q; rules/decode.go parses a plain error", tc.src)
				}
				if !tc.re.MatchString(err.Error()) {
					t.Fatalf("BurntSushi/toml changed a message rules/decode.go parses:\n  %s\nno longer matches %s", err, tc.re)
				}
			case !isParse:
				t.Fatalf("BurntSushi/toml no longer returns a ParseError for %q (got %T: %v)", tc.src, err, err)
			case pe.Position.Col == 0 || pe.Position.Start == 0:
				t.Fatalf("BurntSushi/toml no longer reports the byte offset of %q (position %+v)", pe.Message, pe.Position)
			case tc.msg != nil && !tc.msg.MatchString(pe.Message):
				t.Fatalf("BurntSushi/toml changed a message rules/decode.go parses:\n  %s\nno longer matches %s", pe.Message, tc.msg)
			case tc.contains != "" && !strings.Contains(pe.Message, tc.contains):
				t.Fatalf("BurntSushi/toml changed a message rules/decode.go parses:\n  %s\nno longer contains %q", pe.Message, tc.contains)
			}
		})
	}
}

// TestSyntaxPositionIssueCases are the three positions the issue names.
func TestSyntaxPositionIssueCases(t *testing.T) {
	for src, want := range map[string]string{
		"version = 1\n[[deprecated]\nhost = \"a.example.com\"\n": "x.toml:2:14:",
		"version = 1\n[scan\ninclude = [\"x\"]\n":                "x.toml:2:6:",
		"version = 1\nhost = = 3\n":                              "x.toml:2:8:",
	} {
		_, err := Parse("x.toml", []byte(src))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: error %v, want it at %s", src, err, want)
		}
	}
}
