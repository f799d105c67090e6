package scanner

import "testing"

// TestOwnReportFirstKey: OwnReport looks no further at a JSON file whose
// first key is neither "version" nor "$schema"; that holds only while
// every JSON signature starts with one of the two.
func TestOwnReportFirstKey(t *testing.T) {
	for _, s := range jsonSignatures {
		if len(s.tokens) < 3 || s.tokens[0] != begin || s.tokens[1] != "version" && s.tokens[1] != "$schema" || s.tokens[1] == "version" && s.tokens[2] != 1.0 {
			t.Errorf("%s: signature starts %v, which OwnReport's first-key check would miss", s.kind, s.tokens[:2])
		}
	}
	for in, want := range map[string]string{
		`{"version": 1, "findings": [{"rule": "x", "path": "a", "fingerprint": "0123456789abcdef0123:1"}]}`:               "baseline",
		`{ "version" : 1 , "findings": [{"rule": "x", "path": "a", "fingerprint": "0123456789abcdef0123:1"}]}`:            "baseline",
		`{"version": "1", "findings": [{"rule": "x", "path": "a", "fingerprint": "0123456789abcdef0123:1"}]}`:             "",
		`{"version": 12, "findings": [{"rule": "x", "path": "a", "fingerprint": "0123456789abcdef0123:1"}]}`:              "",
		` {"name": "x", "version": 1, "findings": [{"rule": "x", "path": "a", "fingerprint": "0123456789abcdef0123:1"}]}`: "",
	} {
		if got := OwnReport([]byte(in)); got != want {
			t.Errorf("OwnReport(%.30q) = %q, want %q", in, got, want)
		}
	}
}
