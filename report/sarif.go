package report

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/domainshift/domainshift/rewrite"
	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

// The SARIF 2.1.0 subset domainshift writes, as GitHub code scanning reads
// it. Hand-written: the subset is small and this way every field we emit is
// one we chose (see research/libraries.md, section 6).

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion = "2.1.0"
	sarifSrcRoot = "%SRCROOT%"
	// sarifMaxResults is GitHub's hard limit of results per run.
	sarifMaxResults = 25000
	// fingerprintKey names our partialFingerprints entry; the "/v1" lets
	// the definition change without colliding with old alerts.
	fingerprintKey = "domainshift/v1"
	informationURI = "https://github.com/domainshift/domainshift"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool               sarifTool                        `json:"tool"`
	Invocations        []sarifInvocation                `json:"invocations,omitempty"`
	OriginalURIBaseIDs map[string]sarifArtifactLocation `json:"originalUriBaseIds"`
	// ColumnKind says how startColumn and endColumn count: we count
	// Unicode code points (Finding.CharColumn), not bytes, not UTF-16.
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"` // always present, even empty: GitHub requires it
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	ShortDescription     sarifMessage `json:"shortDescription"`
	FullDescription      sarifMessage `json:"fullDescription"`
	Help                 sarifMessage `json:"help"`
	DefaultConfiguration struct {
		Level string `json:"level"`
	} `json:"defaultConfiguration"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level   string       `json:"level"`
	Message sarifMessage `json:"message"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifMessage      `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI         string        `json:"uri,omitempty"`
	URIBaseID   string        `json:"uriBaseId,omitempty"`
	Description *sarifMessage `json:"description,omitempty"`
}

// sarifRegion carries both views of a span: lines and code-point columns
// for people and viewers, byte offsets for tools that apply fixes. Zero
// values are left out; byteOffset 0 is kept when the span is known.
type sarifRegion struct {
	StartLine   int  `json:"startLine,omitempty"`
	StartColumn int  `json:"startColumn,omitempty"`
	EndLine     int  `json:"endLine,omitempty"`
	EndColumn   int  `json:"endColumn,omitempty"`
	ByteOffset  *int `json:"byteOffset,omitempty"`
	ByteLength  *int `json:"byteLength,omitempty"`
}

type sarifFix struct {
	Description     sarifMessage          `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion   `json:"deletedRegion"`
	InsertedContent *sarifMessage `json:"insertedContent,omitempty"`
}

// ruleDocs describes each rule once, for SARIF's tool.driver.rules.
var ruleDocs = map[string]struct{ short, full, help string }{
	rules.RuleDeprecatedHost: {
		"Deprecated host name",
		"The host is listed as deprecated in rules.toml, usually because the certificate or DNS no longer covers it.",
		"Replace the host with its canonical name: run 'domainshift apply' (or 'domainshift review') for hosts with a configured replacement, or fix it by hand. To keep a mention on purpose, add an [[allow]] entry or a 'domainshift:allow' comment on the line.",
	},
	rules.RuleInsecureScheme: {
		"Insecure URL scheme",
		"A ws:// or http:// URL to a public host in one of the secure zones; browsers and clients need wss:// or https://.",
		"Use wss:// or https://. 'domainshift apply' fixes URLs without an explicit port; with a port, change the scheme and check the TLS port by hand.",
	},
	rules.RuleEnvironmentLeak: {
		"Endpoint of another environment",
		"A host that is canonical for some environments appears in a file that belongs only to other environments.",
		"Use the endpoint of the file's own environment, as listed under [environments] in rules.toml.",
	},
	rules.RuleUncoveredHost: {
		"Host not covered by the certificate",
		"A host under a certificate zone that none of the certificate names covers, such as a two-level name under a one-label wildcard.",
		"Rename the host so that a certificate name covers it (flatten it), or add it to rules.toml as a deprecated host with a replacement, or as a keep entry if it is internal.",
	},
	rules.RuleSSOTDrift: {
		"Generated SSOT file out of date",
		"A file declared under [[exports]] in rules.toml differs from what 'domainshift export' would write.",
		"Regenerate the file with 'domainshift export --write' and commit it.",
	},
}

// writeSARIF renders r as a SARIF 2.1.0 log with one run, streaming its
// results.
func writeSARIF(w io.Writer, r *Report, _ Options) error {
	run, n, result := sarifRunOf(r)
	return encodeJSONStream(w, sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}}, "results", n, func(i int) any { return result(i) })
}

// sarifRunOf returns the run of r with its results left empty, how many
// results it has (at most GitHub's limit) and how to build each of them,
// so that they need not be held all at once.
func sarifRunOf(r *Report) (run sarifRun, n int, result func(i int) sarifResult) {
	ids := slices.Clone(rules.RuleIDs)
	for _, f := range r.Findings {
		if !slices.Contains(ids, f.Rule) {
			ids = append(ids, f.Rule)
		}
	}
	run = sarifRun{
		Tool: sarifTool{Driver: sarifDriver{Name: "domainshift", Version: r.Version, InformationURI: informationURI}},
		OriginalURIBaseIDs: map[string]sarifArtifactLocation{
			sarifSrcRoot: {URI: dirURI(r.Top), Description: &sarifMessage{Text: "The top of the scanned repository; result paths are relative to it."}},
		},
		ColumnKind: "unicodeCodePoints",
		Results:    []sarifResult{},
	}
	for _, id := range ids {
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleFor(id, r.Rules))
	}
	findings := r.Findings
	if len(findings) > sarifMaxResults {
		run.Invocations = []sarifInvocation{{
			ExecutionSuccessful: true,
			ToolExecutionNotifications: []sarifNotification{{
				Level:   "warning",
				Message: sarifMessage{Text: fmt.Sprintf("%d findings; only the first %d are in this log (GitHub's limit per run). Use the json format for all of them, or a baseline.", len(findings), sarifMaxResults)},
			}},
		}}
		findings = findings[:sarifMaxResults]
	}
	fps := r.fingerprints()
	return run, len(findings), func(i int) sarifResult {
		f := findings[i]
		return sarifResultFor(f, slices.Index(ids, f.Rule), fps[i])
	}
}

