package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/domainshift/domainshift/verify/verifytest"
)

// TestVerifyJSON runs verify through run() against the loopback servers
// and decodes the JSON report: it must be valid JSON with the documented
// fields, and the exit code must follow the results.
func TestVerifyJSON(t *testing.T) {
	srv, err := verifytest.Start(verifytest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	if err := srv.CA.WriteFile(ca); err != nil {
		t.Fatal(err)
	}
	port := verifytest.Port(srv.TLSAddr)
	rulesFile := filepath.Join(dir, "rules.toml")
	src := fmt.Sprintf(`version = 1
[environments.staging.endpoints]
backend = "https://api-staging.example.com:%[1]s/health"
websocket = "wss://api-staging.example.com:%[1]s/ws"
[certificates]
names = ["*.example.com"]
[verify.endpoints."staging.websocket"]
subprotocols = ["chat.v2"]
`, port)
	if err := os.WriteFile(rulesFile, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"verify", "--rules", rulesFile, "--format", "json", "--resolve", "api-staging.example.com:" + port + ":127.0.0.1"}

	var stdout, stderr bytes.Buffer
	if code := run(append(args, "--ca-file", ca), strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr:\n%s\nstdout:\n%s", code, &stderr, &stdout)
	}
	var rep struct {
		Version   int
		OK        bool
		Endpoints []struct {
			Endpoint string
			OK       bool
			Steps    []struct {
				Step        string
				Status      string
				DurationMS  float64 `json:"duration_ms"`
				HTTPStatus  int     `json:"http_status"`
				Subprotocol string
				Certificate *struct {
					Names      []string
					CoversHost bool `json:"covers_host"`
					Verified   bool
				}
			}
		}
		Summary struct{ Endpoints, Passed, Failed int }
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, &stdout)
	}
	if rep.Version != 1 || !rep.OK || len(rep.Endpoints) != 2 || rep.Summary.Passed != 2 {
		t.Fatalf("report %+v", rep)
	}
	steps := map[string]string{}
	for _, e := range rep.Endpoints {
		for _, s := range e.Steps {
			steps[e.Endpoint+"/"+s.Step] = s.Status
			switch {
			case s.Step == "tls" && (s.Certificate == nil || !s.Certificate.CoversHost || !s.Certificate.Verified):
				t.Errorf("%s: certificate %+v", e.Endpoint, s.Certificate)
			case s.Step == "http" && s.HTTPStatus != 200:
				t.Errorf("%s: http status %d", e.Endpoint, s.HTTPStatus)
			case s.Step == "websocket" && (s.HTTPStatus != 101 || s.Subprotocol != "chat.v2"):
				t.Errorf("%s: websocket status %d subprotocol %q", e.Endpoint, s.HTTPStatus, s.Subprotocol)
			case s.Step != "coverage" && s.Step != "dns" && s.DurationMS <= 0:
				t.Errorf("%s: step %s has no duration", e.Endpoint, s.Step)
			}
		}
	}
	if got := len(steps); got != 10 {
		t.Errorf("%d steps: %v", got, steps)
	}

	// Without the test CA the chain does not verify: exit 1.
	stdout.Reset()
	if code := run(args, strings.NewReader(""), &stdout, &stderr); code != 1 {
		t.Fatalf("without --ca-file: exit %d, want 1\n%s", code, &stdout)
	}
	if !strings.Contains(stdout.String(), `"verify_error": "signed by an unknown authority"`) {
		t.Errorf("no verify_error in\n%s", &stdout)
	}
}
