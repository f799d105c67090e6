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

// TestMayCreateIsSafe holds the shortcut to the second match it spares:
// for every fix of every case of the matcher's table, and of the vetting
// cases in files of every environment, a fix that mayCreate lets pass
// creates nothing.
func TestMayCreateIsSafe(t *testing.T) {
	m := NewMatcher(mustRules(t, vetRules))
	var inputs []string
	for _, tc := range matchCases {
		inputs = append(inputs, tc.in)
	}
	inputs = append(inputs, "A=https://api.staging.example.com\nB=http://api.other.test/x\nC=https://metrics.old.example.com\nD=ws://app.staging.example.com/ws\n")
	checked := 0
	for _, in := range inputs {
		for _, path := range []string{"a.py", "config/.env.staging", "config/.env.prod"} {
			raw := m.match(path, []byte(in)).Findings
			envs := m.rules.EnvironmentsOf(path)
			for _, i := range fixIndexes(raw) {
				if m.mayCreate(envs, raw[i]) {
					continue
				}
				checked++
				if extra := m.created(path, []byte(in), raw, []int{i}); len(extra) > 0 {
					t.Errorf("%s %q: the fix of %s %q creates %s %q, and mayCreate let it pass", path, in, raw[i].Rule, raw[i].Match, extra[0].Rule, extra[0].Match)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no fix passed mayCreate: the test checks nothing")
	}
}