func sarifRuleFor(id string, rs *rules.Rules) sarifRule {
	doc, ok := ruleDocs[id]
	if !ok {
		doc.short, doc.full, doc.help = id, id, id
	}
	rule := sarifRule{ID: id, ShortDescription: sarifMessage{doc.short}, FullDescription: sarifMessage{doc.full}, Help: sarifMessage{doc.help}}
	rule.DefaultConfiguration.Level = sarifLevel(defaultSeverity(id, rs))
	return rule
}

// defaultSeverity is the severity rs gives a rule's findings unless a
// deprecated entry says otherwise.
func defaultSeverity(id string, rs *rules.Rules) rules.Severity {
	if rs != nil {
		switch id {
		case rules.RuleInsecureScheme:
			if rs.Secure.Severity != "" {
				return rs.Secure.Severity
			}
		case rules.RuleUncoveredHost:
			if rs.Certificates.Severity != "" {
				return rs.Certificates.Severity
			}
		}
	}
	return rules.SeverityError
}

func sarifLevel(s rules.Severity) string {
	if s == rules.SeverityWarning {
		return "warning"
	}
	return "error"
}

func sarifResultFor(f scanner.Finding, ruleIndex int, fingerprint string) sarifResult {
	loc := sarifArtifactLocation{URI: uriPath(f.Path), URIBaseID: sarifSrcRoot}
	res := sarifResult{
		RuleID:              f.Rule,
		RuleIndex:           ruleIndex,
		Level:               sarifLevel(f.Severity),
		Message:             sarifMessage{Text: f.Message},
		Locations:           []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: loc, Region: sarifRegionOf(f)}}},
		PartialFingerprints: map[string]string{fingerprintKey: fingerprint},
	}
	if f.Message == "" {
		res.Message.Text = f.Rule
	}
	if edits := rewrite.Edits([]scanner.Finding{f}); len(edits) > 0 {
		fix := sarifFix{
			Description:     sarifMessage{Text: fmt.Sprintf("Replace %s with %s", f.Match, f.Replacement)},
			ArtifactChanges: []sarifArtifactChange{{ArtifactLocation: loc}},
		}
		for _, e := range edits {
			fix.ArtifactChanges[0].Replacements = append(fix.ArtifactChanges[0].Replacements, sarifReplacement{
				DeletedRegion:   sarifRegion{ByteOffset: ptr(e.Offset), ByteLength: ptr(e.Len)},
				InsertedContent: &sarifMessage{Text: string(e.New)},
			})
		}
		res.Fixes = []sarifFix{fix}
	}
	return res
}

// sarifRegionOf is the span of f; nil when f has no position (a finding
// about a whole file).
func sarifRegionOf(f scanner.Finding) *sarifRegion {
	if f.Line < 1 {
		if f.Length > 0 {
			return &sarifRegion{ByteOffset: ptr(f.Offset), ByteLength: ptr(f.Length)}
		}
		return nil
	}
	start := f.CharColumn
	if start < 1 {
		start = f.Column // a finding built without the matcher: bytes are our best guess
	}
	endLine, endCol := f.Line, start+utf8.RuneCountInString(f.Match)
	if n := strings.Count(f.Match, "\n"); n > 0 {
		endLine += n
		endCol = utf8.RuneCountInString(f.Match[strings.LastIndexByte(f.Match, '\n')+1:]) + 1
	}
	return &sarifRegion{
		StartLine: f.Line, StartColumn: max(start, 1), EndLine: endLine, EndColumn: max(endCol, 1),
		ByteOffset: ptr(f.Offset), ByteLength: ptr(f.Length),
	}
}

// uriPath percent-encodes the bytes of a slash-separated relative path that
// may not appear in a URI reference, keeping the slashes.
func uriPath(p string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if isUnreserved(c) || strings.IndexByte("/!$&'()*+,;=:@", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	s := b.String()
	// A first segment with a colon would read as a scheme.
	if first, _, _ := strings.Cut(s, "/"); strings.Contains(first, ":") {
		s = "./" + s
	}
	return s
}

// dirURI returns the file URI of the absolute directory dir, ending with
// a slash as SARIF requires of a base URI, or "" for "".
func dirURI(dir string) string {
	if dir == "" {
		return ""
	}
	p := filepath.ToSlash(dir)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter: file:///C:/...
	}
	return (&url.URL{Scheme: "file", Path: strings.TrimSuffix(p, "/") + "/"}).String()
}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func ptr(n int) *int { return &n }
