package report

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

// JUnit XML as Jenkins, GitLab and most CI servers read it (the Jenkins
// junit-10 XSD subset): one testsuite, one testcase per finding, named
// after the rule and the location, with the file as its class name. A
// finding that fails the check carries a <failure>; a warning that does not
// (no --strict) is a passing testcase with the message in <system-out>. A
// clean run is one passing testcase, so the suite is never empty.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes the testsuites document of r, streaming its testcases.
func writeJUnit(w io.Writer, r *Report, opts Options) error {
	doc, n, testcase := junitOf(r, opts)
	suite := doc.Suites[0]
	return streamXML(w, func(enc *xml.Encoder) error {
		outer := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: []xml.Attr{
			xmlAttr("name", doc.Name), xmlAttr("tests", strconv.Itoa(doc.Tests)),
			xmlAttr("failures", strconv.Itoa(doc.Failures)), xmlAttr("errors", strconv.Itoa(doc.Errors)),
		}}
		inner := xml.StartElement{Name: xml.Name{Local: "testsuite"}, Attr: []xml.Attr{
			xmlAttr("name", suite.Name), xmlAttr("tests", strconv.Itoa(suite.Tests)),
			xmlAttr("failures", strconv.Itoa(suite.Failures)), xmlAttr("errors", strconv.Itoa(suite.Errors)),
			xmlAttr("skipped", strconv.Itoa(suite.Skipped)),
		}}
		if err := encodeTokens(enc, outer, inner); err != nil {
			return err
		}
		tc := xml.StartElement{Name: xml.Name{Local: "testcase"}}
		for i := range n {
			if err := enc.EncodeElement(testcase(i), tc); err != nil {
				return err
			}
		}
		return encodeTokens(enc, inner.End(), outer.End())
	})
}

// junitOf returns the document of r with its one suite's testcases left
// out, how many there are and how to build each of them, so that they need
// not be held all at once.
func junitOf(r *Report, opts Options) (doc junitSuites, n int, testcase func(i int) junitCase) {
	fails := func(f scanner.Finding) bool { return f.Severity != rules.SeverityWarning || opts.Strict }
	suite := junitSuite{Name: "domainshift check", Tests: len(r.Findings)}
	for _, f := range r.Findings {
		if fails(f) {
			suite.Failures++
		}
	}
	testcase = func(i int) junitCase {
		f := r.Findings[i]
		loc := xmlPath(f.Path)
		if f.Line > 0 {
			loc += ":" + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column)
		}
		c := junitCase{Name: f.Rule + " " + loc, Classname: xmlPath(f.Path)}
		detail := fmt.Sprintf("%s: %s: %s", loc, f.Rule, f.Message)
		if f.Replacement != "" {
			detail += "\nfix: replace " + f.Match + " with " + f.Replacement
		}
		if fails(f) {
			c.Failure = &junitFailure{Message: f.Message, Type: f.Rule, Text: detail}
		} else {
			c.SystemOut = "warning: " + detail
		}
		return c
	}
	if len(r.Findings) == 0 {
		// A clean run is one passing testcase, so the suite is never empty.
		suite.Tests = 1
		testcase = func(int) junitCase { return junitCase{Name: "no findings", Classname: "domainshift"} }
	}
	doc = junitSuites{Name: "domainshift", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
	return doc, suite.Tests, testcase
}

// writeXML writes v as an indented XML document with a declaration.
// encoding/xml escapes markup and newlines in attributes and replaces
// characters XML 1.0 cannot carry with U+FFFD.
func writeXML(w io.Writer, v any) error {
	return streamXML(w, func(enc *xml.Encoder) error { return enc.Encode(v) })
}

// streamXML writes the indented XML document that encode writes to enc,
// with a declaration, as writeXML does: encode may write it in pieces
// (start and end tokens around elements encoded one at a time), which come
// out as the whole document would.
func streamXML(w io.Writer, encode func(*xml.Encoder) error) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := encode(enc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	bw.WriteString("\n")
	return bw.Flush()
}

// encodeTokens writes tokens to enc in order.
func encodeTokens(enc *xml.Encoder, tokens ...xml.Token) error {
	for _, t := range tokens {
		if err := enc.EncodeToken(t); err != nil {
			return err
		}
	}
	return nil
}

func xmlAttr(name, value string) xml.Attr { return xml.Attr{Name: xml.Name{Local: name}, Value: value} }
