package report

import (
	"io"

	"github.com/domainshift/domainshift/rules"
)

// The subset of the Code Climate issue format that GitLab's Code Quality
// report (artifacts:reports:codequality) reads: a JSON array of issues.

type gitlabIssue struct {
	Description string         `json:"description"`
	CheckName   string         `json:"check_name"`
	Fingerprint string         `json:"fingerprint"` // unique per issue: GitLab shows one issue per fingerprint
	Severity    string         `json:"severity"`    // info, minor, major, critical or blocker
	Location    gitlabLocation `json:"location"`
}

type gitlabLocation struct {
	Path  string      `json:"path"`
	Lines gitlabLines `json:"lines"`
}

type gitlabLines struct {
	Begin int `json:"begin"`
}

// writeGitLab writes a GitLab Code Quality report. Errors are "major" and
// warnings "minor", so that errors rank first in the merge request widget.
// The fingerprint is the one the JSON and SARIF reports carry: it ignores
// line numbers, so lines inserted above a finding do not show it as fixed
// and new again.
func writeGitLab(w io.Writer, r *Report, _ Options) error {
	issue := gitlabIssuesOf(r)
	return encodeJSONStream(w, []gitlabIssue{}, "", len(r.Findings), func(i int) any { return issue(i) })
}

// gitlabIssuesOf returns how to build the issue of each of r.Findings.
func gitlabIssuesOf(r *Report) func(i int) gitlabIssue {
	fps := r.fingerprints()
	return func(i int) gitlabIssue {
		f := r.Findings[i]
		sev := "major"
		if f.Severity == rules.SeverityWarning {
			sev = "minor"
		}
		desc := f.Message
		if desc == "" {
			desc = f.Rule
		}
		return gitlabIssue{
			Description: f.Rule + ": " + desc,
			CheckName:   f.Rule,
			Fingerprint: fps[i],
			Severity:    sev,
			Location:    gitlabLocation{Path: f.Path, Lines: gitlabLines{Begin: max(f.Line, 1)}},
		}
	}
}
