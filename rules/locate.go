package rules

import (
	"regexp"
	"strconv"
	"strings"
)

// position is a 1-based line and column in the rules file.
type position struct{ line, col int }

// locator maps key paths such as "deprecated[1].replace" or
// "environments.staging.endpoints.backend" to where they are written. The
// TOML decoder does not expose key positions, so this reads the common
// layouts of a rules file line by line: table headers, array-of-table
// headers and key/value lines, skipping multi-line arrays and strings.
type locator struct {
	src   []string
	keys  map[string]position
	order []string
}

var (
	headerRE = regexp.MustCompile(`^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?`)
	keyRE    = regexp.MustCompile(`^(\s*)((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=`)
)

func newLocator(src []byte) *locator {
	l := &locator{src: strings.Split(string(src), "\n"), keys: map[string]position{}}
	counts := map[string]int{}
	prefix := ""
	depth := 0        // open brackets of a multi-line array
	inString := false // inside a multi-line basic or literal string
	for i, line := range l.src {
		if inString {
			if strings.Count(line, `"""`)%2 == 1 || strings.Count(line, `'''`)%2 == 1 {
				inString = false
			}
			continue
		}
		if depth > 0 {
			depth += bracketDelta(line)
			continue
		}
		if blank(line) {
			continue // neither header nor key: the regular expressions need not look
		}
		if m := headerRE.FindStringSubmatch(line); m != nil {
			name := normalizeKey(m[2])
			if m[1] == "[[" {
				counts[name]++
				prefix = name + "[" + strconv.Itoa(counts[name]-1) + "]"
			} else {
				prefix = name
				// [a.b] inside the last [[a]] element belongs to it
				if dot := strings.IndexByte(name, '.'); dot > 0 && counts[name[:dot]] > 0 {
					prefix = name[:dot] + "[" + strconv.Itoa(counts[name[:dot]]-1) + "]" + name[dot:]
				}
			}
			l.add(prefix, i, strings.Index(line, m[1])+1)
			continue
		}
		if m := matchKey(line); m != nil {
			key := normalizeKey(m[2])
			if prefix != "" {
				key = prefix + "." + key
			}
			l.add(key, i, len(m[1])+1)
			rest := line[len(m[0]):]
			depth = bracketDelta(rest)
			if depth < 0 {
				depth = 0
			}
			if strings.Count(rest, `"""`) == 1 || strings.Count(rest, `'''`) == 1 {
				inString = true
			}
		}
	}
	return l
}

// blank reports whether line holds nothing but space and a comment.
func blank(line string) bool {
	t := strings.TrimLeft(line, " \t\r")
	return t == "" || t[0] == '#'
}

// matchKey is keyRE.FindStringSubmatch, quicker for the common line of one
// bare key: a rules file of 100,000 hosts has 200,000 of them.
func matchKey(line string) []string {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	j := i
	for j < len(line) && isBareKeyByte(line[j]) {
		j++
	}
	k := j
	for k < len(line) && (line[k] == ' ' || line[k] == '\t') {
		k++
	}
	if j == i || k == len(line) || line[k] != '=' {
		return keyRE.FindStringSubmatch(line) // quoted or dotted, or not a key
	}
	return []string{line[:k+1], line[:i], line[i:j]}
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func (l *locator) add(key string, line, col int) {
	if _, ok := l.keys[key]; ok {
		return
	}
	l.keys[key] = position{line + 1, col}
	l.order = append(l.order, key)
}

// bracketDelta counts '[' minus ']' outside strings and comments.
func bracketDelta(s string) int {
	d := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return d
		case c == '[':
			d++
		case c == ']':
			d--
		}
	}
	return d
}

func normalizeKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// find returns the position of key, or of its closest written ancestor.
func (l *locator) find(key string) position {
	for k := key; k != ""; {
		if p, ok := l.keys[k]; ok {
			return p
		}
		i := strings.LastIndexAny(k, ".[")
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return position{}
}

// findValue returns the position of the quoted value v written at or after
// key, falling back to the key itself.
func (l *locator) findValue(key, v string) position {
	p := l.find(key)
	if p.line == 0 || v == "" {
		return p
	}
	escaped := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) // as a basic string spells it
	for i := p.line - 1; i < len(l.src) && i < p.line+200; i++ {
		for _, q := range []string{`"` + v + `"`, `'` + v + `'`, `"` + escaped + `"`} {
			if j := strings.Index(l.src[i], q); j >= 0 {
				return position{i + 1, j + 1}
			}
		}
	}
	return p
}

// findStripped returns the first key whose path, with array indices
// removed, equals the given dotted path; it locates keys the decoder left
// undecoded, which it reports without indices.
func (l *locator) findStripped(path string) (string, position) {
	for _, k := range l.order {
		if stripIndices(k) == path {
			return k, l.keys[k]
		}
	}
	return path, position{}
}

// findStrippedNth is findStripped for the n-th (0-based) key with that
// path, for a key written in several elements of an array of tables.
func (l *locator) findStrippedNth(path string, n int) (string, position) {
	for _, k := range l.order {
		if stripIndices(k) == path {
			if n == 0 {
				return k, l.keys[k]
			}
			n--
		}
	}
	return l.findStripped(path)
}

// findStrippedBefore returns the last key with that path, indices
// removed, written on or before line.
func (l *locator) findStrippedBefore(path string, line int) (string, position) {
	key, pos := path, position{}
	for _, k := range l.order {
		if p := l.keys[k]; stripIndices(k) == path && p.line <= line {
			key, pos = k, p
		}
	}
	return key, pos
}

// findPrefix returns the first key written under path: the position of an
// implicit table such as "environment" in [environment.staging].
func (l *locator) findPrefix(path string) (string, position) {
	for _, k := range l.order {
		if strings.HasPrefix(stripIndices(k), path+".") {
			return path, l.keys[k]
		}
	}
	return path, position{}
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

func stripIndices(k string) string { return indexRE.ReplaceAllString(k, "") }
