package rules

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// This file words what the TOML decoder reports, and what it lets pass
// silently, in the terms of the rules file: key paths, TOML type names and
// the header to write instead.

var decodeErrRE = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "([^"]*)"\): (.*)$`)

var (
	typeErrRE   = regexp.MustCompile(`TOML value has type (.+?); destination has type (.+)$`)
	mismatchRE  = regexp.MustCompile(`type mismatch for .+?: expected (.+?) but found (.+)$`)
	duplicateRE = regexp.MustCompile(`^Key '(.+)' has already been defined\.?$`)
)

// friendlyTOML rewords the decoder's messages in the words of the file:
// the types as TOML calls them, and for a table written as an array of
// tables (or the other way round) the header to write instead.
func friendlyTOML(msg, key string) string {
	want, found := "", ""
	if m := typeErrRE.FindStringSubmatch(msg); m != nil {
		want, found = tomlType(m[2]), tomlType(m[1])
	} else if m := mismatchRE.FindStringSubmatch(msg); m != nil {
		want, found = tomlType(m[1]), tomlType(m[2])
	} else {
		return plainMessage(msg)
	}
	name := key[strings.LastIndexByte(key, '.')+1:]
	switch {
	case want == "an array" && found == "a table" && slices.Contains([]string{"deprecated", "keep", "allow", "exports"}, key):
		return fmt.Sprintf("want an array of tables, found a table (write [[%s]] for each entry)", key)
	case want == "a table" && found == "an array of tables":
		return fmt.Sprintf("want a table, found an array of tables (write [%s], once)", key)
	case want == "a table" && !strings.Contains(key, "."):
		return fmt.Sprintf("want a table, found %s (write a [%s] section)", found, name)
	}
	return fmt.Sprintf("want %s, found %s", want, found)
}

// tomlType names a decoder's Go or TOML type the way the TOML spec does.
func tomlType(t string) string {
	switch {
	case strings.HasPrefix(t, "int"):
		return "an integer"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "bool"):
		return "true or false"
	case strings.HasPrefix(t, "[]map"):
		return "an array of tables"
	case strings.HasPrefix(t, "[]") || strings.HasPrefix(t, "slice") || t == "array":
		return "an array"
	case strings.HasPrefix(t, "map") || strings.HasPrefix(t, "rules.") || strings.Contains(strings.ToLower(t), "table") || t == "struct":
		return "a table"
	}
	return t
}

// plainMessage makes a decoder message read like the others: lower case,
// no trailing period ("Key 'x' has..." but "TOML files cannot...").
func plainMessage(msg string) string {
	msg = strings.TrimSuffix(msg, ".")
	if len(msg) > 1 && msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z') {
		msg = string(msg[0]+'a'-'A') + msg[1:]
	}
	return msg
}

// duplicate rewords the decoder's error for a table or key defined twice,
// naming where it was first defined.
func (c *checker) duplicate(e *Error, dotted string) {
	key, first := c.loc.findStrippedBefore(normalizeKey(dotted), e.Line)
	e.Key = key
	what := "key " + dotted[strings.LastIndexByte(dotted, '.')+1:]
	if first.line > 0 && strings.HasPrefix(strings.TrimSpace(c.loc.src[first.line-1]), "[") {
		what = "table [" + dotted + "]"
	}
	e.Msg = what + " is defined twice"
	if first.line > 0 && first.line != e.Line {
		e.Msg += fmt.Sprintf(" (first on line %d)", first.line)
	}
	if strings.HasPrefix(what, "table") {
		e.Msg += "; merge the two"
		if e.Line > 0 {
			e.Col = 1 + strings.Index(c.loc.src[e.Line-1], "[")
		}
	} else if e.Line > 0 {
		e.Col = 1 + len(c.loc.src[e.Line-1]) - len(strings.TrimLeft(c.loc.src[e.Line-1], " \t"))
	}
}

// unknownKey reports an undecoded key, or rather its first part that no
// table knows: [environment.staging] is reported as "environment", once.
func (c *checker) unknownKey(k toml.Key) {
	for i := 1; i <= len(k); i++ {
		parent := wildcardKey(k[:i-1])
		known, ok := knownKeys[strings.Join(parent, ".")]
		if !ok || known == nil || slices.Contains(known, k[i-1]) {
			continue // a table of free names (environments, endpoints) or a known key
		}
		path := normalizeKey(k[:i].String()) // the locator keeps keys unquoted ("staging.websocket")
		if i < len(k) && c.reported[path] {
			return
		}
		if c.reported == nil {
			c.reported = map[string]bool{}
		}
		n := c.seen(path)
		c.reported[path] = true
		key, p := c.loc.findStrippedNth(path, n)
		if p.line == 0 {
			key, p = c.loc.findPrefix(path)
		}
		msg := fmt.Sprintf("unknown key %q", k[i-1])
		if s := suggest(k[i-1], known); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		c.errs = append(c.errs, &Error{File: c.file, Line: p.line, Col: p.col, Key: key, Msg: msg})
		return
	}
}

