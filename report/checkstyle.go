package report

import (
	"encoding/xml"
	"io"
	"iter"

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

// writeCheckstyle writes the checkstyle document of r one <file> at a time.
func writeCheckstyle(w io.Writer, r *Report, _ Options) error {
	doc, files := checkstyleOf(r)
	return streamXML(w, func(enc *xml.Encoder) error {
		root := xml.StartElement{Name: xml.Name{Local: "checkstyle"}, Attr: []xml.Attr{xmlAttr("version", doc.Version)}}
		if err := enc.EncodeToken(root); err != nil {
			return err
		}
		start := xml.StartElement{Name: xml.Name{Local: "file"}}
		for file := range files {
			if err := enc.EncodeElement(file, start); err != nil {
				return err
			}
		}
		return enc.EncodeToken(root.End())
	})
}

// checkstyleOf returns the document of r with its files left out, and
// the files, each built when it is reached, so that they need not be held
// all at once.
func checkstyleOf(r *Report) (checkstyleReport, iter.Seq[checkstyleFile]) {
	files := func(yield func(checkstyleFile) bool) {
		var file checkstyleFile
		for i, f := range r.Findings {
			if i > 0 && xmlPath(f.Path) != file.Name {
				if !yield(file) {
					return
				}
				file = checkstyleFile{}
			}
			file.Name = xmlPath(f.Path)
			sev := "error"
			if f.Severity == rules.SeverityWarning {
				sev = "warning"
			}
			e := checkstyleError{Line: f.Line, Severity: sev, Message: f.Message, Source: "domainshift." + f.Rule}
			if reg := sarifRegionOf(f); reg != nil {
				e.Column = reg.StartColumn
			}
			file.Errors = append(file.Errors, e)
		}
		if len(r.Findings) > 0 {
			yield(file)
		}
	}
	return checkstyleReport{Version: "4.3"}, files
}
