package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/domainshift/domainshift/rules"
)

// writeGitHub prints GitHub Actions workflow commands, which the runner
// turns into annotations on the pull request:
//
//	::error file=a.txt,line=3,col=5,endLine=3,endColumn=27,title=domainshift deprecated-host::message
//
// Columns count code points. Notes become ::notice commands.
func writeGitHub(w io.Writer, r *Report, _ Options) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		cmd := "error"
		if f.Severity == rules.SeverityWarning {
			cmd = "warning"
		}
		props := []string{"file=" + ghProperty(f.Path)}
		if reg := sarifRegionOf(f); reg != nil && reg.StartLine > 0 {
			props = append(props,
				fmt.Sprintf("line=%d", reg.StartLine), fmt.Sprintf("col=%d", reg.StartColumn),
				fmt.Sprintf("endLine=%d", reg.EndLine), fmt.Sprintf("endColumn=%d", reg.EndColumn))
		}
		props = append(props, "title="+ghProperty("domainshift "+f.Rule))
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(f.Message))
	}
	for _, n := range r.Notes {
		fmt.Fprintf(bw, "::notice title=domainshift::%s\n", ghData(n))
	}
	return bw.Flush()
}

// ghData escapes the message part of a workflow command, as the runner's
// toolkit (@actions/core escapeData) does.
func ghData(s string) string { return ghDataEscaper.Replace(s) }

// ghProperty escapes a property value (escapeProperty): colons and commas
// would otherwise end the value.
func ghProperty(s string) string { return ghPropertyEscaper.Replace(s) }

// The escapers are built once: a strings.Replacer of single bytes is a
// 6 KB table, and a report calls them three times a finding.
var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)
