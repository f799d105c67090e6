package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/domainshift/domainshift/rules"
)

// renderEnv writes a dotenv file: ENV_ROLE_URL and ENV_ROLE_HOST per role,
// prefixed with the environment because environment variables share one
// namespace.
func renderEnv(b *bytes.Buffer, env rules.Environment, consts []constant, opts Options) {
	comment(b, "# ", headerLines(env, opts))
	prefix := envPrefix(env)
	for _, c := range consts {
		b.WriteString("\n")
		fmt.Fprintf(b, "%s_%s_URL=%s\n", prefix, c.upper, envQuote(c.url))
		fmt.Fprintf(b, "%s_%s_HOST=%s\n", prefix, c.upper, envQuote(c.host))
	}
}

// envQuote leaves a value that every dotenv reader takes literally bare; a
// value with other bytes (& would background a sourced line) goes in single quotes (literal in shells,
// docker compose, python-dotenv and node's dotenv), or in double quotes with
// backslash escapes when it holds a single quote itself.
func envQuote(v string) string {
	safe := true
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.:/@%+=,", c) >= 0) {
			safe = false
			break
		}
	}
	switch {
	case safe:
		return v
	case !strings.ContainsAny(v, "'\n\r"):
		return "'" + v + "'"
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`", "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(v) + `"`
}

// jsonDoc is the JSON export; field order is the output order.
type jsonDoc struct {
	Comment     string                  `json:"$comment"`
	Environment string                  `json:"environment"`
	Endpoints   map[string]jsonEndpoint `json:"endpoints"` // encoding/json sorts the keys
}

type jsonEndpoint struct {
	URL  string `json:"url"`
	Host string `json:"host"`
	Port string `json:"port,omitempty"`
}

func renderJSON(b *bytes.Buffer, env rules.Environment, _ []constant, opts Options) {
	h := headerLines(env, opts)
	doc := jsonDoc{
		Comment:     h[0] + " " + h[2] + " " + h[3],
		Environment: env.Name,
		Endpoints:   map[string]jsonEndpoint{},
	}
	for _, ep := range env.Endpoints {
		doc.Endpoints[ep.Role] = jsonEndpoint{URL: ep.URL, Host: ep.Host, Port: ep.Port}
	}
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(doc) // strings and maps of strings always encode
}

func renderPython(b *bytes.Buffer, env rules.Environment, consts []constant, opts Options) {
	comment(b, "# ", headerLines(env, opts))
	fmt.Fprintf(b, "\nENVIRONMENT = %s\n", pyQuote(env.Name))
	for _, c := range consts {
		fmt.Fprintf(b, "\n%s_URL = %s\n", c.upper, pyQuote(c.url))
		fmt.Fprintf(b, "%s_HOST = %s\n", c.upper, pyQuote(c.host))
	}
	if len(consts) == 0 {
		b.WriteString("\nENDPOINTS = {}\n")
		return
	}
	b.WriteString("\nENDPOINTS = {\n")
	for _, c := range consts {
		fmt.Fprintf(b, "    %s: %s_URL,\n", pyQuote(c.role), c.upper)
	}
	b.WriteString("}\n")
}

// pyQuote returns a double-quoted Python 3 string literal for s.
func pyQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i]) // cannot happen for TOML strings, which are UTF-8
		case r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < utf8.RuneSelf || strconv.IsPrint(r):
			b.WriteRune(r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}

func renderTypeScript(b *bytes.Buffer, env rules.Environment, consts []constant, opts Options) {
	comment(b, "// ", headerLines(env, opts))
	fmt.Fprintf(b, "\nexport const ENVIRONMENT = %s;\n", jsQuote(env.Name))
	for _, c := range consts {
		fmt.Fprintf(b, "\nexport const %s_URL = %s;\n", c.upper, jsQuote(c.url))
		fmt.Fprintf(b, "export const %s_HOST = %s;\n", c.upper, jsQuote(c.host))
	}
	if len(consts) == 0 {
		b.WriteString("\nexport const ENDPOINTS = {} as const;\n")
		return
	}
	b.WriteString("\nexport const ENDPOINTS = {\n")
	for _, c := range consts {
		key := c.role
		if !isJSIdent(key) {
			key = jsQuote(key)
		}
		fmt.Fprintf(b, "  %s: %s_URL,\n", key, c.upper)
	}
	b.WriteString("} as const;\n")
}

// jsQuote returns a JavaScript string literal for s: JSON's, which is valid
// JavaScript (U+2028 and U+2029 are escaped too).
func jsQuote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

func isJSIdent(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

func renderGo(b *bytes.Buffer, env rules.Environment, consts []constant, opts Options) {
	pkg := opts.Package
	if pkg == "" {
		pkg = "endpoints"
	}
	comment(b, "// ", headerLines(env, opts)[:1])
	fmt.Fprintf(b, "\n// Package %s holds the canonical endpoints of the %q environment.\n", pkg, env.Name)
	fmt.Fprintf(b, "// Change them in %s, then run `domainshift export --write`.\n", opts.Source)
	fmt.Fprintf(b, "package %s\n\n", pkg)
	b.WriteString("// Environment is the environment these endpoints belong to.\n")
	fmt.Fprintf(b, "const Environment = %s\n", strconv.Quote(env.Name))
	if len(consts) > 0 {
		b.WriteString("\n// The canonical URL and host of every role.\nconst (\n")
		for _, c := range consts {
			fmt.Fprintf(b, "%sURL = %s\n", c.camel, strconv.Quote(c.url))
			fmt.Fprintf(b, "%sHost = %s\n", c.camel, strconv.Quote(c.host))
		}
		b.WriteString(")\n")
	}
	b.WriteString("\n// Endpoints returns the URL of every role, keyed by the role name in\n// rules.toml.\nfunc Endpoints() map[string]string {\n\treturn map[string]string{\n")
	for _, c := range consts {
		fmt.Fprintf(b, "%s: %sURL,\n", strconv.Quote(c.role), c.camel)
	}
	b.WriteString("}\n}\n")
}

// goPackage names the package of a Go export at the slash-separated path
// under root: the package clause of the other Go files in its directory
// when there are any (so a file in package main stays in main), otherwise
// the directory's name, otherwise "endpoints".
func goPackage(root, path string) string {
	dir := path[:max(strings.LastIndexByte(path, '/'), 0)]
	abs := filepath.Join(root, filepath.FromSlash(dir))
	if entries, err := os.ReadDir(abs); err == nil {
		for _, e := range entries {
			n := e.Name()
			if !e.Type().IsRegular() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || n == filepath.Base(path) {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(abs, n), nil, parser.PackageClauseOnly)
			if err == nil {
				return f.Name.Name
			}
		}
	}
	base := dir[strings.LastIndexByte(dir, '/')+1:]
	var b strings.Builder
	for i := 0; i < len(base); i++ {
		c := base[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9' && b.Len() > 0:
			b.WriteByte(c)
		}
	}
	name := b.String()
	if name == "" || token.IsKeyword(name) {
		return "endpoints"
	}
	return name
}
