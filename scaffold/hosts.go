// Package scaffold proposes a starter rules.toml for a repository that has
// none yet: it finds candidate host names in the files without any rules,
// groups them into zones, guesses the environments from the paths, and,
// given the certificate names, proposes a flattened replacement for every
// uncovered two-level host. Every proposal is marked for a person to
// confirm. It reads files and never prints or writes.
package scaffold

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/domainshift/domainshift/scanner"
)

// Host is one candidate host name and where it was seen.
type Host struct {
	Name     string // lower case
	Mentions int
	Files    int
	InURL    bool // seen at least once right after "//"
}

// Inventory is what Collect found in a repository.
type Inventory struct {
	Hosts []Host   // by name
	Paths []string // every file looked at, slash-separated, sorted
}

// maxFileSize and binaryProbe match the scanner's defaults.
const (
	maxFileSize = 8 << 20
	binaryProbe = 8000
)

// Collect lists the files under root (git-aware, as a scan would) and
// finds the candidate hosts in them. skip, when set, leaves out paths such
// as an old rules.toml.
func Collect(ctx context.Context, root string, skip func(path string) bool) (*Inventory, error) {
	paths, err := scanner.ListFiles(ctx, root)
	if err != nil {
		return nil, err
	}
	inv := &Inventory{}
	byName := map[string]*Host{}
	for _, p := range paths {
		if skip != nil && skip(p) || vendored(p) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		inv.Paths = append(inv.Paths, p)
		data, err := readText(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		seen := map[string]bool{}
		for _, ref := range FindHosts(data) {
			h := byName[ref.Name]
			if h == nil {
				h = &Host{Name: ref.Name}
				byName[ref.Name] = h
			}
			h.Mentions++
			h.InURL = h.InURL || ref.InURL
			if !seen[ref.Name] {
				seen[ref.Name] = true
				h.Files++
			}
		}
	}
	for _, h := range byName {
		inv.Hosts = append(inv.Hosts, *h)
	}
	sort.Slice(inv.Hosts, func(i, j int) bool { return inv.Hosts[i].Name < inv.Hosts[j].Name })
	return inv, nil
}

// vendored reports whether p lies in third-party code, whose hosts say
// nothing about the repository's own.
func vendored(p string) bool {
	for _, d := range []string{"node_modules/", "vendor/", ".domainshift/"} {
		if strings.HasPrefix(p, d) || strings.Contains(p, "/"+d) {
			return true
		}
	}
	return false
}

// readText returns the file's content, or nil for a binary or oversized one.
func readText(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileSize || bytes.IndexByte(data[:min(len(data), binaryProbe)], 0) >= 0 {
		return nil, nil
	}
	return data, nil
}

// Ref is one host mention.
type Ref struct {
	Name  string // lower case
	InURL bool
}

var dottedRE = regexp.MustCompile(`[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+`)

// FindHosts returns the dotted names in data that end in a known top-level
// label, in order. A name glued to other name characters is not a host;
// nor is the domain of an e-mail address (ops@example.com), while a host
// after a URL's userinfo is. Percent-encoded slashes before a host
// (https%3A%2F%2Fapi.example.com) are recognised.
func FindHosts(data []byte) []Ref {
	var out []Ref
	for _, m := range dottedRE.FindAllIndex(data, -1) {
		s, e := m[0], m[1]
		// "%2Fapi.example.com": the regexp took the "2F" of the escape.
		encoded := s > 0 && data[s-1] == '%' && e-s > 2 && strings.EqualFold(string(data[s:s+2]), "2F")
		if encoded {
			s += 2
		} else if s > 0 && (isNameByte(data[s-1]) || data[s-1] == '.' || data[s-1] == '%') {
			continue
		}
		if e < len(data) && (isNameByte(data[e]) || data[e] == '_') {
			continue
		}
		if s > 0 && data[s-1] == '@' && !userinfo(data, s-1) {
			continue
		}
		name := strings.ToLower(string(data[s:e]))
		if !hostLike(name) {
			continue
		}
		out = append(out, Ref{Name: name, InURL: afterSlashes(data, s)})
	}
	return out
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// userinfo reports whether the '@' at at ends the userinfo of a URL: a
// "://" comes before it in the same run of non-space bytes.
func userinfo(data []byte, at int) bool {
	start := at
	for start > 0 && !isSpaceOrQuote(data[start-1]) {
		start--
	}
	return bytes.Contains(data[start:at], []byte("://"))
}

func isSpaceOrQuote(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '`' || c == '<' || c == '>' || c == '(' || c == ')'
}

// afterSlashes reports whether the host at s follows "//" (possibly
// escaped or percent-encoded), or the userinfo of such a URL.
func afterSlashes(data []byte, s int) bool {
	if s > 0 && data[s-1] == '@' {
		return true
	}
	before := strings.ToLower(string(data[max(0, s-6):s]))
	return strings.HasSuffix(before, "//") || strings.HasSuffix(before, `\/\/`) || strings.HasSuffix(before, "%2f%2f")
}

// hostLike reports whether the lower-case dotted name ends in a known
// top-level label and has no all-digit label (a version, an IP address).
func hostLike(name string) bool {
	labels := strings.Split(name, ".")
	if !tlds[labels[len(labels)-1]] {
		return false
	}
	for _, l := range labels {
		if strings.Trim(l, "0123456789") == "" {
			return false
		}
	}
	return true
}

// tlds are the top-level labels a candidate host must end in. The list
// leaves out real top-level domains that are far more often file
// extensions or code (py, sh, md, rs, pl, so, zip, mov, in, host, test).
var tlds = setOf(`com net org edu gov mil int io ai co dev app cloud tech xyz info biz me us uk eu de fr nl be ch at se no dk fi es it pt ie ca au nz jp cn kr br mx ru tv cc gg ly sg hk tw za pro online site store page run live studio systems services digital agency software network solutions company team tools space email group global world`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// twoPartSuffixes are public suffixes of two labels under which names are
// registered one level deeper (example.co.uk).
var twoPartSuffixes = setOf(`co.uk org.uk ac.uk gov.uk me.uk ltd.uk plc.uk com.au net.au org.au co.nz co.jp ne.jp or.jp com.br com.cn co.in co.za com.mx co.kr com.sg com.tr com.hk com.tw`)

// ZoneOf returns the registrable-looking suffix of the lower-case host: its
// last two labels, or three under a two-part public suffix such as co.uk.
func ZoneOf(h string) string {
	labels := strings.Split(h, ".")
	n := 2
	if len(labels) >= 3 && twoPartSuffixes[strings.Join(labels[len(labels)-2:], ".")] {
		n = 3
	}
	if len(labels) <= n {
		return h
	}
	return strings.Join(labels[len(labels)-n:], ".")
}
