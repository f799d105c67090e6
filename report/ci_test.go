package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/domainshift/domainshift/rules"
)

func TestGitHub(t *testing.T) {
	rep := testReport(t)
	rep.Notes = []string{"rules.toml:9: keep[0] matched nothing"}
	got := string(render(t, "github", rep, Options{}))
	want := `::error file=app/config.py,line=1,col=16,endLine=1,endColumn=39,title=domainshift deprecated-host::api.staging.example.com is deprecated, use api-staging.example.com (two-level name)
::error file=app/config.py,line=2,col=7,endLine=2,endColumn=30,title=domainshift deprecated-host::api.staging.example.com is deprecated, use api-staging.example.com (two-level name)
::error file=docs/notes file.md,line=1,col=1,endLine=1,endColumn=3,title=domainshift insecure-scheme::ws:// to svc.legacy.example.com, use wss://
::warning file=docs/notes file.md,line=1,col=6,endLine=1,endColumn=28,title=domainshift deprecated-host::svc.legacy.example.com is deprecated; no replacement is configured, fix it by hand
::notice title=domainshift::rules.toml:9: keep[0] matched nothing
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("github output (-want +got):\n%s", diff)
	}
}

func TestGitHubEscaping(t *testing.T) {
	got := string(render(t, "github", hostileReport(), Options{}))
	want := "::error file=we<ird>&\"dir\"/a%2Cb%3Ac%25d.txt,line=2,col=3,endLine=2,endColumn=8,title=domainshift deprecated-host::" +
		"line one%0D%0Aline two: 100%25 <b>bold</b> & \"quoted\" 'single' ]]> \x01\x1b[31m\n" +
		"::notice title=domainshift::a note%0Awith 50%25 newline\n"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("github escaping (-want +got):\n%s", diff)
	}
	// Each command is one line: a raw newline would end it early.
	if n := strings.Count(got, "\n"); n != 2 {
		t.Errorf("%d lines, want 2", n)
	}
}

// junitDoc mirrors the JUnit XML that CI servers read, for parsing back.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func parseXML(t *testing.T, data []byte, v any) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("no XML declaration:\n%s", data)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	if err := dec.Decode(v); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, data)
	}
}

func TestJUnit(t *testing.T) {
	for _, strict := range []bool{false, true} {
		var doc junitDoc
		parseXML(t, render(t, "junit", testReport(t), Options{Strict: strict}), &doc)
		if len(doc.Suites) != 1 {
			t.Fatalf("%d suites, want 1", len(doc.Suites))
		}
		s := doc.Suites[0]
		wantFailures := 3
		if strict {
			wantFailures = 4
		}
		if doc.Tests != 4 || s.Tests != 4 || len(s.Cases) != 4 || doc.Failures != wantFailures || s.Failures != wantFailures || s.Errors != 0 {
			t.Errorf("strict=%v: counts tests=%d/%d/%d failures=%d/%d errors=%d", strict, doc.Tests, s.Tests, len(s.Cases), doc.Failures, s.Failures, s.Errors)
		}
		c := s.Cases[0]
		if c.Name != "deprecated-host app/config.py:1:16" || c.Classname != "app/config.py" || c.Failure == nil || c.Failure.Type != "deprecated-host" ||
			!strings.Contains(c.Failure.Text, "fix: replace api.staging.example.com with api-staging.example.com") {
			t.Errorf("first testcase: %+v", c)
		}
		warn := s.Cases[3]
		if strict != (warn.Failure != nil) || !strict && !strings.HasPrefix(warn.SystemOut, "warning: docs/notes file.md:1:6: deprecated-host:") {
			t.Errorf("strict=%v: warning testcase %+v", strict, warn)
		}
	}
}

func TestJUnitClean(t *testing.T) {
	var doc junitDoc
	parseXML(t, render(t, "junit", &Report{}, Options{}), &doc)
	if doc.Tests != 1 || doc.Failures != 0 || len(doc.Suites) != 1 || len(doc.Suites[0].Cases) != 1 || doc.Suites[0].Cases[0].Failure != nil {
		t.Errorf("a clean run is one passing testcase: %+v", doc)
	}
}

func TestJUnitEscaping(t *testing.T) {
	rep := hostileReport()
	var doc junitDoc
	parseXML(t, render(t, "junit", rep, Options{}), &doc)
	f := doc.Suites[0].Cases[0].Failure
	if f == nil {
		t.Fatal("no failure")
	}
	// XML 1.0 cannot carry \x01 or ESC: they become U+FFFD; the rest
	// round-trips, the CR LF in the attribute included.
	want := strings.NewReplacer("\x01", "\uFFFD", "\x1b", "\uFFFD").Replace(rep.Findings[0].Message)
	if f.Message != want {
		t.Errorf("message attribute round trip:\n got %q\nwant %q", f.Message, want)
	}
	if doc.Suites[0].Cases[0].Classname != rep.Findings[0].Path {
		t.Errorf("classname %q, want %q", doc.Suites[0].Cases[0].Classname, rep.Findings[0].Path)
	}
}

// checkstyleDoc mirrors checkstyle 4.3 XML for parsing back.
type checkstyleDoc struct {
	XMLName xml.Name `xml:"checkstyle"`
	Version string   `xml:"version,attr"`
	Files   []struct {
		Name   string `xml:"name,attr"`
		Errors []struct {
			Line     int    `xml:"line,attr"`
			Column   int    `xml:"column,attr"`
			Severity string `xml:"severity,attr"`
			Message  string `xml:"message,attr"`
			Source   string `xml:"source,attr"`
		} `xml:"error"`
	} `xml:"file"`
}

func TestCheckstyle(t *testing.T) {
	var doc checkstyleDoc
	parseXML(t, render(t, "checkstyle", testReport(t), Options{}), &doc)
	type row struct {
		File             string
		Line, Col        int
		Severity, Source string
	}
	var got []row
	for _, f := range doc.Files {
		for _, e := range f.Errors {
			got = append(got, row{f.Name, e.Line, e.Column, e.Severity, e.Source})
			if e.Message == "" {
				t.Errorf("%s:%d: empty message", f.Name, e.Line)
			}
		}
	}
	want := []row{
		{"app/config.py", 1, 16, "error", "domainshift.deprecated-host"},
		{"app/config.py", 2, 7, "error", "domainshift.deprecated-host"},
		{"docs/notes file.md", 1, 1, "error", "domainshift.insecure-scheme"},
		{"docs/notes file.md", 1, 6, "warning", "domainshift.deprecated-host"},
	}
	if doc.Version != "4.3" || len(doc.Files) != 2 {
		t.Errorf("version %q, %d files; want 4.3, 2", doc.Version, len(doc.Files))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}

func TestCheckstyleEscaping(t *testing.T) {
	rep := hostileReport()
	var doc checkstyleDoc
	parseXML(t, render(t, "checkstyle", rep, Options{}), &doc)
	if len(doc.Files) != 1 || len(doc.Files[0].Errors) != 1 {
		t.Fatalf("structure: %+v", doc)
	}
	want := strings.NewReplacer("\x01", "\uFFFD", "\x1b", "\uFFFD").Replace(rep.Findings[0].Message)
	if got := doc.Files[0].Errors[0].Message; got != want {
		t.Errorf("message round trip:\n got %q\nwant %q", got, want)
	}
	if doc.Files[0].Name != rep.Findings[0].Path {
		t.Errorf("file name %q, want %q", doc.Files[0].Name, rep.Findings[0].Path)
	}
}

func TestCheckstyleClean(t *testing.T) {
	got := string(render(t, "checkstyle", &Report{Rules: &rules.Rules{}}, Options{}))
	want := "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\"></checkstyle>\n"
	if got != want {
		t.Errorf("clean checkstyle:\n got %q\nwant %q", got, want)
	}
}
