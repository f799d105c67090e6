package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"

	"github.com/domainshift/domainshift/rules"
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

func writeJUnit(w io.Writer, r *Report, opts Options) error {
	suite := junitSuite{Name: "domainshift check"}
	for _, f := range r.Findings {
		loc := xmlPath(f.Path)
		if f.Line > 0 {
			loc += ":" + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column)
		}
		c := junitCase{Name: f.Rule + " " + loc, Classname: xmlPath(f.Path)}
		detail := fmt.Sprintf("%s: %s: %s", loc, f.Rule, f.Message)
		if f.Replacement != "" {
			detail += "\nfix: replace " + f.Match + " with " + f.Replacement
		}
		if f.Severity != rules.SeverityWarning || opts.Strict {
			c.Failure = &junitFailure{Message: f.Message, Type: f.Rule, Text: detail}
			suite.Failures++
		} else {
			c.SystemOut = "warning: " + detail
		}
		suite.Cases = append(suite.Cases, c)
	}
	if len(suite.Cases) == 0 {
		suite.Cases = []junitCase{{Name: "no findings", Classname: "domainshift"}}
	}
	suite.Tests = len(suite.Cases)
	doc := junitSuites{Name: "domainshift", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
	return writeXML(w, doc)
}

// writeXML writes v as an indented XML document with a declaration.
// encoding/xml escapes markup and newlines in attributes and replaces
// characters XML 1.0 cannot carry with U+FFFD.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
