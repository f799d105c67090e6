package report

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

// manyFindings is a report of n findings over n/3 files, cycling through
// the shapes the formats render differently: the matched findings of
// testReport, a warning, a whole-file finding, one of a rule no table
// knows and the hostile one.
func manyFindings(t *testing.T, n int) *Report {
	t.Helper()
	shapes := append(testReport(t).Findings, hostileReport().Findings...)
	shapes = append(shapes,
		scanner.Finding{Rule: rules.RuleSSOTDrift, Path: "gen/endpoints.ts", Severity: rules.SeverityError, Message: "out of date"},
		scanner.Finding{Rule: "future-rule", Path: "x", Line: 1, Column: 1, CharColumn: 1, Length: 1, Match: "x", Severity: rules.SeverityWarning},
	)
	rep := &Report{Rules: mustRules(t), Version: "1.2.3", Top: "/src/repo", Findings: make([]scanner.Finding, n)}
	for i := range rep.Findings {
		f := shapes[i%len(shapes)]
		f.Path = fmt.Sprintf("dir%d/%s", i/3, f.Path)
		f.Offset += i
		rep.Findings[i] = f
	}
	return rep
}

// wholeDocument renders r in format the way every machine format did before
// it streamed: the whole document built, then encoded in one piece.
func wholeDocument(t *testing.T, format string, r *Report, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch format {
	case "sarif":
		run, n, result := sarifRunOf(r)
		for i := range n {
			run.Results = append(run.Results, result(i))
		}
		err = encodeJSON(&buf, sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
	case "json":
		out, finding := jsonReportOf(r)
		for i := range r.Findings {
			out.Findings = append(out.Findings, finding(i))
		}
		err = encodeJSON(&buf, out)
	case "gitlab":
		issue := gitlabIssuesOf(r)
		out := []gitlabIssue{}
		for i := range r.Findings {
			out = append(out, issue(i))
		}
		err = encodeJSON(&buf, out)
	case "junit":
		doc, n, testcase := junitOf(r, opts)
		for i := range n {
			doc.Suites[0].Cases = append(doc.Suites[0].Cases, testcase(i))
		}
		err = writeXML(&buf, doc)
	case "checkstyle":
		doc, files := checkstyleOf(r)
		doc.Files = slices.Collect(files)
		err = writeXML(&buf, doc)
	default:
		t.Fatalf("no whole-document rendering of %s", format)
	}
	if err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return buf.Bytes()
}

// TestStreamedFormatsMatchWholeDocuments: each format that writes its
// results one at a time writes the same bytes as encoding the whole
// document, empty, with one finding and past SARIF's cap of results.
func TestStreamedFormatsMatchWholeDocuments(t *testing.T) {
	reports := map[string]*Report{
		"empty":         {Rules: mustRules(t), Version: "1.2.3"},
		"one":           hostileReport(),
		"findings":      testReport(t),
		"past the cap":  manyFindings(t, sarifMaxResults+7),
		"a file of one": manyFindings(t, 1),
	}
	for name, rep := range reports {
		for _, format := range []string{"sarif", "json", "gitlab", "junit", "checkstyle"} {
			for _, strict := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%s/strict=%v", name, format, strict), func(t *testing.T) {
					opts := Options{Strict: strict}
					want := wholeDocument(t, format, rep, opts)
					got := render(t, format, rep, opts)
					if !bytes.Equal(got, want) {
						t.Errorf("streamed %s differs from the whole document at byte %d:\n got: %q\nwant: %q",
							format, firstDiff(got, want), around(got, firstDiff(got, want)), around(want, firstDiff(got, want)))
					}
				})
			}
		}
	}
}

