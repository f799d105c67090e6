package scanner

import (
	"strings"
	"testing"
)

// vetRules add to testRules replacements that create findings: a name the
// certificates do not cover, and a host moved into the secure zone.
const vetRules = testRules + `
[[deprecated]]
host = "metrics.old.example.com"
replace = "metrics.new.example.com"

[[deprecated]]
host = "api.other.test"
replace = "api.example.com"
`

// TestVetFixes checks that a fix that would create a finding is offered
// as report-only, saying why, and that the other fixes stay.
func TestVetFixes(t *testing.T) {
	m := NewMatcher(mustRules(t, vetRules))
	for _, tc := range []struct {
		name, path, in string
		fixed          []bool // per finding, in order: still fixable
		why            string // in the message of the report-only ones
	}{
		{"staging host into a production file", "config/.env.prod", "API=https://api.staging.example.com\n", []bool{false}, "replacing it would put the staging host api-staging.example.com into a production file: decide by hand, or add the file to an environment"},
		{"same fix in a staging file", "config/.env.staging", "API=https://api.staging.example.com\n", []bool{true}, ""},
		{"same fix in a file of no environment", "README.md", "API=https://api.staging.example.com\n", []bool{true}, ""},
		{"a name the certificates do not cover", "a.yml", "url: https://metrics.old.example.com\n", []bool{false}, "replacing it would give metrics.new.example.com, which the certificate names (example.com, *.example.com) do not cover"},
		{"into a secure zone behind http", "a.yml", "url: http://api.other.test/x\n", []bool{false}, "replacing it would leave http:// to api.example.com, which needs a secure scheme"},
		{"one bad fix, one good", "deploy/.env.prod", "A=https://api.staging.example.com\nB=http://api.example.com/v1\n", []bool{false, true}, "into a production file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := m.Match(tc.path, []byte(tc.in)).Findings
			if len(fs) != len(tc.fixed) {
				t.Fatalf("%d findings, want %d: %+v", len(fs), len(tc.fixed), fs)
			}
			for i, f := range fs {
				if f.Fixable() != tc.fixed[i] {
					t.Errorf("finding %d (%s %s): fixable %v, want %v; message %q", i, f.Rule, f.Match, f.Fixable(), tc.fixed[i], f.Message)
				}
				if !f.Fixable() && !strings.Contains(f.Message, tc.why) {
					t.Errorf("finding %d message %q lacks %q", i, f.Message, tc.why)
				}
				if f.Fixable() && strings.Contains(f.Message, "not fixed automatically") {
					t.Errorf("finding %d is fixable but says it is not: %q", i, f.Message)
				}
			}
		})
	}
}
