package report

import (
	"encoding/xml"
	"io"

	"github.com/domainshift/domainshift/rules"
)

// Checkstyle 4.3 XML, which reviewdog, Jenkins warnings-ng, SonarQube and
// many editors read: one <file> per file with findings, in path order, one
// <error> per finding. Columns count code points; source is
// "domainshift.<rule>".

type checkstyleReport struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     int    `xml:"line,attr"`
	Column   int    `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

func writeCheckstyle(w io.Writer, r *Report, _ Options) error {
	doc := checkstyleReport{Version: "4.3"}
	for _, f := range r.Findings {
		if n := len(doc.Files); n == 0 || doc.Files[n-1].Name != xmlPath(f.Path) {
			doc.Files = append(doc.Files, checkstyleFile{Name: xmlPath(f.Path)})
		}
		sev := "error"
		if f.Severity == rules.SeverityWarning {
			sev = "warning"
		}
		e := checkstyleError{Line: f.Line, Severity: sev, Message: f.Message, Source: "domainshift." + f.Rule}
		if reg := sarifRegionOf(f); reg != nil {
			e.Column = reg.StartColumn
		}
		doc.Files[len(doc.Files)-1].Errors = append(doc.Files[len(doc.Files)-1].Errors, e)
	}
	return writeXML(w, doc)
}
