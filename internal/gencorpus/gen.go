package main

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Kinds of host mention; the summary counts each.
const (
	kExact = iota // an exact deprecated host: a deprecated-host finding
	kWild         // a host only *.staging.example.com matches: a finding
	kKeep         // postgres.staging / pr-N.staging: kept, no finding
	kLook         // a look-alike of a deprecated host: no deprecated-host finding
	kEmail        // an e-mail address at a staging host: no finding
	kZone         // another host under example.com
	kOther        // a host outside the zone
	numKinds
)

var kindNames = [numKinds]string{"exact", "wildcard", "keep", "lookalike", "email", "zone_other", "other_domain"}

var kindWeights = [numKinds]int{35, 15, 5, 12, 4, 17, 12}

// gen produces the content of one file; it is reused across files.
type gen struct {
	r     *rand.Rand
	c     *corpus
	lang  lang
	buf   []byte
	kinds [numKinds]int
	depth int // open blocks, for languages with braces
}

func (g *gen) reset(r *rand.Rand, c *corpus, l lang) {
	g.r, g.c, g.lang, g.buf, g.kinds, g.depth = r, c, l, g.buf[:0], [numKinds]int{}, 0
}

func (g *gen) file(f fileSpec) []byte {
	if f.lang == langBin {
		return g.binary(f.size)
	}
	offs := make([]int, f.mentions)
	for i := range offs {
		offs[i] = g.r.IntN(f.size)
	}
	slices.Sort(offs)
	g.header()
	for len(g.buf) < f.size {
		if len(offs) > 0 && offs[0] <= len(g.buf) {
			offs = offs[1:]
			g.mention()
			continue
		}
		g.line()
	}
	for range offs { // a file shorter than planned still gets its mentions
		g.mention()
	}
	g.footer()
	return slices.Clone(g.buf)
}

