package scanner

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/domainshift/domainshift/rules"
)

// testRules is the rules file every matcher case runs against.
const testRules = `
version = 1

[environments.staging]
paths = ["**/*staging*"]
[environments.staging.endpoints]
frontend = "https://staging.example.com"
backend = "https://api-staging.example.com"

[environments.production]
paths = ["**/*prod*"]
[environments.production.endpoints]
backend = "https://api.example.com"

[[deprecated]]
host = "api.staging.example.com"
replace = "api-staging.example.com"

[[deprecated]]
host = "app.staging.example.com"
replace = "staging.example.com"

[[deprecated]]
host = "*.staging.example.com"
replace = "*-staging.example.com"

[[deprecated]]
host = "*.legacy.example.com"
severity = "warning"

[[keep]]
hosts = ["postgres.staging.example.com", "pr-*.staging.example.com"]

[[allow]]
hosts = ["old.legacy.example.com"]
reason = "kept for the legacy client until it is retired"

[secure]
zones = ["example.com"]

[certificates]
names = ["example.com", "*.example.com"]
`

func mustRules(t testing.TB, src string) *rules.Rules {
	t.Helper()
	r, err := rules.Parse("rules.toml", []byte(src))
	if err != nil {
		t.Fatalf("rules: %v", err)
	}
	return r
}

