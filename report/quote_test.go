package report

import "testing"

func TestQuotePath(t *testing.T) {
	for in, want := range map[string]string{
		"plain/file.txt":  "plain/file.txt",
		"caf\u00e9.txt":   "caf\u00e9.txt",
		"new\nline.txt":   `"new\nline.txt"`,
		"tab\there":       `"tab\there"`,
		"cr\r.txt":        `"cr\r.txt"`,
		"esc\x1b[31m.txt": `"esc\033[31m.txt"`,
		"quo\"te":         `"quo\"te"`,
		`back\slash`:      `"back\\slash"`,
		"bad\xffutf8":     `"bad\377utf8"`,
		"del\x7f":         `"del\177"`,
	} {
		if got := QuotePath(in); got != want {
			t.Errorf("QuotePath(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestXMLPath(t *testing.T) {
	if got := xmlPath("new\nline.txt"); got != "new\nline.txt" {
		t.Errorf("a newline, which XML escapes as &#xA;, is quoted: %s", got)
	}
	if got := xmlPath("bell\a.txt"); got != `"bell\a.txt"` {
		t.Errorf("xmlPath of a control character XML cannot carry = %s", got)
	}
}
