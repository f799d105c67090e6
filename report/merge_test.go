package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const (
	apiCheck = `{"version":1,"findings":[
 {"rule":"deprecated-host","path":"a.py","severity":"error","replacement":"api-staging.example.com","match":"api.staging.example.com"},
 {"rule":"deprecated-host","path":"a.py","severity":"error","replacement":"api-staging.example.com","match":"api.staging.example.com"},
 {"rule":"insecure-scheme","path":"b.ts","severity":"warning","replacement":"","match":"ws://"}],
 "stats":{"files":10,"bytes":100,"findings":3,"fixable":2}}`
	apiHosts = `{"version":1,"hosts":[
 {"host":"api.staging.example.com","status":"deprecated","replacement":"api-staging.example.com","environments":[],"roles":[],"mentions":2,"files":1},
 {"host":"api-staging.example.com","status":"canonical","replacement":"","environments":["staging"],"roles":["backend"],"mentions":4,"files":2},
 {"host":"x.example.com","status":"unknown","replacement":"","environments":[],"roles":[],"mentions":1,"files":1}]}`
	webCheck  = `{"version":1,"findings":[],"stats":{"files":3,"bytes":30,"findings":0,"fixable":0}}`
	webHosts  = `{"version":1,"hosts":[{"host":"api-staging.example.com","status":"canonical","replacement":"","environments":["staging"],"roles":["backend"],"mentions":1,"files":1}]}`
	docsHosts = `{"version":1,"hosts":[{"host":"api.staging.example.com","status":"kept","replacement":"","environments":[],"roles":[],"mentions":5,"files":1}]}`
)

func mergeFixture(t *testing.T) *Fleet {
	t.Helper()
	f, err := Merge([]MergeInput{
		{"web", "web/check.json", []byte(webCheck)},
		{"api", "api/check.json", []byte(apiCheck)},
		{"api", "api/hosts.json", []byte(apiHosts)},
		{"web", "web/hosts.json", []byte(webHosts)},
		{"docs", "docs/hosts.json", []byte(docsHosts)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMerge(t *testing.T) {
	f := mergeFixture(t)
	var names []string
	for _, r := range f.Repositories {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, " "); got != "api docs web" {
		t.Errorf("repositories %s, want the most to do first: api docs web", got)
	}
	api := f.Repositories[0]
	if api.Findings != 3 || api.Errors != 2 || api.Warnings != 1 || api.Fixable != 2 || api.Files != 2 ||
		api.DeprecatedMentions != 2 || api.UnknownHosts != 1 || api.Rules["deprecated-host"] != 2 || !api.Checked {
		t.Errorf("api %+v", api)
	}
	if docs := f.Repositories[1]; docs.Checked {
		t.Errorf("docs gave no check report: %+v", docs)
	}
	if want := (FleetTotals{Repositories: 3, Clean: 1, Findings: 3, Errors: 2, Warnings: 1, Fixable: 2, DeprecatedMentions: 2}); f.Totals != want {
		t.Errorf("totals %+v, want %+v", f.Totals, want)
	}
	hosts := map[string]FleetHost{}
	for _, h := range f.Hosts {
		hosts[h.Host] = h
	}
	if h := hosts["api.staging.example.com"]; h.Status != "mixed" || h.Mentions != 7 || strings.Join(h.Repositories, ",") != "api,docs" {
		t.Errorf("a host deprecated in one repository and kept in another: %+v", h)
	}
	if h := hosts["api-staging.example.com"]; h.Status != "canonical" || h.Mentions != 5 || h.Files != 3 {
		t.Errorf("canonical host %+v", h)
	}
	if len(f.Rules) != 2 || f.Rules[0] != (FleetRule{"deprecated-host", 2, 1}) {
		t.Errorf("rules %+v", f.Rules)
	}
}

func TestMergeMarkdown(t *testing.T) {
	var b bytes.Buffer
	if err := WriteFleetMarkdown(&b, mergeFixture(t)); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"# domainshift across 3 repositories\n",
		"1 clean, 3 findings (2 errors, 1 warning, 2 fixable by `domainshift apply`), 2 deprecated mentions.\n",
		"| api | 3 | 2 | 1 | 2 | 2 | 2 | 1 |\n",
		"| docs | not checked | 0 | 0 | 0 | 0 | 0 | 0 |\n",
		"| web | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n",
		"| `deprecated-host` | 2 | 1 |\n",
		"| `api.staging.example.com` | mixed | `api-staging.example.com` | 7 | 2 | api, docs |\n",
		"| `x.example.com` | unknown |  | 1 | 1 | api |\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("markdown lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "\n| `api-staging.example.com` |") {
		t.Errorf("a canonical host is listed as work to do:\n%s", got)
	}
}

func TestMergeJSONSchema(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "schema", "merge.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("merge.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("merge.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	empty, err := Merge(nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]*Fleet{"fleet": mergeFixture(t), "empty": empty} {
		var b bytes.Buffer
		if err := WriteFleetJSON(&b, f); err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(&b)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestMergeRefuses(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{`not json`, "x.json: not a domainshift JSON report"},
		{`{"version":1}`, "x.json: neither a check report nor a hosts inventory"},
		{`{"runs":[]}`, "x.json: neither a check report nor a hosts inventory"},
		{`{"version":2,"findings":[]}`, "x.json: report version 2, this domainshift reads version 1"},
	} {
		_, err := Merge([]MergeInput{{"r", "x.json", []byte(tc.data)}})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %s", tc.data, err, tc.want)
		}
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(apiHosts), &v); err != nil {
		t.Fatal(err) // the fixtures themselves must be JSON
	}
}
