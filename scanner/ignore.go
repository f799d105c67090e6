package scanner

import (
	"bytes"
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// This file holds the gitignore matcher used by the walk outside git. It
// follows the rules in research/libraries.md section 1, which agreed with
// `git ls-files -o --exclude-standard` in every tested case; the comments on
// each step say which git behaviour it reproduces.

// ignorePattern is one compiled line of an ignore file.
type ignorePattern struct {
	glob     string // doublestar pattern, or the literal text when literal
	negate   bool   // "!pattern": re-include
	dirOnly  bool   // "pattern/": matches directories only
	anchored bool   // the pattern had a slash: match the path relative to the file's directory, not the basename
	literal  bool   // no glob metacharacters: plain string compare
}

// match reports whether the pattern matches rel, the slash path relative to
// the ignore file's directory, whose last element is name.
func (p *ignorePattern) match(rel, name string, isDir bool) bool {
	if p.dirOnly && !isDir {
		return false
	}
	target := name
	if p.anchored {
		target = rel
	}
	if p.literal {
		return target == p.glob
	}
	return doublestar.MatchUnvalidated(p.glob, target)
}

// compileIgnoreLine turns one line of an ignore file into a pattern; ok is
// false for blank lines, comments and patterns that can never match.
func compileIgnoreLine(line string) (p ignorePattern, ok bool) {
	line = strings.TrimSuffix(line, "\r") // CRLF ignore files
	line = trimTrailingSpaces(line)       // leading spaces are significant and kept
	if line == "" || line[0] == '#' {
		return p, false
	}
	if line[0] == '!' {
		p.negate = true
		line = line[1:]
	}
	// "\!" and "\#" stay as they are: doublestar's backslash escape makes them literal.
	if strings.HasSuffix(line, "/") {
		p.dirOnly = true
		line = line[:len(line)-1]
	}
	if strings.Contains(line, "/") {
		p.anchored = true
		line = strings.TrimPrefix(line, "/")
	}
	if line == "" {
		return p, false
	}
	if !strings.ContainsAny(line, `*?[\`) {
		p.glob, p.literal = line, true
		return p, true
	}
	// gitignore has no brace alternation; doublestar does.
	line = escapeBraces(line)
	// Git's "a/**" matches everything inside a but not a itself.
	if p.anchored && (line == "**" || strings.HasSuffix(line, "/**")) {
		line += "/*"
	}
	if !doublestar.ValidatePattern(line) {
		return p, false // git's wildmatch never matches a malformed class either
	}
	p.glob = line
	return p, true
}

// trimTrailingSpaces removes unescaped trailing spaces, as git's
// trim_trailing_spaces does: "a\ " keeps its escaped space, tabs stay.
func trimTrailingSpaces(s string) string {
	lastSpace := -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			if lastSpace < 0 {
				lastSpace = i
			}
		case '\\':
			i++
			if i == len(s) {
				return s
			}
			lastSpace = -1
		default:
			lastSpace = -1
		}
	}
	if lastSpace >= 0 {
		return s[:lastSpace]
	}
	return s
}

// escapeBraces backslash-escapes unescaped { and } so doublestar takes them
// literally.
func escapeBraces(s string) string {
	if !strings.ContainsAny(s, "{}") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			b.WriteByte(c)
			i++
			b.WriteByte(s[i])
			continue
		case c == '{' || c == '}':
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// ignoreFile is the compiled content of one ignore file.
type ignoreFile struct {
	base     string // the file's directory relative to the top, "" or "dir/sub/"
	patterns []ignorePattern
}

// parseIgnoreFile compiles the content of an ignore file whose directory is
// base ("" for the top, else slash-terminated).
func parseIgnoreFile(base string, data []byte) *ignoreFile {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // git skips a UTF-8 BOM
	f := &ignoreFile{base: base}
	for line := range strings.Lines(string(data)) {
		if p, ok := compileIgnoreLine(strings.TrimSuffix(line, "\n")); ok {
			f.patterns = append(f.patterns, p)
		}
	}
	return f
}

// ignoreStack is the chain of ignore files that apply in one directory,
// highest priority first. Subdirectories share their parent's chain.
type ignoreStack struct {
	file *ignoreFile
	next *ignoreStack
}

// push returns the stack with f on top (f takes precedence over s).
func (s *ignoreStack) push(f *ignoreFile) *ignoreStack {
	if f == nil || len(f.patterns) == 0 {
		return s
	}
	return &ignoreStack{file: f, next: s}
}

// ignored reports whether the slash path p, relative to the top, is
// excluded. The last matching line of the highest-priority file decides, so
// a later "!x" re-includes what an earlier or shallower line excluded.
func (s *ignoreStack) ignored(p string, isDir bool) bool {
	name := path.Base(p)
	for n := s; n != nil; n = n.next {
		rel, ok := strings.CutPrefix(p, n.file.base)
		if !ok {
			continue
		}
		pats := n.file.patterns
		for i := len(pats) - 1; i >= 0; i-- {
			if pats[i].match(rel, name, isDir) {
				return !pats[i].negate
			}
		}
	}
	return false
}
