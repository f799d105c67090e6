package scanner

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"strings"
)

// ownPrefix starts the skip reason of a report domainshift wrote.
const ownPrefix = "domainshift report"

// ownProbe is how much of a file OwnReport looks at: every signature is
// in the first few hundred bytes of what domainshift writes.
const ownProbe = 4 << 10

// ownSkip is the skip reason of a file OwnReport recognises, or "".
func ownSkip(data []byte) string {
	kind := OwnReport(data[:min(len(data), ownProbe)])
	if kind == "" {
		return ""
	}
	return ownPrefix + " (" + kind + "); what domainshift wrote is not scanned, or the hosts it reports would be found again"
}

// OwnReport names the kind of report that head, the start of a file, is
// when domainshift wrote it (a check or scan report in any format, a
// baseline, an apply summary, a hosts inventory, a diff, a fleet report),
// or returns "". It goes by the shape each writer gives its output: the
// tool name where the format has one (SARIF's tool.driver.name, JUnit's
// suite names, checkstyle's sources), else the exact sequence of keys
// with a fingerprint or a field only domainshift writes. A file that
// merely mentions domainshift is not one. The report package's tests hold
// every writer to it.
func OwnReport(head []byte) string {
	head = bytes.TrimLeft(head, " \t\r\n")
	if len(head) == 0 {
		return ""
	}
	switch head[0] {
	case '{':
		if !ownJSONStart(head) || !bytes.Contains(head, []byte(`"version"`)) {
			return ""
		}
		for _, s := range jsonSignatures {
			if matchTokens(head, s.tokens) {
				return s.kind
			}
		}
	case '[':
		if bytes.Contains(head, []byte(`"check_name"`)) && matchTokens(head, gitlabSignature) {
			return "GitLab Code Quality"
		}
	case '<':
		if bytes.Contains(head, []byte("domainshift")) {
			return xmlReport(head)
		}
	}
	return ""
}

// ownJSONStart reports whether the JSON object head starts as every JSON
// writer of ours starts: with "$schema" (SARIF) or with "version": 1. Most
// JSON files are then never tokenised (1,437 files of the benchmark tree
// start with a "version" string).
func ownJSONStart(head []byte) bool {
	rest := bytes.TrimLeft(head[1:], " \t\r\n")
	if bytes.HasPrefix(rest, []byte(`"$schema"`)) {
		return true
	}
	rest, ok := bytes.CutPrefix(rest, []byte(`"version"`))
	if !ok {
		return false
	}
	rest = bytes.TrimLeft(rest, " \t\r\n")
	rest, ok = bytes.CutPrefix(rest, []byte(":"))
	rest = bytes.TrimLeft(rest, " \t\r\n")
	return ok && len(rest) > 1 && rest[0] == '1' && (rest[1] < '0' || rest[1] > '9')
}

// Token classes in a signature, for values that vary.
type tokenClass int

const (
	anyString tokenClass = iota + 1
	anyNumber
	anyBool
	fingerprint // a finding's fingerprint: 20 hex digits, ':', a count
)

var (
	begin, end   = json.Delim('{'), json.Delim('}')
	beginArray   = json.Delim('[')
	reportFields = []any{"rule", anyString, "path", anyString, "line", anyNumber, "column", anyNumber,
		"offset", anyNumber, "length", anyNumber, "match", anyString, "replacement", anyString,
		"severity", anyString, "message", anyString, "environment", anyString, "fingerprint", fingerprint}
)

// jsonSignatures are the token sequences the JSON writers start with.
var jsonSignatures = []struct {
	kind   string
	tokens []any
}{
	{"SARIF", []any{begin, "$schema", anyString, "version", "2.1.0", "runs", beginArray, begin, "tool", begin, "driver", begin, "name", "domainshift"}},
	{"JSON", append([]any{begin, "version", 1.0, "findings", beginArray, begin}, reportFields...)},
	{"baseline", []any{begin, "version", 1.0, "findings", beginArray, begin, "rule", anyString, "path", anyString, "fingerprint", fingerprint, end}},
	{"apply summary", []any{begin, "version", 1.0, "ok", anyBool, "files_changed", anyNumber, "edits", anyNumber, "written", beginArray}},
	{"hosts inventory", []any{begin, "version", 1.0, "hosts", beginArray, begin, "host", anyString, "status", anyString, "replacement", anyString, "environments"}},
	{"diff", []any{begin, "version", 1.0, "files", beginArray, begin, "path", anyString, "added", anyNumber, "removed", anyNumber, "edits", beginArray}},
	{"fleet report", []any{begin, "version", 1.0, "repositories", beginArray, begin, "name", anyString, "checked", anyBool, "findings", anyNumber, "errors", anyNumber}},
}

var gitlabSignature = []any{beginArray, begin, "description", anyString, "check_name", anyString, "fingerprint", fingerprint}

// matchTokens reports whether the JSON tokens of head start with want.
func matchTokens(head []byte, want []any) bool {
	dec := json.NewDecoder(bytes.NewReader(head))
	for _, w := range want {
		t, err := dec.Token()
		if err != nil {
			return false
		}
		c, ok := w.(tokenClass)
		if !ok {
			if t != w {
				return false
			}
			continue
		}
		var match bool
		switch c {
		case anyString:
			_, match = t.(string)
		case anyNumber:
			_, match = t.(float64)
		case anyBool:
			_, match = t.(bool)
		case fingerprint:
			s, _ := t.(string)
			match = isFingerprint(s)
		}
		if !match {
			return false
		}
	}
	return true
}

// isFingerprint reports whether s has the shape of a finding's
// fingerprint (baseline.Fingerprints).
func isFingerprint(s string) bool {
	hash, n, ok := strings.Cut(s, ":")
	if !ok || len(hash) != 20 || n == "" || n[0] == '0' {
		return false
	}
	return strings.Trim(hash, "0123456789abcdef") == "" && strings.Trim(n, "0123456789") == ""
}

// xmlReport names the XML report head starts, if domainshift wrote it:
// JUnit whose suites are named as domainshift names them, or checkstyle
// whose first error has a domainshift source.
func xmlReport(head []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(head))
	var path []string
	for {
		t, err := dec.Token()
		if err != nil {
			return ""
		}
		el, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		path = append(path, el.Name.Local)
		switch strings.Join(path, "/") {
		case "testsuites":
			if attr(el, "name") != "domainshift" {
				return ""
			}
		case "testsuites/testsuite":
			if attr(el, "name") == "domainshift check" {
				return "JUnit"
			}
			return ""
		case "checkstyle", "checkstyle/file":
		case "checkstyle/file/error":
			if strings.HasPrefix(attr(el, "source"), "domainshift.") {
				return "checkstyle"
			}
			return ""
		default:
			return ""
		}
	}
}

func attr(el xml.StartElement, name string) string {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