// seen counts how often the undecoded key path was reported before: the
// decoder reports a key once per element of an array of tables.
func (c *checker) seen(path string) int {
	if c.counts == nil {
		c.counts = map[string]int{}
	}
	c.counts[path]++
	return c.counts[path] - 1
}

// checkTables reports the tables of free names written as something else
// (environments = 1, endpoints = [...]), which the decoder skips silently
// when it fills a map.
func (c *checker) checkTables(md toml.MetaData) {
	for _, k := range md.Keys() {
		if !(len(k) == 1 && k[0] == "environments" || len(k) == 2 && k[0] == "environments" || len(k) == 3 && k[0] == "environments" && k[2] == "endpoints") {
			continue
		}
		if t := md.Type(k...); t != "Hash" {
			path := normalizeKey(k.String())
			key, p := c.loc.findStripped(path)
			c.errs = append(c.errs, &Error{File: c.file, Line: p.line, Col: p.col, Key: key, Msg: fmt.Sprintf("want a table, found %s", metaType(t))})
		}
	}
}

// metaType names a toml.MetaData type the way the TOML spec does.
func metaType(t string) string {
	switch t {
	case "Integer":
		return "an integer"
	case "Float":
		return "a number"
	case "String":
		return "a string"
	case "Bool":
		return "true or false"
	case "Array":
		return "an array"
	case "ArrayHash":
		return "an array of tables"
	case "Datetime":
		return "a date"
	}
	return strings.ToLower(t)
}

// wildcardKey replaces the free names in a key path (environment names,
// verify endpoint names) with "*", as knownKeys spells them.
func wildcardKey(k toml.Key) []string {
	out := append([]string(nil), k...)
	switch {
	case len(out) >= 2 && out[0] == "environments":
		out[1] = "*"
	case len(out) >= 3 && out[0] == "verify" && out[1] == "endpoints":
		out[2] = "*"
	}
	return out
}

// syntaxPosition places a TOML syntax error at the byte the decoder stopped
// at, start, counted in the file itself: the decoder's own line and column
// are off by one line when it stops at a newline. A newline it did not
// expect ("got '\n'", "strings cannot contain newlines") belongs to the end
// of the line it ends, and so does an unexpected end of file, which points
// just past the last character of the last line that has any.
var (
	gotCharRE = regexp.MustCompile(`got '(.)'`)
	escapeRE  = regexp.MustCompile(`(?:escape in string|after) '(\\.)'`)
	controlRE = regexp.MustCompile(`control characters: '0x([0-9a-fA-F]{2})'`)
)

func syntaxPosition(data []byte, start int, msg string) position {
	start = min(max(start, 0), len(data))
	switch {
	case strings.HasPrefix(msg, "unexpected EOF") || strings.Contains(msg, "got end of file"):
		start = len(bytes.TrimRight(data, " \t\r\n"))
	case strings.Contains(msg, `got '\n'`) || strings.Contains(msg, "cannot contain newlines"):
		if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
			start += i
		}
	default:
		// "but got 'x' instead": the decoder may stop at the blank before x
		// and an escape or control character is reported at its string
		var want []byte
		if m := gotCharRE.FindStringSubmatch(msg); m != nil {
			want = []byte(m[1])
		} else if m := escapeRE.FindStringSubmatch(msg); m != nil {
			want = []byte(m[1])
		} else if m := controlRE.FindStringSubmatch(msg); m != nil {
			if b, err := strconv.ParseUint(m[1], 16, 8); err == nil {
				want = []byte{byte(b)}
			}
		}
		if i := bytes.Index(data[start:], want); want != nil && i >= 0 && !bytes.Contains(data[start:start+i], []byte("\n")) {
			start += i
		}
	}
	if start > 0 && start < len(data) && data[start] == '\n' && data[start-1] == '\r' {
		start-- // the end of a CRLF line is its CR
	}
	line := 1 + bytes.Count(data[:start], []byte("\n"))
	col := 1 + start - (bytes.LastIndexByte(data[:start], '\n') + 1)
	return position{line, col}
}
