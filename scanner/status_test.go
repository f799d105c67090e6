package scanner

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/domainshift/domainshift/rules"
)

// TestClassify: one case per status, in the order Classify decides them.
func TestClassify(t *testing.T) {
	r, err := rules.Parse("rules.toml", []byte(`version = 1
[environments.staging.endpoints]
backend   = "https://api-staging.example.com"
websocket = "wss://api-staging.example.com/ws"
[environments.production.endpoints]
backend = "https://api.example.com"
[[deprecated]]
host = "api.staging.example.com"
replace = "api-staging.example.com"
[[deprecated]]
host = "*.legacy.example.com"
[[deprecated]]
host = "*.old.example.com"
replace = "*-new.example.com"
[[keep]]
hosts = ["postgres.staging.example.com", "pr-*.staging.example.com"]
[certificates]
names = ["example.com", "*.example.com"]
`))
	if err != nil {
		t.Fatal(err)
	}
	var counts []HostCount // every case, for Inventory
	var infos []HostInfo
	for _, tc := range []struct {
		host    string
		allowed int
		want    HostInfo
	}{
		{"postgres.staging.example.com", 0, HostInfo{Status: StatusKept}},
		{"api.staging.example.com", 2, HostInfo{Status: StatusAllowed}},
		{"api.staging.example.com", 1, HostInfo{Status: StatusDeprecated, Replacement: "api-staging.example.com"}},
		{"old.legacy.example.com", 0, HostInfo{Status: StatusDeprecated}},
		{"api-staging.example.com", 0, HostInfo{Status: StatusCanonical, Canonical: []string{"staging/backend", "staging/websocket"}}},
		{"metrics.internal.example.com", 0, HostInfo{Status: StatusUncovered}},
		{"cdn.example.com", 0, HostInfo{Status: StatusUnknown}},
		{"pr-{n}-api.staging.example.com", 0, HostInfo{Status: StatusTemplate, PatternStatus: StatusKept}},
		{"pr-{n}-api.legacy.example.com", 2, HostInfo{Status: StatusTemplate, PatternStatus: StatusAllowed}},
		{"pr-{n}-api.legacy.example.com", 1, HostInfo{Status: StatusTemplate, PatternStatus: StatusDeprecated}},
		{"pr-{n}-api.old.example.com", 0, HostInfo{Status: StatusTemplate, PatternStatus: StatusDeprecated, Replacement: "pr-{n}-api-new.example.com"}},
		{"pr-{n}-api.example.com", 0, HostInfo{Status: StatusTemplate, PatternStatus: StatusUnknown}},
	} {
		h := HostCount{Host: tc.host, Mentions: 2, Files: 1, Allowed: tc.allowed}
		if strings.Contains(tc.host, "{n}") {
			h.Template = Template{Pattern: strings.ReplaceAll(tc.host, "{n}", "*"), Holes: []string{"{n}"}}
		}
		tc.want.HostCount = h
		counts, infos = append(counts, h), append(infos, tc.want)
		if diff := cmp.Diff(tc.want, Classify(r, h)); diff != "" {
			t.Errorf("%s (%d allowed) (-want +got):\n%s", tc.host, tc.allowed, diff)
		}
	}
	// Inventory classifies each host, in the order given.
	if diff := cmp.Diff(infos, Inventory(r, counts)); diff != "" {
		t.Errorf("Inventory (-want +got):\n%s", diff)
	}
	info := Classify(r, HostCount{Host: "api-staging.example.com", Mentions: 1})
	if diff := cmp.Diff([]string{"staging"}, info.Environments()); diff != "" {
		t.Errorf("Environments (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"backend", "websocket"}, info.Roles()); diff != "" {
		t.Errorf("Roles (-want +got):\n%s", diff)
	}
}
