package report

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/domainshift/domainshift/internal/plural"
)

// MergeInput is one JSON file of one repository: what `check --format
// json` (or scan's) or `hosts --format json` wrote there.
type MergeInput struct {
	Repository string
	Path       string // for errors
	Data       []byte
}

// Fleet is the org-wide picture that Merge makes of many repositories'
// reports: where the migration stands, per repository, per rule and per
// host. Its JSON form is schema/merge.schema.json.
type Fleet struct {
	Version      int         `json:"version"`
	Repositories []FleetRepo `json:"repositories"`
	Rules        []FleetRule `json:"rules"`
	Hosts        []FleetHost `json:"hosts"`
	Totals       FleetTotals `json:"totals"`
}

// FleetRepo is one repository's line.
type FleetRepo struct {
	Name     string         `json:"name"`
	Checked  bool           `json:"checked"` // a check or scan report was given
	Findings int            `json:"findings"`
	Errors   int            `json:"errors"`
	Warnings int            `json:"warnings"`
	Fixable  int            `json:"fixable"`
	Files    int            `json:"files"` // files with findings
	Rules    map[string]int `json:"rules"`
	// DeprecatedMentions and UnknownHosts come from a hosts inventory.
	DeprecatedMentions int `json:"deprecated_mentions"`
	UnknownHosts       int `json:"unknown_hosts"`
}

// FleetRule is one rule's findings across the fleet.
type FleetRule struct {
	Rule         string `json:"rule"`
	Findings     int    `json:"findings"`
	Repositories int    `json:"repositories"`
}

// FleetHost is one host across the fleet's inventories.
type FleetHost struct {
	Host         string   `json:"host"`
	Status       string   `json:"status"`
	Replacement  string   `json:"replacement"`
	Mentions     int      `json:"mentions"`
	Files        int      `json:"files"`
	Repositories []string `json:"repositories"`
}

// FleetTotals sums the repositories.
type FleetTotals struct {
	Repositories       int `json:"repositories"`
	Clean              int `json:"clean"` // checked, with no finding
	Findings           int `json:"findings"`
	Errors             int `json:"errors"`
	Warnings           int `json:"warnings"`
	Fixable            int `json:"fixable"`
	DeprecatedMentions int `json:"deprecated_mentions"`
}

// mergeFile is what Merge reads of either kind of input.
type mergeFile struct {
	Version  *int `json:"version"`
	Findings *[]struct {
		Rule        string `json:"rule"`
		Path        string `json:"path"`
		Severity    string `json:"severity"`
		Replacement string `json:"replacement"`
	} `json:"findings"`
	Hosts *[]struct {
		Host        string `json:"host"`
		Status      string `json:"status"`
		Replacement string `json:"replacement"`
		Mentions    int    `json:"mentions"`
		Files       int    `json:"files"`
	} `json:"hosts"`
}

