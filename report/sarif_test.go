package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/domainshift/domainshift/baseline"
	"github.com/domainshift/domainshift/scanner"
)

// sarifSchemaFile is the official OASIS SARIF 2.1.0 schema (errata01),
// vendored so that tests never read outside the repository.
var sarifSchemaFile = filepath.Join("..", "testdata", "schemas", "sarif-schema-2.1.0.json")

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(sarifSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSARIF(sch *jsonschema.Schema, data []byte) error {
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

func TestSARIFValidatesAgainstSchema(t *testing.T) {
	sch := compileSARIFSchema(t)
	for name, rep := range map[string]*Report{
		"findings": testReport(t),
		"empty":    {Rules: mustRules(t), Version: "1.2.3"},
		"hostile":  hostileReport(),
		"whole file": {Findings: []scanner.Finding{{
			Rule: "ssot-drift", Path: "gen/endpoints.ts", Severity: "error", Message: "out of date",
		}}},
	} {
		t.Run(name, func(t *testing.T) {
			out := render(t, "sarif", rep, Options{})
			if err := validateSARIF(sch, out); err != nil {
				t.Errorf("SARIF does not validate: %v\n%s", err, out)
			}
		})
	}
}

// TestSARIFSchemaRejects proves the validation has teeth: each mutation is
// one of the mistakes GitHub code scanning rejects.
func TestSARIFSchemaRejects(t *testing.T) {
	sch := compileSARIFSchema(t)
	out := render(t, "sarif", testReport(t), Options{})
	for name, mutate := range map[string]func(log map[string]any){
		"startLine 0": func(log map[string]any) {
			region(log)["startLine"] = 0
		},
		"rule without shortDescription.text": func(log map[string]any) {
			run(log)["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any)[0].(map[string]any)["shortDescription"] = map[string]any{}
		},
		"fix description as a string": func(log map[string]any) {
			fix(log)["description"] = "replace it"
		},
		"fix without artifactChanges": func(log map[string]any) {
			delete(fix(log), "artifactChanges")
		},
		"unknown columnKind": func(log map[string]any) {
			run(log)["columnKind"] = "bytes"
		},
		"wrong version": func(log map[string]any) {
			log["version"] = "2.0.0"
		},
	} {
		t.Run(name, func(t *testing.T) {
			var log map[string]any
			if err := json.Unmarshal(out, &log); err != nil {
				t.Fatal(err)
			}
			mutate(log)
			broken, err := json.Marshal(log)
			if err != nil {
				t.Fatal(err)
			}
			if err := validateSARIF(sch, broken); err == nil {
				t.Errorf("broken log validates")
			}
		})
	}
}

func run(log map[string]any) map[string]any { return log["runs"].([]any)[0].(map[string]any) }

func result(log map[string]any) map[string]any {
	return run(log)["results"].([]any)[0].(map[string]any)
}

func region(log map[string]any) map[string]any {
	return result(log)["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["region"].(map[string]any)
}

func fix(log map[string]any) map[string]any { return result(log)["fixes"].([]any)[0].(map[string]any) }

func decodeSARIF(t *testing.T, data []byte) sarifLog {
	t.Helper()
	var log sarifLog
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&log); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return log
}

func TestSARIFContent(t *testing.T) {
	rep := testReport(t)
	log := decodeSARIF(t, render(t, "sarif", rep, Options{}))
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	r := log.Runs[0]
	if r.ColumnKind != "unicodeCodePoints" || r.Tool.Driver.Version != "1.2.3" || r.OriginalURIBaseIDs["%SRCROOT%"].Description == nil {
		t.Errorf("run metadata: %+v", r)
	}
	seen := map[string]bool{}
	for _, rule := range r.Tool.Driver.Rules {
		if seen[rule.ID] {
			t.Errorf("rule %s described twice", rule.ID)
		}
		seen[rule.ID] = true
		if rule.ShortDescription.Text == "" || rule.Help.Text == "" || rule.DefaultConfiguration.Level == "" {
			t.Errorf("rule %s is not fully described: %+v", rule.ID, rule)
		}
	}
	type loc struct {
		Rule, Level, URI                 string
		Line, Col, EndLine, EndCol, Byte int
		Fix                              string
	}
	var got []loc
	for _, res := range r.Results {
		if r.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d is %s, want %s", res.RuleIndex, r.Tool.Driver.Rules[res.RuleIndex].ID, res.RuleID)
		}
		pl := res.Locations[0].PhysicalLocation
		if pl.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("uriBaseId %q", pl.ArtifactLocation.URIBaseID)
		}
		reg := pl.Region
		l := loc{res.RuleID, res.Level, pl.ArtifactLocation.URI, reg.StartLine, reg.StartColumn, reg.EndLine, reg.EndColumn, *reg.ByteOffset, ""}
		if len(res.Fixes) == 1 {
			rp := res.Fixes[0].ArtifactChanges[0].Replacements[0]
			l.Fix = rp.InsertedContent.Text
			if *rp.DeletedRegion.ByteOffset != *reg.ByteOffset || *rp.DeletedRegion.ByteLength != *reg.ByteLength {
				t.Errorf("fix region %+v differs from the finding's %+v", rp.DeletedRegion, reg)
			}
		}
		got = append(got, l)
	}
	want := []loc{
		{"deprecated-host", "error", "app/config.py", 1, 16, 1, 39, 15, "api-staging.example.com"},
		// "# é ü " is 8 bytes but 6 code points before the host.
		{"deprecated-host", "error", "app/config.py", 2, 7, 2, 30, 51, "api-staging.example.com"},
		{"insecure-scheme", "error", "docs/notes%20file.md", 1, 1, 1, 3, 0, "wss"},
		{"deprecated-host", "warning", "docs/notes%20file.md", 1, 6, 1, 28, 5, ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("results (-want +got):\n%s", diff)
	}
}

func TestSARIFEmptyResults(t *testing.T) {
	out := render(t, "sarif", &Report{}, Options{})
	if !bytes.Contains(out, []byte(`"results": []`)) {
		t.Errorf("an empty log must still have \"results\": []:\n%s", out)
	}
}

// TestSARIFFingerprintsIgnoreLineShifts: inserting lines above a finding
// moves it but keeps its partialFingerprints, so code scanning keeps the
// alert instead of closing it and opening a new one.
func TestSARIFFingerprintsIgnoreLineShifts(t *testing.T) {
	fingerprints := func(content string) []string {
		m := scanner.NewMatcher(mustRules(t))
		rep := &Report{Findings: m.Match("a.py", []byte(content)).Findings}
		var fps []string
		for _, r := range decodeSARIF(t, render(t, "sarif", rep, Options{})).Runs[0].Results {
			fps = append(fps, r.PartialFingerprints[fingerprintKey])
		}
		return fps
	}
	before := fingerprints("x = 'api.staging.example.com'\ny = 'api.staging.example.com'\n")
	after := fingerprints("# a header\n\n    x = 'api.staging.example.com'\ny = 'api.staging.example.com'\n")
	if len(before) != 2 || before[0] == before[1] {
		t.Fatalf("fingerprints %v: want two distinct", before)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("fingerprints changed with a line shift (-before +after):\n%s", diff)
	}
}

// TestSARIFFingerprintsOfASubset: a report of only the new findings (a
// baseline accepted the first of two identical lines) keeps the
// fingerprint the second has in the whole file, instead of renumbering it
// as the first and taking over the accepted twin's alert.
func TestSARIFFingerprintsOfASubset(t *testing.T) {
	all := scanner.NewMatcher(mustRules(t)).Match("a.py", []byte("x = 'api.staging.example.com'\nx = 'api.staging.example.com'\n")).Findings
	fingerprints := func(rep *Report) []string {
		var fps []string
		for _, r := range decodeSARIF(t, render(t, "sarif", rep, Options{})).Runs[0].Results {
			fps = append(fps, r.PartialFingerprints[fingerprintKey])
		}
		return fps
	}
	whole := fingerprints(&Report{Findings: all})
	if len(whole) != 2 || whole[0] == whole[1] {
		t.Fatalf("fingerprints %v: want two distinct", whole)
	}
	got := fingerprints(&Report{Findings: all[1:], Fingerprints: baseline.NewIndex(all)})
	if diff := cmp.Diff(whole[1:], got); diff != "" {
		t.Errorf("fingerprint of the second finding alone (-want +got):\n%s", diff)
	}
}

func TestSARIFCapsResults(t *testing.T) {
	f := scanner.Finding{Rule: "deprecated-host", Path: "a", Line: 1, Column: 1, CharColumn: 1, Length: 1, Match: "a", Severity: "error", Message: "m"}
	rep := &Report{Findings: make([]scanner.Finding, sarifMaxResults+3)}
	for i := range rep.Findings {
		rep.Findings[i] = f
	}
	log := decodeSARIF(t, render(t, "sarif", rep, Options{}))
	r := log.Runs[0]
	if len(r.Results) != sarifMaxResults {
		t.Errorf("%d results, want the cap %d", len(r.Results), sarifMaxResults)
	}
	if len(r.Invocations) != 1 || !strings.Contains(r.Invocations[0].ToolExecutionNotifications[0].Message.Text, "25003 findings") {
		t.Errorf("no notification of the cap: %+v", r.Invocations)
	}
}

func TestURIPath(t *testing.T) {
	for in, want := range map[string]string{
		"a/b.txt":           "a/b.txt",
		"docs/my file.md":   "docs/my%20file.md",
		"x/100%.txt":        "x/100%25.txt",
		"c:weird/f":         "./c:weird/f",
		"dir/ü.txt":         "dir/%C3%BC.txt",
		"a/#frag?q":         "a/%23frag%3Fq",
		".github/wf/ci.yml": ".github/wf/ci.yml",
	} {
		if got := uriPath(in); got != want {
			t.Errorf("uriPath(%q) = %q, want %q", in, got, want)
		}
	}
}
