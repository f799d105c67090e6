package main

import (
	"github.com/domainshift/domainshift/baseline"
	"github.com/domainshift/domainshift/report"
	"github.com/domainshift/domainshift/scanner"
	"github.com/domainshift/domainshift/workspace"
)

// reportPaths returns rep with its findings named as format shows them:
// text, read by a person in a terminal, relative to the working directory
// (as rg and git grep print them, so they open from there); every
// machine-read format relative to the top of the repository, which is
// what GitHub, GitLab and editors resolve. Fingerprints stay those of the
// paths relative to the root, so they do not depend on where a command
// ran.
func reportPaths(rep *report.Report, ws *workspace.Workspace, format string) *report.Report {
	path := ws.RepoPath
	if format == "text" {
		path = ws.Display
	}
	out := *rep
	out.Top = ws.Top
	if ws.Top == "" {
		out.Top = ws.RootAbs()
	}
	fps := rep.Fingerprints
	if fps == nil {
		fps = baseline.NewIndex(rep.Findings)
	}
	out.Fingerprints = fps.WithPaths(path)
	out.Findings = make([]scanner.Finding, len(rep.Findings))
	for i, f := range rep.Findings {
		f.Path = path(f.Path)
		out.Findings[i] = f
	}
	return &out
}