// Merge combines the reports of many repositories. Inputs of one
// repository (a check report and a hosts inventory) fill one line. A file
// that is neither kind, or of another version, is an error naming it.
func Merge(inputs []MergeInput) (*Fleet, error) {
	repos := map[string]*FleetRepo{}
	ruleRepos := map[string]map[string]bool{}
	hosts := map[string]*FleetHost{}
	repo := func(name string) *FleetRepo {
		r := repos[name]
		if r == nil {
			r = &FleetRepo{Name: name, Rules: map[string]int{}}
			repos[name] = r
		}
		return r
	}
	for _, in := range inputs {
		var f mergeFile
		dec := json.NewDecoder(bytes.NewReader(in.Data))
		if err := dec.Decode(&f); err != nil {
			return nil, fmt.Errorf("%s: not a domainshift JSON report: %w", in.Path, err)
		}
		switch {
		case f.Version == nil || (f.Findings == nil) == (f.Hosts == nil):
			return nil, fmt.Errorf("%s: neither a check report nor a hosts inventory (want the output of --format json)", in.Path)
		case *f.Version != 1:
			return nil, fmt.Errorf("%s: report version %d, this domainshift reads version 1", in.Path, *f.Version)
		}
		r := repo(in.Repository)
		if f.Findings != nil {
			r.Checked = true
			files := map[string]bool{}
			for _, fd := range *f.Findings {
				r.Findings++
				r.Rules[fd.Rule]++
				files[fd.Path] = true
				if fd.Severity == "warning" {
					r.Warnings++
				} else {
					r.Errors++
				}
				if fd.Replacement != "" {
					r.Fixable++
				}
				if ruleRepos[fd.Rule] == nil {
					ruleRepos[fd.Rule] = map[string]bool{}
				}
				ruleRepos[fd.Rule][in.Repository] = true
			}
			r.Files += len(files)
		}
		if f.Hosts != nil {
			for _, h := range *f.Hosts {
				switch h.Status {
				case "deprecated":
					r.DeprecatedMentions += h.Mentions
				case "unknown":
					r.UnknownHosts++
				}
				fh := hosts[h.Host]
				if fh == nil {
					fh = &FleetHost{Host: h.Host, Status: h.Status, Replacement: h.Replacement}
					hosts[h.Host] = fh
				} else if fh.Status != h.Status {
					fh.Status = "mixed" // the rules of the repositories disagree
				}
				fh.Mentions += h.Mentions
				fh.Files += h.Files
				if !slices.Contains(fh.Repositories, in.Repository) {
					fh.Repositories = append(fh.Repositories, in.Repository)
				}
			}
		}
	}
	out := &Fleet{Version: 1, Repositories: []FleetRepo{}, Rules: []FleetRule{}, Hosts: []FleetHost{}}
	for _, r := range repos {
		out.Repositories = append(out.Repositories, *r)
		t := &out.Totals
		t.Repositories++
		if r.Checked && r.Findings == 0 {
			t.Clean++
		}
		t.Findings += r.Findings
		t.Errors += r.Errors
		t.Warnings += r.Warnings
		t.Fixable += r.Fixable
		t.DeprecatedMentions += r.DeprecatedMentions
	}
	// Most to do first, then by name: the table reads as a work list.
	slices.SortFunc(out.Repositories, func(a, b FleetRepo) int {
		if c := cmp.Compare(b.Errors+b.Warnings+b.DeprecatedMentions, a.Errors+a.Warnings+a.DeprecatedMentions); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	for rule, rs := range ruleRepos {
		n := 0
		for _, r := range repos {
			n += r.Rules[rule]
		}
		out.Rules = append(out.Rules, FleetRule{Rule: rule, Findings: n, Repositories: len(rs)})
	}
	slices.SortFunc(out.Rules, func(a, b FleetRule) int { return strings.Compare(a.Rule, b.Rule) })
	for _, h := range hosts {
		slices.Sort(h.Repositories)
		out.Hosts = append(out.Hosts, *h)
	}
	slices.SortFunc(out.Hosts, func(a, b FleetHost) int {
		if c := cmp.Compare(b.Mentions, a.Mentions); c != 0 {
			return c
		}
		return strings.Compare(a.Host, b.Host)
	})
	return out, nil
}

// WriteFleetJSON writes f as JSON.
func WriteFleetJSON(w io.Writer, f *Fleet) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(f)
}

// WriteFleetMarkdown writes f as Markdown tables: the totals, a line per
// repository, then per rule and per host that still needs work.
func WriteFleetMarkdown(w io.Writer, f *Fleet) error {
	var b bytes.Buffer
	t := f.Totals
	repos := "repositories"
	if t.Repositories == 1 {
		repos = "repository"
	}
	fmt.Fprintf(&b, "# domainshift across %d %s\n\n", t.Repositories, repos)
	fmt.Fprintf(&b, "%d clean, %s (%s, %s, %d fixable by `domainshift apply`), %s.\n\n",
		t.Clean, plural.Count(t.Findings, "finding"), plural.Count(t.Errors, "error"), plural.Count(t.Warnings, "warning"), t.Fixable, plural.Count(t.DeprecatedMentions, "deprecated mention"))
	b.WriteString("| Repository | Findings | Errors | Warnings | Fixable | Files | Deprecated mentions | Unknown hosts |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range f.Repositories {
		findings := "not checked"
		if r.Checked {
			findings = fmt.Sprint(r.Findings)
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d | %d | %d |\n", mdCell(r.Name), findings, r.Errors, r.Warnings, r.Fixable, r.Files, r.DeprecatedMentions, r.UnknownHosts)
	}
	if len(f.Rules) > 0 {
		b.WriteString("\n## Per rule\n\n| Rule | Findings | Repositories |\n|---|---:|---:|\n")
		for _, r := range f.Rules {
			fmt.Fprintf(&b, "| `%s` | %d | %d |\n", r.Rule, r.Findings, r.Repositories)
		}
	}
	var todo []FleetHost
	for _, h := range f.Hosts {
		if h.Status != "canonical" && h.Status != "kept" && h.Status != "allowed" {
			todo = append(todo, h)
		}
	}
	if len(todo) > 0 {
		b.WriteString("\n## Hosts still to migrate or decide\n\n| Host | Status | Replacement | Mentions | Files | Repositories |\n|---|---|---|---:|---:|---|\n")
		for _, h := range todo {
			repl := h.Replacement
			if repl != "" {
				repl = "`" + repl + "`"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %d | %d | %s |\n", h.Host, h.Status, repl, h.Mentions, h.Files, mdCell(strings.Join(h.Repositories, ", ")))
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// mdCell makes s safe inside a Markdown table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ").Replace(s)
}