// matchCases is the shared case table of the matching semantics. Each want
// entry is "rule match -> replacement" ("-> " with nothing after it when
// report-only).
var matchCases = []struct {
	name, path, in string
	want           []string
}{
	{"plain URL", "a.py", "url = 'https://api.staging.example.com/v1'", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"parent zone inside host matches once", "a.py", "api.staging.example.com", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"canonical host alone", "a.py", "staging.example.com", nil},
	{"exact rule beats wildcard", "a.py", "app.staging.example.com", []string{"deprecated-host app.staging.example.com -> staging.example.com"}},
	{"myapp is not app", "a.py", "myapp.staging.example.com", []string{"deprecated-host myapp.staging.example.com -> myapp-staging.example.com"}},
	{"longer host under another domain", "a.py", "api.staging.example.com.evil.test", nil},
	{"wildcard over deprecated hosts is report-only", "main.tf", `names = ["*.staging.example.com", "staging.example.com"]`, []string{"deprecated-host *.staging.example.com -> "}},
	{"wildcard origin with an insecure scheme", "cors.py", "http://*.staging.example.com", []string{"insecure-scheme http -> https", "deprecated-host *.staging.example.com -> "}},
	{"wildcard over current hosts", "a.py", "*.example.com *.legacy.example.com", []string{"deprecated-host *.legacy.example.com -> "}},
	{"wildcard below a deprecated host", "a.py", "*.api.staging.example.com", nil},
	{"wildcard within a kept pattern", "a.py", "pr-*.staging.example.com", nil},
	{"double stars and path stars are not names", "a.py", "**.staging.example.com a*b*.staging.example.com .*.staging.example.com a.pr-*.staging.example.com x-*-*-web.staging.example.com", nil},
	{"glob label ending in a star", "cors.py", `origins = ["https://preview-*.staging.example.com", "x*.staging.example.com"]`, []string{"deprecated-host preview-*.staging.example.com -> ", "deprecated-host x*.staging.example.com -> "}},
	{"glob label starting with a star is not the host after it", "cors.py", "https://*-app.staging.example.com", []string{"deprecated-host *-app.staging.example.com -> "}},
	{"star inside a glob label", "ingress.yaml", "host: feature-*-web.staging.example.com", []string{"deprecated-host feature-*-web.staging.example.com -> "}},
	{"glob within a kept pattern", "ingress.yaml", "host: pr-*-web.staging.example.com", nil},
	{"glob with an insecure scheme", "cors.py", "http://preview-*.staging.example.com", []string{"insecure-scheme http -> https", "deprecated-host preview-*.staging.example.com -> "}},
	{"wildcard as a shell default value", "a.sh", "CORS=${ORIGINS:-*.staging.example.com}", []string{"deprecated-host *.staging.example.com -> "}},
	{"emphasis around a host is not a glob", "a.md", "*api.staging.example.com* and **app.staging.example.com**", []string{"deprecated-host api.staging.example.com -> api-staging.example.com", "deprecated-host app.staging.example.com -> staging.example.com"}},
	{"regex over deprecated hosts", "cors.py", `ORIGINS = [r"^https://.*\.staging\.example\.com$"]`, []string{`deprecated-host \.staging\.example\.com -> `}},
	{"regex class in a string literal", "cors.ts", `new RegExp("^https://[a-z0-9-]+\\.staging\\.example\\.com$")`, []string{`deprecated-host \\.staging\\.example\\.com -> `}},
	{"regex over current hosts", "a.py", `r".*\.example\.com" r"(api|www)\.example\.com"`, nil},
	{"hyphen continues the label", "a.py", "api.staging.example.com-old", nil},
	{"letters continue the label", "a.py", "api.staging.example.comx", nil},
	{"prefix on the first label", "a.py", "xapi.staging.example.com", []string{"deprecated-host xapi.staging.example.com -> xapi-staging.example.com"}},
	{"mixed case", "a.py", "API.Staging.Example.COM", []string{"deprecated-host API.Staging.Example.COM -> api-staging.example.com"}},
	{"e-mail address", "a.py", "contact ops@api.staging.example.com or oncall@staging.example.com", nil},
	{"mailto", "a.md", "[mail](mailto:ops@api.staging.example.com)", nil},
	{"URL userinfo", "a.py", "https://user:pw@api.staging.example.com/x", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"percent-encoded redirect", "a.py", "redirect=https%3A%2F%2Fapi.staging.example.com%2Fcallback", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"percent-encoded insecure scheme", "a.py", "next=http%3A%2F%2Fapi-staging.example.com%2F", []string{"insecure-scheme http -> https"}},
	{"JSON-escaped slashes", "a.json", `{"u": "https:\/\/api.staging.example.com\/v1"}`, []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"JSON-escaped slashes, userinfo", "a.json", `{"u": "https:\/\/user:pw@api.staging.example.com\/v1"}`, []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"JSON unicode escape", "a.json", `"https:\u002F\u002Fapi.staging.example.com"`, []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"escaped newline before host", "a.json", `"line\napi.staging.example.com"`, []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"regex-escaped", "a.py", `re.compile(r"^api\.staging\.example\.com$")`, []string{`deprecated-host api\.staging\.example\.com -> api-staging\.example\.com`}},
	{"double-escaped", "a.py", `"^api\\.staging\\.example\\.com$"`, []string{`deprecated-host api\\.staging\\.example\\.com -> api-staging\\.example\\.com`}},
	{"regex-escaped wildcard", "a.ts", `/^web\.staging\.example\.com$/`, []string{`deprecated-host web\.staging\.example\.com -> web-staging\.example\.com`}},
	{"trailing FQDN dot", "a.zone", "api.staging.example.com. IN CNAME lb.example.com.", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"sentence end", "a.md", "Use api.staging.example.com.", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"port", "a.env", "HOST=api.staging.example.com:8443", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"leading dot", "a.py", "domain=.api.staging.example.com", nil},
	{"ws to canonical host", "a.ts", "new WebSocket('ws://api-staging.example.com/ws')", []string{"insecure-scheme ws -> wss"}},
	{"ws to deprecated host", "a.ts", "ws://api.staging.example.com/ws", []string{"insecure-scheme ws -> wss", "deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"upper-case scheme", "a.ts", "WS://api-staging.example.com/ws", []string{"insecure-scheme WS -> wss"}},
	{"explicit port is report-only", "a.ts", "ws://api-staging.example.com:8080/ws", []string{"insecure-scheme ws -> "}},
	{"http to public host", "a.py", "http://api-staging.example.com/health", []string{"insecure-scheme http -> https"}},
	{"secure schemes", "a.py", "https://api-staging.example.com wss://api-staging.example.com/ws", nil},
	{"local hosts", "a.yml", "ws://localhost:8000 ws://backend:8000 http://127.0.0.1/ http://[::1]:8080/ http://app.localhost/", nil},
	{"hosts outside the zones", "a.yml", "http://example.org ws://api.staging.example.net/ws", nil},
	{"kept host", "a.py", "postgres.staging.example.com ws://postgres.staging.example.com/x", nil},
	{"kept wildcard", "a.py", "https://pr-123.staging.example.com", nil},
	{"report-only warning", "a.py", "new.legacy.example.com", []string{"deprecated-host new.legacy.example.com -> "}},
	{"allowed host", "a.py", "old.legacy.example.com", nil},
	{"uncovered two-level host", "a.py", "metrics.internal.example.com", []string{"uncovered-host metrics.internal.example.com -> "}},
	{"wildcard is one label", "a.py", "a.b.staging.example.com", []string{"uncovered-host a.b.staging.example.com -> "}},
	{"underscore label", "a.py", "api_staging.example.com", nil},
	{"production host in staging file", "deploy/staging.env", "API=https://api.example.com", []string{"environment-leak api.example.com -> "}},
	{"production host in production file", "deploy/prod.env", "API=https://api.example.com", nil},
	{"production host in shared file", "README.md", "API=https://api.example.com", nil},
	{"inline allow", "a.py", "x = 'api.staging.example.com'  # domainshift:allow reason: test fixture", nil},
	{"inline allow for one rule", "a.py", "ws://api.staging.example.com # domainshift:allow rule=insecure-scheme", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"allow next line", "a.py", "# domainshift:allow-next-line\nx = 'api.staging.example.com'\ny = 'api.staging.example.com'", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"allow-next-line is not allow", "a.py", "x = 'api.staging.example.com' # domainshift:allow-next-line", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"two hosts on one line", "a.py", "api.staging.example.com,app.staging.example.com", []string{"deprecated-host api.staging.example.com -> api-staging.example.com", "deprecated-host app.staging.example.com -> staging.example.com"}},
	{"zone repeated inside the host", "a.py", "example.com.example.com", []string{"uncovered-host example.com.example.com -> "}},
	{"shell default value", "a.sh", "API=${API_HOST:-app.staging.example.com}", []string{"deprecated-host app.staging.example.com -> staging.example.com"}},
	{"shell default value, kept host", "a.sh", "DB=${DB_HOST:-postgres.staging.example.com}", nil},
	{"hyphen before the whole host", "a.md", "-api.staging.example.com\n--api-staging.example.com", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"hyphen inside the first label", "a.md", "x-api.staging.example.com", []string{"deprecated-host x-api.staging.example.com -> x-api-staging.example.com"}},
	{"quadruple-escaped", "a.json", `"^api\\\\.staging\\\\.example\\\\.com$"`, []string{`deprecated-host api\\\\.staging\\\\.example\\\\.com -> api-staging\\\\.example\\\\.com`}},
	{"percent-encoded twice", "a.py", "cb=https%253A%252F%252Fapi.staging.example.com%252Fcb", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"percent-encoded twice, insecure scheme", "a.py", "cb=http%253A%252F%252Fapi-staging.example.com%252F", []string{"insecure-scheme http -> https"}},
	{"percent-encoded twice, e-mail", "a.py", "to=ops%2540api.staging.example.com", nil},
	{"Unicode label before the host", "a.md", "bücher.staging.example.com, straße.example.com", nil},
	{"Unicode label after the host", "a.md", "api.staging.example.comé", nil},
	{"punycode label", "a.md", "xn--bcher-kva.staging.example.com", []string{"deprecated-host xn--bcher-kva.staging.example.com -> xn--bcher-kva-staging.example.com"}},
	{"host against CJK text", "a.md", "詳細はapi.staging.example.comを参照", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"host in typographic quotes", "a.md", "“api.staging.example.com”\u00a0api.staging.example.com", []string{"deprecated-host api.staging.example.com -> api-staging.example.com", "deprecated-host api.staging.example.com -> api-staging.example.com"}},
	// Template placeholders inside a label are part of the host: kept by
	// pr-*.staging.example.com, or flattened by *.staging.example.com with
	// the placeholder as written; never the exact api.staging.example.com.
	{"template: Python format field, kept", "a.py", `PR_URL = f"https://pr-{PR_NUMBER}-api.staging.example.com"`, nil},
	{"template: Python format field first", "a.py", `f"https://{PR_NUMBER}-api.staging.example.com"`, []string{"deprecated-host {PR_NUMBER}-api.staging.example.com -> {PR_NUMBER}-api-staging.example.com"}},
	{"template: JavaScript, kept", "a.ts", "`https://pr-${number}-api.staging.example.com`", nil},
	{"template: JavaScript first", "a.ts", "`https://${number}-api.staging.example.com`", []string{"deprecated-host ${number}-api.staging.example.com -> ${number}-api-staging.example.com"}},
	{"template: Helm, kept", "values.yaml", "host: pr-{{ .Values.pr }}-api.staging.example.com", nil},
	{"template: Helm first", "values.yaml", "host: {{ .Values.pr }}-api.staging.example.com", []string{"deprecated-host {{ .Values.pr }}-api.staging.example.com -> {{ .Values.pr }}-api-staging.example.com"}},
	{"template: printf, kept", "a.go", `fmt.Sprintf("https://pr-%s-api.staging.example.com", n)`, nil},
	{"template: printf first", "a.go", `fmt.Sprintf("https://%s-api.staging.example.com", n)`, []string{"deprecated-host %s-api.staging.example.com -> %s-api-staging.example.com"}},
	{"template: Python percent, kept", "a.py", `"https://pr-%(n)s-api.staging.example.com" % d`, nil},
	{"template: Python percent first", "a.py", `"https://%(n)s-api.staging.example.com" % d`, []string{"deprecated-host %(n)s-api.staging.example.com -> %(n)s-api-staging.example.com"}},
	{"template: angle brackets, kept", "a.md", "curl https://pr-<pr>-api.staging.example.com/health", nil},
	{"template: angle brackets first", "a.md", "curl https://<pr>-api.staging.example.com/health", []string{"deprecated-host <pr>-api.staging.example.com -> <pr>-api-staging.example.com"}},
	{"template: shell variable, kept", "a.sh", "curl https://pr-$PR_NUMBER-api.staging.example.com", nil},
	{"template: GitHub Actions expression, kept", "ci.yml", "url: https://pr-${{ github.event.number }}-api.staging.example.com", nil},
	{"template: placeholder ending the label, kept", "a.py", `f"pr-{n}.staging.example.com"`, nil},
	{"template: placeholder glued to the label", "a.ts", "`${env}api.staging.example.com`", []string{"deprecated-host ${env}api.staging.example.com -> ${env}api-staging.example.com"}},
	{"template: placeholder as the whole label", "values.yaml", "host: {{ .Values.env }}.staging.example.com", []string{"deprecated-host {{ .Values.env }}.staging.example.com -> {{ .Values.env }}-staging.example.com"}},
	{"template: regex-escaped", "a.py", `r"^pr-{n}-api\.staging\.example\.com$" r"^{n}-api\.staging\.example\.com$"`, []string{`deprecated-host {n}-api\.staging\.example\.com -> {n}-api-staging\.example\.com`}},
	{"template: insecure scheme still found", "a.py", `f"http://{n}-api.staging.example.com"`, []string{"insecure-scheme http -> https", "deprecated-host {n}-api.staging.example.com -> {n}-api-staging.example.com"}},
	{"shell default :- is a host", "a.sh", "API=${API_HOST:-api.staging.example.com}", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"shell default - is a host", "a.sh", "API=${API_HOST-api.staging.example.com}", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"shell default := is a host", "a.sh", "API=${X:=api.staging.example.com}", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"HTML tag is not a placeholder", "a.html", "<a>api.staging.example.com</a> <b>app.staging.example.com</b>", []string{"deprecated-host api.staging.example.com -> api-staging.example.com", "deprecated-host app.staging.example.com -> staging.example.com"}},
	{"closing tag is not a placeholder", "a.html", "<p>see</p>-api.staging.example.com", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"JSON object is not a placeholder", "a.json", `{"a":1}api.staging.example.com`, []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"lower-case percent escape is not printf", "a.py", "next=https%3a%2f%2fapi.staging.example.com%2fcb", []string{"deprecated-host api.staging.example.com -> api-staging.example.com"}},
	{"percent escape before a templated host", "a.py", "next=https%3A%2F%2F{n}-api.staging.example.com", []string{"deprecated-host {n}-api.staging.example.com -> {n}-api-staging.example.com"}},
	{"CRLF", "a.bat", "set A=api.staging.example.com\r\nset B=ws://api-staging.example.com\r\n", []string{"deprecated-host api.staging.example.com -> api-staging.example.com", "insecure-scheme ws -> wss"}},
}

func TestMatchCases(t *testing.T) {
	m := NewMatcher(mustRules(t, testRules))
	for _, c := range matchCases {
		t.Run(c.name, func(t *testing.T) {
			res := m.Match(c.path, []byte(c.in))
			var got []string
			for _, f := range res.Findings {
				got = append(got, fmt.Sprintf("%s %s -> %s", f.Rule, f.Match, f.Replacement))
				if c.in[f.Offset:f.Offset+f.Length] != f.Match {
					t.Errorf("span %d+%d is %q, want %q", f.Offset, f.Length, c.in[f.Offset:f.Offset+f.Length], f.Match)
				}
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("findings in %q (-want +got):\n%s", c.in, diff)
			}
		})
	}
}

func TestMatchPositions(t *testing.T) {
	m := NewMatcher(mustRules(t, testRules))
	in := "first line\r\nsecond ws://api.staging.example.com/ws\nthird\n\tapp.staging.example.com"
	res := m.Match("deploy/staging.yml", []byte(in))
	type pos struct {
		Rule                 string
		Line, Column, Offset int
		Env                  string
	}
	var got []pos
	for _, f := range res.Findings {
		got = append(got, pos{f.Rule, f.Line, f.Column, f.Offset, f.Environment})
	}
	want := []pos{
		{"insecure-scheme", 2, 8, 19, "staging"},
		{"deprecated-host", 2, 13, 24, "staging"},
		{"deprecated-host", 4, 2, 58, "staging"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}

func TestMatchMessages(t *testing.T) {
	r := mustRules(t, strings.Replace(testRules, `replace = "api-staging.example.com"`, "replace = \"api-staging.example.com\"\nreason = \"two-level name\"", 1))
	res := NewMatcher(r).Match("a.py", []byte("ws://api.staging.example.com:8080 metrics.internal.example.com *.staging.example.com .+\\.staging\\.example\\.com"))
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Message)
	}
	want := []string{
		"ws:// to api.staging.example.com with an explicit port; use wss:// and check the TLS port (not fixed automatically)",
		"api.staging.example.com is deprecated, use api-staging.example.com (two-level name)",
		"metrics.internal.example.com is not covered by the certificate names (example.com, *.example.com)",
		"*.staging.example.com stands for deprecated hosts; no single name replaces a wildcard, fix it by hand",
		"this pattern stands for deprecated hosts (*.staging.example.com); no single name replaces it, fix it by hand",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}

func TestMatchInventory(t *testing.T) {
	m := NewMatcher(mustRules(t, testRules))
	res := m.Match("a.py", []byte("ops@staging.example.com api.staging.example.com old.legacy.example.com STAGING.example.com *.staging.example.com"))
	want := []string{"api.staging.example.com", "old.legacy.example.com", "staging.example.com"}
	if diff := cmp.Diff(want, res.Hosts); diff != "" {
		t.Errorf("hosts (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]bool{false, true, false}, res.Allowed); diff != "" {
		t.Errorf("allowed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{0}, res.UsedAllow); diff != "" {
		t.Errorf("used allow entries (-want +got):\n%s", diff)
	}
}

// FuzzMatch checks the matcher's invariants on arbitrary input: no panic,
// every span is the bytes at its offset, and no host finding starts or ends
// inside a label.
func FuzzMatch(f *testing.F) {
	for _, c := range matchCases {
		f.Add(c.in)
	}
	f.Add("api.staging.example.com%2F%2Fapi.staging.example.com\\\\.")
	f.Add("\\.\\.example.com.example.com..\\\\example.com")
	f.Add("pr-{a}-${b}-%s-%(c)s-<d>-{{ e }}-api.staging.example.com ${X-api.staging.example.com} %2fs-api.staging.example.com")
	f.Add("}}{{}api.staging.example.com $(a)$.staging.example.com <a>-<b>.staging.example.com %%s.staging.example.com")
	m := NewMatcher(mustRules(f, testRules))
	f.Fuzz(func(t *testing.T, in string) {
		data := []byte(in)
		res := m.Match("deploy/staging.txt", data)
		last := -1
		for _, fd := range res.Findings {
			if fd.Offset < 0 || fd.Offset+fd.Length > len(data) || string(data[fd.Offset:fd.Offset+fd.Length]) != fd.Match {
				t.Fatalf("span %d+%d does not hold %q", fd.Offset, fd.Length, fd.Match)
			}
			if fd.Offset < last {
				t.Fatalf("findings overlap or are out of order at %d", fd.Offset)
			}
			last = fd.Offset + fd.Length
			if fd.Rule == rules.RuleInsecureScheme {
				continue
			}
			if end := fd.Offset + fd.Length; end < len(data) && rules.IsLabelByte(data[end]) {
				t.Fatalf("host %q ends inside a label", fd.Match)
			}
			if s := fd.Offset; s > 0 && rules.IsLabelByte(data[s-1]) && !escapedAt(data, s) {
				t.Fatalf("host %q starts inside a label", fd.Match)
			}
			// a placeholder keeps its escapes in Host
			spelled, host := strings.ReplaceAll(fd.Match, `\`, ""), strings.ReplaceAll(fd.Host, `\`, "")
			if h, ok := strings.CutPrefix(host, "*."); ok { // a wildcard or a regex
				spelled, host = strings.TrimPrefix(strings.TrimPrefix(spelled, "*"), "."), h
			}
			if !strings.EqualFold(spelled, host) {
				t.Fatalf("match %q does not spell host %q", fd.Match, fd.Host)
			}
		}
	})
}

// escapedAt reports whether the label bytes right before s are the tail of
// an escape such as %2F or \n, the name of a shell default (${VAR-host}),
// or hyphens, which never start a label.
func escapedAt(data []byte, s int) bool {
	k := s
	for k > 0 && rules.IsLabelByte(data[k-1]) {
		k--
	}
	return leadLen(data, k, s) == s-k
}

// BenchmarkMatch measures the matcher on code-like text with sparse host
// mentions in several spellings.
func BenchmarkMatch(b *testing.B) {
	m := NewMatcher(mustRules(b, testRules))
	data := syntheticText(4<<20, 1)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		m.Match("src/app.ts", data)
	}
}

// BenchmarkMatchSmallFiles measures per-file overhead on 8 KiB files.
func BenchmarkMatchSmallFiles(b *testing.B) {
	m := NewMatcher(mustRules(b, testRules))
	data := syntheticText(4<<20, 2)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for off := 0; off < len(data); off += 8 << 10 {
			m.Match("src/app.ts", data[off:min(off+8<<10, len(data))])
		}
	}
}

// BenchmarkMatchDenseLine measures a minified file: one line holding many
// mentions, where per-finding work must not grow with the line's length.
func BenchmarkMatchDenseLine(b *testing.B) {
	m := NewMatcher(mustRules(b, testRules))
	data := []byte(strings.Repeat("api.staging.example.com,", 20000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		m.Match("dist/app.min.js", data)
	}
}

func syntheticText(size int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	lines := []string{
		"export function handleRequest(ctx: Context, next: () => Promise<void>) {",
		"    const value = config.get('timeout') ?? DEFAULT_TIMEOUT_MS;",
		"  resource \"aws_lb_listener\" \"https\" { port = 443 protocol = \"HTTPS\" }",
		"def validate_endpoints(endpoints: dict[str, str]) -> list[str]:",
		"      - name: Deploy to staging environment with the example tooling",
		"# Extra context: the exporter exposes metrics on /metrics every 15s.",
		"\"description\": \"An example value that looks like prose, with index and max.\",",
	}
	hosts := []string{
		"https://api.staging.example.com/v1", "ws://api-staging.example.com/ws", `api\.staging\.example\.com`,
		"https%3A%2F%2Fauth.staging.example.com", "ops@staging.example.com", "https://www.example.com",
	}
	var sb strings.Builder
	for sb.Len() < size {
		if rng.IntN(400) == 0 {
			sb.WriteString("url = \"" + hosts[rng.IntN(len(hosts))] + "\"\n")
			continue
		}
		sb.WriteString(lines[rng.IntN(len(lines))])
		sb.WriteByte('\n')
	}
	return []byte(sb.String())
}

// TestMatchTemplates: a templated host is one inventory entry, named as
// written, with the pattern the rules see and its placeholders; an allow
// pattern matches it as if each placeholder were '*'.
func TestMatchTemplates(t *testing.T) {
	m := NewMatcher(mustRules(t, testRules))
	in := "pr-{PR_NUMBER}-API.staging.example.com pr-${a}-{{ b }}.staging.example.com https://%(n)s.staging.example.com"
	res := m.Match("a.py", []byte(in))
	if diff := cmp.Diff([]string{"pr-{PR_NUMBER}-api.staging.example.com", "pr-${a}-{{ b }}.staging.example.com", "%(n)s.staging.example.com"}, res.Hosts); diff != "" {
		t.Errorf("hosts (-want +got):\n%s", diff)
	}
	want := []Template{
		{Pattern: "pr-*-api.staging.example.com", Holes: []string{"{PR_NUMBER}"}},
		{Pattern: "pr-*-*.staging.example.com", Holes: []string{"${a}", "{{ b }}"}},
		{Pattern: "*.staging.example.com", Holes: []string{"%(n)s"}},
	}
	if diff := cmp.Diff(want, res.Templates); diff != "" {
		t.Errorf("templates (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{0}, res.UsedKeep); diff != "" {
		t.Errorf("used keep entries (-want +got):\n%s", diff)
	}

	allow := mustRules(t, testRules+"\n[[allow]]\nhosts = [\"*-web.staging.example.com\"]\nreason = \"preview web hosts\"\n")
	res = NewMatcher(allow).Match("a.py", []byte("{{ .Values.pr }}-web.staging.example.com {{ .Values.pr }}-api.staging.example.com"))
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Match)
	}
	if diff := cmp.Diff([]string{"{{ .Values.pr }}-api.staging.example.com"}, got); diff != "" {
		t.Errorf("findings left by the allow entry (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1}, res.UsedAllow); diff != "" {
		t.Errorf("used allow entries (-want +got):\n%s", diff)
	}

	// A replacement that drops the capture would lose the placeholder.
	flat := mustRules(t, strings.Replace(testRules, `replace = "*-staging.example.com"`, `replace = "flat.example.com"`, 1))
	res = NewMatcher(flat).Match("a.py", []byte("{n}-api.staging.example.com"))
	if len(res.Findings) != 1 || res.Findings[0].Replacement != "" ||
		res.Findings[0].Message != "{n}-api.staging.example.com is deprecated; its replacement flat.example.com would drop the template placeholders, fix it by hand" {
		t.Errorf("findings: %+v", res.Findings)
	}
}

// TestExactHostNeverMatchesATemplatesTail: with only an exact deprecated
// host, and no keep or wildcard to speak for the longer name, a templated
// host that ends in it is not it, for every placeholder form, in the
// middle of a label or starting it; the same text with the placeholder
// gone is found.
func TestExactHostNeverMatchesATemplatesTail(t *testing.T) {
	m := NewMatcher(mustRules(t, "version = 1\n[[deprecated]]\nhost = \"api.staging.example.com\"\nreplace = \"api-staging.example.com\"\n"))
	for _, hole := range []string{"{PR_NUMBER}", "${number}", "{{ .Values.pr }}", "%s", "%(n)s", "<pr>", "$PR", "${{ github.event.number }}"} {
		for _, in := range []string{"https://pr-" + hole + "-api.staging.example.com/v1", "https://" + hole + "-api.staging.example.com/v1"} {
			if res := m.Match("a.py", []byte(in)); len(res.Findings) != 0 {
				t.Errorf("%s: found %q, want nothing", in, res.Findings[0].Match)
			}
		}
	}
	if res := m.Match("a.py", []byte("https://api.staging.example.com/v1")); len(res.Findings) != 1 {
		t.Errorf("the plain host: %d findings, want 1", len(res.Findings))
	}
}

// TestFindHostsAfterIndex: a group's index of members by the byte after
// the candidate is a shortcut only; the references found are those of
// trying every member at every candidate.
func TestFindHostsAfterIndex(t *testing.T) {
	zones := []string{"gcr.io", "godoc.org", "registry.k8s.io", "storage.googleapis.com", "kubernetes.io", "dl.k8s.io", "g.example"}
	set := newSearchSet(zones)
	plain := newSearchSet(zones)
	indexed := 0
	for gi := range plain.groups {
		if plain.groups[gi].after != nil {
			indexed++
		}
		plain.groups[gi].after, plain.groups[gi].always = nil, 0
	}
	if indexed == 0 {
		t.Fatal("no group is indexed: the test compares nothing")
	}
	data := append(syntheticText(1<<16, 3), []byte("GoDoc.org/x https://K8S.gcr.io eu.gcr.io/p G.example registry.k8s.io go gcr.io."+
		" storage.googleapis.com/kubernetes-charts dl.k8s.io/release gg.example g")...)
	for _, text := range [][]byte{data, []byte("g"), []byte("gg"), []byte("g.example")} {
		want, got := findHosts(text, plain, nil), findHosts(text, set, nil)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(hostRef{}, Template{})); diff != "" {
			t.Errorf("%.40q: refs with the index (-without +with):\n%s", text, diff)
		}
		if len(text) > 1000 && len(want) < 8 {
			t.Errorf("only %d references found: the text misses its hosts", len(want))
		}
	}
}