// TestSARIFStreamKeepsTheCap: the streamed log of more findings than
// GitHub takes has exactly the cap of results, the first ones, and says so.
func TestSARIFStreamKeepsTheCap(t *testing.T) {
	rep := manyFindings(t, sarifMaxResults+7)
	log := decodeSARIF(t, render(t, "sarif", rep, Options{}))
	r := log.Runs[0]
	if len(r.Results) != sarifMaxResults {
		t.Fatalf("%d results, want the cap %d", len(r.Results), sarifMaxResults)
	}
	last := r.Results[sarifMaxResults-1].Locations[0].PhysicalLocation.ArtifactLocation.URI
	if want := uriPath(rep.Findings[sarifMaxResults-1].Path); last != want {
		t.Errorf("last result is at %s, want %s: the first findings, in order", last, want)
	}
	if len(r.Invocations) != 1 || !strings.Contains(r.Invocations[0].ToolExecutionNotifications[0].Message.Text, fmt.Sprintf("%d findings", sarifMaxResults+7)) {
		t.Errorf("no notification of the cap: %+v", r.Invocations)
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func around(b []byte, i int) []byte { return b[max(i-80, 0):min(i+80, len(b))] }

// failingWriter fails every write after the first n bytes.
type failingWriter struct{ n int }

var errFull = errors.New("disk full")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

// TestStreamedFormatsReturnWriteErrors: a write that fails part way,
// early or late, is the error of Write, not a report cut short in silence.
func TestStreamedFormatsReturnWriteErrors(t *testing.T) {
	rep := manyFindings(t, 2000)
	for _, format := range Formats() {
		size := len(render(t, format, rep, Options{}))
		for _, n := range []int{0, size / 2, size - 1} {
			if err := Write(&failingWriter{n: n}, format, rep, Options{}); !errors.Is(err, errFull) {
				t.Errorf("%s failing after %d of %d bytes: err = %v, want %v", format, n, size, err, errFull)
			}
		}
	}
}

type streamDoc struct {
	A []int      `json:"a"`
	B *streamDoc `json:"b,omitempty"`
}

// TestEncodeJSONStreamNeedsItsArray: a document without exactly one empty
// array under the key, or one that is no array for key "", is an error, not
// items spliced into the wrong place.
func TestEncodeJSONStreamNeedsItsArray(t *testing.T) {
	for _, c := range []struct {
		name string
		doc  any
		key  string
	}{
		{"no such key", streamDoc{A: []int{}}, "b"},
		{"twice", streamDoc{A: []int{}, B: &streamDoc{A: []int{}}}, "a"},
		{"not empty", streamDoc{A: []int{1}}, "a"},
		{"no array", streamDoc{A: []int{}}, ""},
	} {
		var buf bytes.Buffer
		if err := encodeJSONStream(&buf, c.doc, c.key, 1, func(int) any { return 1 }); err == nil {
			t.Errorf("%s: no error, wrote %q", c.name, buf.String())
		}
	}
	var buf bytes.Buffer
	if err := encodeJSONStream(&buf, streamDoc{A: []int{}}, "a", 2, func(i int) any { return i }); err != nil {
		t.Fatal(err)
	}
	if want := "{\n  \"a\": [\n    0,\n    1\n  ]\n}\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}

// goldenCases are the golden files of TestStreamedFormatsGolden, by name:
// they were written by the whole-document renderers before the formats
// streamed (render of manyFindings(t, 30) at the commit before), and pin
// that the streamed ones write the same bytes. There is no -update: new
// code rewriting them would pin nothing.
var goldenCases = []struct {
	file, format string
	opts         Options
}{
	{"many.sarif", "sarif", Options{}},
	{"many.json", "json", Options{}},
	{"many.gitlab.json", "gitlab", Options{}},
	{"many.junit.xml", "junit", Options{}},
	{"many.strict.junit.xml", "junit", Options{Strict: true}},
	{"many.checkstyle.xml", "checkstyle", Options{}},
}

func TestStreamedFormatsGolden(t *testing.T) {
	rep := manyFindings(t, 30)
	for _, c := range goldenCases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("testdata", "stream", c.file)
			got := render(t, c.format, rep, c.opts)
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				i := firstDiff(got, want)
				t.Errorf("%s differs from %s at byte %d:\n got: %q\nwant: %q", c.format, path, i, around(got, i), around(want, i))
			}
		})
	}
}