func (g *gen) binary(size int) []byte {
	g.buf = append(g.buf, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"...)
	for len(g.buf) < size {
		v := g.r.Uint64()
		for range 8 {
			g.buf = append(g.buf, byte(v))
			v >>= 8
		}
	}
	return slices.Clone(g.buf)
}

// ---------------------------------------------------------------------------
// Vocabulary.

var words = strings.Fields(`
account action adapter admin agent alert api app archive asset audit auth
backend balance batch billing blob broker bucket buffer build bundle cache
callback cart catalog channel chart check client cluster config connector
consumer context controller cookie counter cron customer dashboard data
database debug deploy device dispatch document domain draft driver email
endpoint engine entry event example examples export factory feature feed
fetch field file filter flag form frame gateway graph group handler hash
header health helper history hook identity image import index info input
instance inventory invoice item job key label layout ledger limit link list
loader locale lock log login manager map market media message meta metric
middleware migration mock model module monitor node notice notify offer
order owner package page panel parser partner payload payment peer period
pipeline plan plugin policy pool portal post price print process product
profile project provider proxy publisher query queue quota rate reader
record redirect region registry release render report repo request
resolver resource response result retry review role route router rule
runner runtime schema scope score search secret segment sender server
service session setting shard signal snapshot socket source spec stage
state status store stream subscriber summary support sync table tag target
task team template tenant test theme ticket timer token topic trace
tracker transfer trigger upload usage user util validator value vault
vendor version view visitor wallet watcher webhook widget worker workflow
zone`)

var safeHosts = []string{"github.com", "pypi.org", "registry.npmjs.org", "s3.amazonaws.com",
	"storage.googleapis.com", "sentry.io", "docs.python.org", "developer.mozilla.org", "pkg.go.dev",
	"hub.docker.com", "localhost:8000", "backend:8000", "127.0.0.1:5432"}

func word(r *rand.Rand) string { return words[r.IntN(len(words))] }

func (g *gen) w() string { return words[g.r.IntN(len(words))] }

func (g *gen) ident() string {
	a, b := g.w(), g.w()
	return a + strings.ToUpper(b[:1]) + b[1:]
}

func (g *gen) typeName() string {
	a, b := g.w(), g.w()
	return strings.ToUpper(a[:1]) + a[1:] + strings.ToUpper(b[:1]) + b[1:]
}

func (g *gen) constName() string { return strings.ToUpper(g.w() + "_" + g.w()) }

func (g *gen) num() string { return strconv.Itoa(g.r.IntN(10000)) }

func (g *gen) s(ss ...string) {
	for _, s := range ss {
		g.buf = append(g.buf, s...)
	}
}

func (g *gen) words(n int) {
	for i := range n {
		if i > 0 {
			g.buf = append(g.buf, ' ')
		}
		g.buf = append(g.buf, g.w()...)
	}
}

func (g *gen) indent(n int, unit string) {
	for range n {
		g.buf = append(g.buf, unit...)
	}
}

func (g *gen) safeURL() string {
	return "https://" + safeHosts[g.r.IntN(len(safeHosts))] + "/" + g.w() + "/" + g.w()
}

// ---------------------------------------------------------------------------
// Background lines per language.

func (g *gen) header() {
	switch g.lang {
	case langPy:
		g.s("import os\nimport json\nfrom ", g.w(), ".", g.w(), " import ", g.typeName(), "\n\n")
	case langTS, langJS:
		g.s("import { ", g.typeName(), " } from \"./", g.w(), "\";\n\n")
	case langGo:
		g.s("package ", g.w(), "\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n)\n\n")
	case langJSON:
		g.s("{\n")
	case langMD:
		g.s("# ", g.typeName(), "\n\n")
	case langDocker:
		g.s("FROM python:3.12-slim\nWORKDIR /app\n")
	case langSh:
		g.s("#!/usr/bin/env bash\nset -euo pipefail\n\n")
	}
}

func (g *gen) footer() {
	switch g.lang {
	case langTS, langJS, langGo, langTF:
		for ; g.depth > 0; g.depth-- {
			g.indent(g.depth-1, "  ")
			g.s("}\n")
		}
	case langJSON:
		g.s("  \"", g.w(), "\": true\n}\n")
	}
}

func (g *gen) line() {
	r := g.r
	n := r.IntN(100)
	switch g.lang {
	case langPy:
		switch {
		case n < 8:
			g.s("\ndef ", g.w(), "_", g.w(), "(", g.w(), ", ", g.w(), "=None):\n")
		case n < 11:
			g.s("\nclass ", g.typeName(), "(", g.typeName(), "):\n")
		case n < 25:
			g.s("    ", g.w(), " = ", g.w(), ".", g.w(), "(", g.w(), ", ", g.num(), ")\n")
		case n < 35:
			g.s("    # ")
			g.words(3 + r.IntN(9))
			g.s("\n")
		case n < 47:
			g.s("    if ", g.w(), " is None:\n        raise ValueError(\"")
			g.words(2 + r.IntN(5))
			g.s("\")\n")
		case n < 57:
			g.s("    self.", g.w(), " = \"", g.w(), "-", g.w(), "\"\n")
		case n < 60:
			g.s("    resp = requests.get(\"", g.safeURL(), "\", timeout=", g.num(), ")\n")
		case n < 70:
			g.s("    return {\"", g.w(), "\": ", g.w(), ", \"", g.w(), "\": ", g.num(), "}\n")
		case n < 80:
			g.s("    for ", g.w(), " in ", g.w(), "s:\n        ", g.w(), ".append(", g.w(), ")\n")
		case n < 88:
			g.s("    logger.info(\"%s ")
			g.words(2 + r.IntN(4))
			g.s("\", ", g.w(), ")\n")
		default:
			g.s("\n")
		}
	case langTS, langJS:
		ind := min(g.depth, 3)
		switch {
		case n < 6 && g.depth < 3:
			g.indent(ind, "  ")
			g.s("export function ", g.ident(), "(", g.w(), ": string, ", g.w(), ": number): Promise<", g.typeName(), "> {\n")
			g.depth++
		case n < 10 && g.depth < 3:
			g.indent(ind, "  ")
			g.s("if (", g.w(), " === \"", g.w(), "\") {\n")
			g.depth++
		case n < 18 && g.depth > 0:
			g.depth--
			g.indent(g.depth, "  ")
			g.s("}\n")
		case n < 35:
			g.indent(ind, "  ")
			g.s("const ", g.ident(), " = await ", g.ident(), "(", g.w(), ", ", g.num(), ");\n")
		case n < 45:
			g.indent(ind, "  ")
			g.s("// ")
			g.words(3 + r.IntN(9))
			g.s("\n")
		case n < 50:
			g.s("import { ", g.typeName(), ", ", g.typeName(), " } from \"../", g.w(), "/", g.w(), "\";\n")
		case n < 53:
			g.indent(ind, "  ")
			g.s("const res = await fetch(\"", g.safeURL(), "\");\n")
		case n < 65:
			g.indent(ind, "  ")
			g.s(g.w(), ".", g.ident(), "({ ", g.w(), ": ", g.w(), ", ", g.w(), ": \"", g.w(), "\" });\n")
		case n < 75:
			g.indent(ind, "  ")
			g.s("return ", g.w(), "?.", g.w(), " ?? null;\n")
		case n < 85:
			g.indent(ind, "  ")
			g.s("let ", g.w(), ": ", g.typeName(), "[] = [];\n")
		default:
			g.s("\n")
		}
	case langGo:
		ind := min(g.depth, 3)
		switch {
		case n < 6 && g.depth == 0:
			g.s("\n// ", g.typeName(), " ")
			g.words(4 + r.IntN(8))
			g.s(".\nfunc ", g.typeName(), "(", g.w(), " string, ", g.w(), " int) error {\n")
			g.depth++
		case n < 12 && g.depth > 0 && g.depth < 3:
			g.indent(ind, "\t")
			g.s("if err := ", g.ident(), "(", g.w(), "); err != nil {\n")
			g.indent(ind+1, "\t")
			g.s("return fmt.Errorf(\"", g.w(), " ", g.w(), ": %w\", err)\n")
			g.depth++
		case n < 20 && g.depth > 0:
			g.depth--
			g.indent(g.depth, "\t")
			g.s("}\n")
		case n < 40:
			g.indent(max(ind, 1), "\t")
			g.s(g.ident(), " := ", g.w(), ".", g.typeName(), "(", g.w(), ", ", g.num(), ")\n")
		case n < 50:
			g.indent(max(ind, 1), "\t")
			g.s("// ")
			g.words(3 + r.IntN(9))
			g.s("\n")
		case n < 53:
			g.indent(max(ind, 1), "\t")
			g.s("resp, err := http.Get(\"", g.safeURL(), "\")\n")
		case n < 70:
			g.indent(max(ind, 1), "\t")
			g.s(g.w(), ".", g.typeName(), " = append(", g.w(), ".", g.typeName(), ", ", g.w(), ")\n")
		case n < 80:
			g.indent(max(ind, 1), "\t")
			g.s("log.Printf(\"", g.w(), " %s: %d\", ", g.w(), ", len(", g.w(), "))\n")
		default:
			g.s("\n")
		}
	case langYAML:
		switch {
		case n < 10:
			g.s(g.w(), ":\n")
		case n < 50:
			g.s("  ", g.w(), ": ", g.w(), "-", g.w(), "\n")
		case n < 65:
			g.s("  - name: ", g.w(), "\n    image: ghcr.io/acme/", g.w(), ":1.", g.num(), "\n")
		case n < 75:
			g.s("    ", g.w(), "_", g.w(), ": ", g.num(), "\n")
		case n < 80:
			g.s("    url: ", g.safeURL(), "\n")
		case n < 90:
			g.s("# ")
			g.words(3 + r.IntN(8))
			g.s("\n")
		default:
			g.s("    - \"", g.w(), "\"\n")
		}
	case langJSON:
		switch {
		case n < 50:
			g.s("  \"", g.w(), "_", g.w(), "\": \"", g.w(), " ", g.w(), "\",\n")
		case n < 75:
			g.s("  \"", g.w(), "\": ", g.num(), ",\n")
		case n < 80:
			g.s("  \"", g.w(), "Url\": \"", g.safeURL(), "\",\n")
		default:
			g.s("  \"", g.w(), "\": [\"", g.w(), "\", \"", g.w(), "\", \"", g.w(), "\"],\n")
		}
	case langTF:
		switch {
		case n < 8 && g.depth == 0:
			g.s("\nresource \"aws_", g.w(), "_", g.w(), "\" \"", g.w(), "\" {\n")
			g.depth++
		case n < 12 && g.depth == 0:
			g.s("\nvariable \"", g.w(), "_", g.w(), "\" {\n")
			g.depth++
		case n < 20 && g.depth > 0:
			g.depth--
			g.s("}\n")
		case n < 60:
			g.s("  ", g.w(), "_", g.w(), " = \"", g.w(), "-", g.w(), "\"\n")
		case n < 75:
			g.s("  ", g.w(), " = ", g.num(), "\n")
		case n < 85:
			g.s("  # ")
			g.words(3 + r.IntN(8))
			g.s("\n")
		default:
			g.s("  tags = { Name = \"", g.w(), "\", Team = \"", g.w(), "\" }\n")
		}
	case langEnv:
		switch {
		case n < 80:
			g.s(g.constName(), "=", g.w(), "_", g.num(), "\n")
		case n < 90:
			g.s("# ")
			g.words(3 + r.IntN(6))
			g.s("\n")
		default:
			g.s(g.constName(), "_URL=", g.safeURL(), "\n")
		}
	case langMD:
		switch {
		case n < 5:
			g.s("\n## ", g.typeName(), "\n\n")
		case n < 70:
			g.words(6 + r.IntN(14))
			g.s(".\n")
		case n < 80:
			g.s("- ")
			g.words(3 + r.IntN(8))
			g.s("\n")
		case n < 85:
			g.s("See [", g.w(), "](", g.safeURL(), ") for ")
			g.words(2 + r.IntN(4))
			g.s(".\n")
		case n < 90:
			g.s("```sh\n", g.w(), " ", g.w(), " --", g.w(), "\n```\n")
		default:
			g.s("\n")
		}
	case langDocker:
		switch {
		case n < 30:
			g.s("RUN pip install --no-cache-dir ", g.w(), " ", g.w(), "\n")
		case n < 50:
			g.s("COPY ", g.w(), "/ /app/", g.w(), "/\n")
		case n < 75:
			g.s("ENV ", g.constName(), "=", g.w(), "\n")
		case n < 85:
			g.s("# ")
			g.words(3 + r.IntN(6))
			g.s("\n")
		default:
			g.s("EXPOSE ", g.num(), "\n")
		}
	case langSh:
		switch {
		case n < 25:
			g.s("echo \"")
			g.words(2 + r.IntN(6))
			g.s("\"\n")
		case n < 45:
			g.s("export ", g.constName(), "=\"${", g.constName(), ":-", g.w(), "}\"\n")
		case n < 60:
			g.s("if [ -f \"", g.w(), ".", g.w(), "\" ]; then\n  ", g.w(), " --", g.w(), "\nfi\n")
		case n < 70:
			g.s("curl -fsS \"", g.safeURL(), "\" -o /tmp/", g.w(), "\n")
		case n < 85:
			g.s("# ")
			g.words(3 + r.IntN(8))
			g.s("\n")
		default:
			g.s(g.w(), " ", g.w(), " --", g.w(), "=", g.num(), "\n")
		}
	case langTOML:
		switch {
		case n < 10:
			g.s("\n[", g.w(), "]\n")
		case n < 80:
			g.s(g.w(), "_", g.w(), " = \"", g.w(), "\"\n")
		default:
			g.s(g.w(), " = ", g.num(), "\n")
		}
	default: // txt, cfg, ini, log
		if n < 50 {
			g.s("2025-01-0", strconv.Itoa(1+g.r.IntN(9)), "T12:", strconv.Itoa(10+g.r.IntN(50)), ":00Z INFO ")
		}
		g.words(5 + r.IntN(12))
		g.s("\n")
	}
}

// ---------------------------------------------------------------------------
// Host mentions.

func (g *gen) pickKind() int {
	total := 0
	for _, w := range kindWeights {
		total += w
	}
	n := g.r.IntN(total)
	for k, w := range kindWeights {
		if n < w {
			return k
		}
		n -= w
	}
	return kOther
}

func (g *gen) mention() {
	r := g.r
	k := g.pickKind()
	g.kinds[k]++
	ex := g.c.exact[r.IntN(len(g.c.exact))].old
	var tok string
	switch k {
	case kExact:
		tok = g.spell(ex)
	case kWild:
		l := wildLabels[r.IntN(len(wildLabels))]
		if r.IntN(3) == 0 {
			l = g.w() + "-svc"
		}
		tok = g.spell(l + ".staging." + zone)
	case kKeep:
		h := "postgres.staging." + zone
		if r.IntN(2) == 0 {
			h = "pr-" + strconv.Itoa(1+r.IntN(999)) + ".staging." + zone
		}
		tok = g.spell(h)
	case kLook:
		switch r.IntN(8) {
		case 0:
			tok = ex + ".evil.test"
		case 1:
			tok = "https://" + ex + ".evil.test/login"
		case 2:
			tok = ex + "x"
		case 3:
			tok = ex + "-old"
		case 4:
			tok = ex + "_backup"
		case 5:
			tok = "eu." + ex // two labels under staging: no wildcard match
		case 6:
			tok = "https://" + ex + "munity/"
		default:
			tok = "wss://" + strings.TrimSuffix(ex, ".com") + ".co/ws"
		}
	case kEmail:
		if r.IntN(2) == 0 {
			tok = "ops@staging." + zone
		} else {
			tok = []string{"alerts", "oncall", "noreply", "deploy"}[r.IntN(4)] + "@" + ex
		}
	case kZone:
		tok = g.spell(otherZoneHosts[r.IntN(len(otherZoneHosts))])
	default:
		tok = g.spell(otherHosts[r.IntN(len(otherHosts))])
	}
	g.wrap(tok)
}

var paths = []string{"/", "/v1/", "/api/v2/users", "/login", "/ws", "/socket.io/?EIO=4", "/health", "/callback?next=%2F", ""}

// spell writes host h in one of the spellings the scanner must recognise.
func (g *gen) spell(h string) string {
	r := g.r
	p := paths[r.IntN(len(paths))]
	switch n := r.IntN(86); {
	case n < 18:
		return h
	case n < 28: // mixed case, sometimes in a URL
		m := g.mixCase(h)
		if r.IntN(2) == 0 {
			return "https://" + m + p
		}
		return m
	case n < 44:
		return "https://" + h + p
	case n < 49:
		return "wss://" + h + "/ws"
	case n < 52:
		return "ws://" + h + "/socket"
	case n < 56:
		return "http://" + h + p
	case n < 61:
		if r.IntN(2) == 0 {
			return "https://" + h + ":8443" + p
		}
		return h + ":" + []string{"443", "80", "8080", "5432"}[r.IntN(4)]
	case n < 66:
		return "^https://" + strings.ReplaceAll(h, ".", `\.`) + "/"
	case n < 69:
		return strings.ReplaceAll(h, ".", `\\.`)
	case n < 73:
		return "https%3A%2F%2F" + h + "%2Fcallback"
	case n < 77:
		return `https:\/\/` + h + `\/v1\/`
	case n < 79:
		return "https://deploy:s3cret@" + h + "/"
	case n < 81:
		return h + "." // FQDN / sentence end: wrap adds a space or quote after
	default:
		return "https://" + h + p
	}
}

func (g *gen) mixCase(h string) string {
	b := []byte(h)
	switch g.r.IntN(3) {
	case 0:
		return strings.ToUpper(h)
	case 1: // capitalise each label
		up := true
		for i, c := range b {
			if up && c >= 'a' && c <= 'z' {
				b[i] = c - 32
			}
			up = c == '.' || c == '-'
		}
	default:
		for i, c := range b {
			if c >= 'a' && c <= 'z' && g.r.IntN(3) == 0 {
				b[i] = c - 32
			}
		}
	}
	return string(b)
}

// wrap writes a line that holds tok in the file's language.
func (g *gen) wrap(tok string) {
	r := g.r
	n := r.IntN(4)
	switch g.lang {
	case langPy:
		switch n {
		case 0:
			g.s(g.constName(), " = \"", tok, "\"\n")
		case 1:
			g.s("    ", g.w(), " = os.environ.get(\"", g.constName(), "\", \"", tok, "\")\n")
		case 2:
			g.s("    # ", g.w(), " ", g.w(), " ", tok, " ", g.w(), "\n")
		default:
			g.s("    ", g.w(), " = client.get(f\"", tok, "\")\n")
		}
	case langTS, langJS:
		switch n {
		case 0:
			g.s("export const ", g.constName(), " = \"", tok, "\";\n")
		case 1:
			g.s("  const ", g.w(), " = process.env.", g.constName(), " ?? '", tok, "';\n")
		case 2:
			g.s("  // ", g.w(), " ", tok, " ", g.w(), "\n")
		default:
			g.s("  ", g.w(), ": `", tok, "`,\n")
		}
	case langGo:
		switch n {
		case 0:
			g.s("const ", g.ident(), " = \"", tok, "\"\n")
		case 1:
			g.s("\t", g.w(), " := `", tok, "`\n")
		case 2:
			g.s("\t// ", g.w(), " ", tok, " ", g.w(), "\n")
		default:
			g.s("\t", g.w(), ".", g.typeName(), "(\"", tok, "\")\n")
		}
	case langYAML:
		switch n {
		case 0:
			g.s("  ", g.w(), "_url: ", tok, "\n")
		case 1:
			g.s("    - \"", tok, "\"\n")
		case 2:
			g.s("  # ", g.w(), " ", tok, "\n")
		default:
			g.s("    value: '", tok, "'\n")
		}
	case langJSON:
		g.s("  \"", g.w(), "_", g.w(), "\": \"", tok, "\",\n")
	case langTF:
		g.s("  ", g.w(), "_", g.w(), " = \"", tok, "\"\n")
	case langEnv:
		if n == 0 {
			g.s("# ", g.w(), " ", tok, "\n")
		} else {
			g.s(g.constName(), "=", tok, "\n")
		}
	case langMD:
		switch n {
		case 0:
			g.s("The ", g.w(), " service runs at ", tok, " now.\n")
		case 1:
			g.s("- `", tok, "`: ", g.w(), " ", g.w(), "\n")
		case 2:
			g.s("| ", g.w(), " | ", tok, " | ", g.w(), " |\n")
		default:
			g.s("See <", tok, "> or ask ", g.w(), ".\n")
		}
	case langDocker:
		g.s("ENV ", g.constName(), "=", tok, "\n")
	case langSh:
		if n < 2 {
			g.s("export ", g.constName(), "=\"", tok, "\"\n")
		} else {
			g.s("curl -fsS \"", tok, "\" | jq .\n")
		}
	case langTOML:
		g.s(g.w(), "_url = \"", tok, "\"\n")
	default:
		g.s("2025-01-02T10:00:00Z WARN ", g.w(), " ", tok, " ", g.w(), "\n")
	}
}
