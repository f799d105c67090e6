package report

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/domainshift/domainshift/scanner"
)

// TestWriteHostsText: one row per status the text table words.
func TestWriteHostsText(t *testing.T) {
	row := func(host string, mentions int, info scanner.HostInfo) scanner.HostInfo {
		info.HostCount = scanner.HostCount{Host: host, Mentions: mentions, Files: 1}
		return info
	}
	hosts := []scanner.HostInfo{
		row("api.staging.example.com", 12, scanner.HostInfo{Status: scanner.StatusDeprecated, Replacement: "api-staging.example.com"}),
		row("old.legacy.example.com", 1, scanner.HostInfo{Status: scanner.StatusDeprecated}),
		row("api-staging.example.com", 3, scanner.HostInfo{Status: scanner.StatusCanonical, Canonical: []string{"staging/backend", "staging/websocket"}}),
		row("postgres.staging.example.com", 2, scanner.HostInfo{Status: scanner.StatusKept}),
		row("cdn.example.com", 1, scanner.HostInfo{Status: scanner.StatusUnknown}),
		row("pr-{n}.old.example.com", 1, scanner.HostInfo{Status: scanner.StatusTemplate, PatternStatus: scanner.StatusDeprecated, Replacement: "pr-{n}-new.example.com"}),
		row("pr-{n}.staging.example.com", 1, scanner.HostInfo{Status: scanner.StatusTemplate, PatternStatus: scanner.StatusKept}),
	}
	var buf bytes.Buffer
	if err := WriteHostsText(&buf, hosts); err != nil {
		t.Fatal(err)
	}
	want := `HOST                          MENTIONS  FILES  STATUS
api.staging.example.com       12        1      deprecated -> api-staging.example.com
old.legacy.example.com        1         1      deprecated (report only)
api-staging.example.com       3         1      canonical for staging/backend, staging/websocket
postgres.staging.example.com  2         1      kept
cdn.example.com               1         1      unknown
pr-{n}.old.example.com        1         1      template  deprecated -> pr-{n}-new.example.com
pr-{n}.staging.example.com    1         1      template  kept
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("hosts table (-want +got):\n%s", diff)
	}
}
