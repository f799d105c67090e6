package scaffold

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/domainshift/domainshift/schema"
)

// confirm marks every guess in the generated file; grep for it.
const confirm = "CONFIRM"

// TOML renders the proposal as a commented rules.toml that rules.Load
// accepts as it is.
func (p *Proposal) TOML() []byte {
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("#:schema %s", schema.RulesURL) // editor completion and validation (Taplo, Even Better TOML)
	w("# rules.toml: the single source of truth for a domainshift migration.")
	w("#")
	w("# Proposed by `domainshift init` from the host names found in this repository.")
	w("# Every line marked %s is a guess: check it, fix it or delete it, then run", confirm)
	w("#")
	w("#     domainshift hosts    # every host with its status under these rules")
	w("#     domainshift scan     # every finding")
	w("#")
	w("# Globs are relative to the root (the top of the git repository, or outside")
	w("# git the directory of this file); in host patterns '*' is one label's characters.")
	w("")
	w("version = 1")
	w("")
	w("[scan]")
	w(`exclude = ["**/node_modules/**", "**/vendor/**"]`)
	w(`max_file_size = "8MiB"`)

	w("")
	w("# ---------------------------------------------------------------------------")
	w("# Environments, guessed from the paths. A file belongs to an environment when")
	w("# its path matches one of `paths`; a host canonical for one environment found")
	w("# in a file of another is an environment-leak finding.")
	w("# ---------------------------------------------------------------------------")
	if len(p.Environments) == 0 {
		w("")
		w("# No path named staging, prod, dev, qa ... was found. Declare environments as")
		w("#")
		w("# [environments.staging]")
		w(`# paths = ["**/*staging*", "**/*staging*/**"]`)
		w("# [environments.staging.endpoints]")
		w(`# backend = "https://api-staging.example.com"`)
	}
	for _, e := range p.Environments {
		w("")
		w("# %s: %d %s with %s in the path, such as %s.", confirm, e.Files, plural.Word(e.Files, "file"), quoteList(e.Spellings), strings.Join(e.Examples, ", "))
		w("[environments.%s]", e.Name)
		w("paths = [")
		for _, g := range e.Paths {
			w("  %s,", tomlQuote(g))
		}
		w("]")
		w("")
		w("[environments.%s.endpoints]", e.Name)
		if len(e.Endpoints) == 0 {
			w("# %s: the canonical URL of each role, for example", confirm)
			w(`# backend = "https://api-%s.example.com"`, e.Name)
			continue
		}
		w("# %s: candidates from the hosts seen; keep one URL per role and uncomment.", confirm)
		for _, ep := range e.Endpoints {
			w("# %s = %s", bareKey(ep.Role), tomlQuote(ep.URL))
		}
	}

	if len(p.Deprecated) > 0 || len(p.Uncovered) > 0 {
		w("")
		w("# ---------------------------------------------------------------------------")
		w("# Deprecated names: hosts two labels under a wildcard certificate, which")
		w("# covers exactly one label, with a flattened one-label replacement.")
		w("# ---------------------------------------------------------------------------")
	}
	groups := map[string]int{}
	for _, d := range p.Deprecated {
		groups[middle(d.Host)]++
	}
	hinted := map[string]bool{}
	for _, d := range p.Deprecated {
		if m := middle(d.Host); groups[m] > 1 && !hinted[m] {
			hinted[m] = true
			w("")
			w("# %d hosts end in .%s; one wildcard rule can replace their entries:", groups[m], m)
			w("# [[deprecated]]")
			w(`# host    = "*.%s"`, m)
			w("# replace = %s", tomlQuote("*-"+m))
		}
		w("")
		w("# %s: %d %s; is %s the new name?", confirm, d.Mentions, plural.Word(d.Mentions, "mention"), d.Replace)
		w("[[deprecated]]")
		w("host    = %s", tomlQuote(d.Host))
		w("replace = %s", tomlQuote(d.Replace))
		w("reason  = %s", tomlQuote("two-level name, not covered by the "+d.Cert+" certificate"))
	}
	if len(p.Uncovered) > 0 {
		w("")
		w("# %s: not covered by the certificate names and no flattened name fits;", confirm)
		w("# add a [[deprecated]] rule with a new name, or a [[keep]] entry if internal:")
		for _, h := range p.Uncovered {
			w("#   %s", h)
		}
	}

	w("")
	w("# ---------------------------------------------------------------------------")
	w("# Hosts that never produce findings: internal DNS, preview deployments.")
	w("# ---------------------------------------------------------------------------")
	w("")
	w("# [[keep]]")
	w(`# hosts  = ["postgres.internal.example.com", "pr-*.example.com"]`)
	w(`# reason = "internal DNS, not behind the public certificate"`)

	w("")
	w("# ---------------------------------------------------------------------------")
	w("# Scheme policy: every name in these zones, at any depth, needs https:// and")
	w("# wss://. %s: keep only your own zones, drop third-party ones.", confirm)
	w("# ---------------------------------------------------------------------------")
	w("")
	w("[secure]")
	if len(p.Zones) == 0 {
		w("zones = []   # no host names found; add your zones, such as \"example.com\"")
	} else {
		w("zones = [")
		width := 0
		for _, z := range p.Zones {
			width = max(width, len(tomlQuote(z.Name))+1)
		}
		for _, z := range p.Zones {
			w("  %-*s # %d %s, %d %s", width, tomlQuote(z.Name)+",", z.Hosts, plural.Word(z.Hosts, "host"), z.Mentions, plural.Word(z.Mentions, "mention"))
		}
		w("]")
	}
	w(`local = ["localhost", "127.0.0.1", "::1", "*.localhost", "*.local"]`)
	w("fix   = true   # rewrite ws:// -> wss://, http:// -> https:// (URLs without a port)")

	w("")
	w("# ---------------------------------------------------------------------------")
	w("# Certificate coverage, offline: a host under these names' zones that they")
	w("# do not cover is an uncovered-host finding.")
	w("# ---------------------------------------------------------------------------")
	w("")
	if len(p.Certs) == 0 {
		w("# %s: the names on your TLS certificate (rerun init with --cert to get", confirm)
		w("# proposals for the hosts they do not cover).")
		w("# [certificates]")
		w(`# names    = ["example.com", "*.example.com"]`)
		w(`# severity = "warning"`)
	} else {
		w("[certificates]")
		quoted := make([]string, len(p.Certs))
		for i, c := range p.Certs {
			quoted[i] = tomlQuote(c)
		}
		w("names    = [%s]", strings.Join(quoted, ", "))
		w(`severity = "warning"   # "error" once the migration is done`)
	}
	return b.Bytes()
}

// middle is a host without its first label: the zone a flattening rule
// for it would name.
func middle(h string) string { return h[strings.IndexByte(h, '.')+1:] }

func quoteList(ws []string) string {
	q := make([]string, len(ws))
	for i, s := range ws {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, " or ")
}

// tomlQuote returns a TOML basic string for s.
func tomlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		case r == utf8.RuneError:
			b.WriteString(`\uFFFD`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// bareKey returns k as a TOML key: bare when it can be, quoted otherwise.
func bareKey(k string) string {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return tomlQuote(k)
		}
	}
	if k == "" {
		return `""`
	}
	return k
}
