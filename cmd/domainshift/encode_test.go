package main

import (
	"os"
	"strings"
	"unicode/utf16"

	"github.com/rogpeppe/go-internal/testscript"
)

// encodeCmd is the testscript command `encode [-be] [-bom] [-crlf] SRC
// DST`: DST is the UTF-8 text of SRC in UTF-16 (little-endian unless
// -be), after a byte order mark with -bom, its LF line endings CRLF with
// -crlf. Fixtures in UTF-16 are made from readable text this way.
func encodeCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! encode")
	}
	var be, bom, crlf bool
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		switch args[0] {
		case "-be":
			be = true
		case "-bom":
			bom = true
		case "-crlf":
			crlf = true
		default:
			ts.Fatalf("encode: unknown flag %s", args[0])
		}
		args = args[1:]
	}
	if len(args) != 2 {
		ts.Fatalf("usage: encode [-be] [-bom] [-crlf] SRC DST")
	}
	text := ts.ReadFile(args[0])
	if crlf {
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	units := utf16.Encode([]rune(text))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	out := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if be {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), out, 0o644))
}
