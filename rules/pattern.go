package rules

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Pattern is a host name in which one label may hold a single '*'. As in
// RFC 6125 the '*' stands for one or more characters inside that label and
// never for a dot: "*.example.com" matches "a.example.com" but neither
// "example.com" nor "a.b.example.com", and "pr-*.example.com" matches
// "pr-12.example.com". Patterns are kept in lower case.
type Pattern struct {
	text   string   // lower-case pattern as written
	labels []string // text split at dots
	star   int      // index of the label holding '*', or -1
}

// ParsePattern parses and validates a host pattern of at least two labels.
func ParsePattern(s string) (Pattern, error) { return parsePattern(s, 2) }

func parsePattern(s string, minLabels int) (Pattern, error) {
	if s == "" {
		return Pattern{}, fmt.Errorf("empty host")
	}
	if err := notAHost(s); err != nil {
		return Pattern{}, err
	}
	low := strings.ToLower(strings.TrimSuffix(s, "."))
	if len(low) > 253 {
		return Pattern{}, fmt.Errorf("host %q is longer than 253 characters", s)
	}
	p := Pattern{text: low, labels: strings.Split(low, "."), star: -1}
	if len(p.labels) < minLabels {
		return Pattern{}, fmt.Errorf("host %q needs at least two labels", s)
	}
	for i, l := range p.labels {
		if n := strings.Count(l, "*"); n > 0 {
			if n > 1 || p.star >= 0 {
				return Pattern{}, fmt.Errorf("host %q has more than one '*'", s)
			}
			p.star = i
		}
		if err := checkLabel(strings.Replace(l, "*", "x", 1)); err != nil {
			return Pattern{}, fmt.Errorf("host %q: %v", s, err)
		}
	}
	if p.star >= 0 && p.star == len(p.labels)-1 && minLabels > 1 {
		return Pattern{}, fmt.Errorf("host %q: '*' is not allowed in the top-level label", s)
	}
	return p, nil
}

// notAHost explains the common ways of writing something else where a host
// name belongs: a URL, a path, a port, surrounding space, a Unicode name.
func notAHost(s string) error {
	if i := strings.Index(s, "://"); i >= 0 {
		if u, err := url.Parse(s); err == nil && u.Hostname() != "" {
			return fmt.Errorf("%q is a URL; write only its host name, %q", s, u.Hostname())
		}
		return fmt.Errorf("%q is a URL; write only its host name", s)
	}
	if i := strings.IndexByte(s, '/'); i > 0 {
		return fmt.Errorf("host %q has a path; write only the host name, %q", s, s[:i])
	}
	if i := strings.LastIndexByte(s, ':'); i > 0 && i < len(s)-1 && strings.Trim(s[i+1:], "0123456789") == "" {
		return fmt.Errorf("host %q has a port; write it without %q (a host matches with any port)", s, s[i:])
	}
	if strings.TrimSpace(s) != s {
		return fmt.Errorf("host %q has spaces around it", s)
	}
	for _, r := range s {
		if r >= utf8.RuneSelf {
			return fmt.Errorf("host %q is not ASCII; write each non-ASCII label in its punycode form (xn--...)", s)
		}
	}
	return nil
}

// checkLabel reports whether l is a valid DNS label. Underscores are accepted
// because service names such as "_dmarc" appear in configuration.
func checkLabel(l string) error {
	if l == "" {
		return fmt.Errorf("empty label")
	}
	if len(l) > 63 {
		return fmt.Errorf("label %q is longer than 63 characters", l)
	}
	for i := 0; i < len(l); i++ {
		if !IsLabelByte(l[i]) {
			return fmt.Errorf("invalid character %q in label %q", l[i], l)
		}
	}
	if l[0] == '-' || l[len(l)-1] == '-' {
		return fmt.Errorf("label %q starts or ends with '-'", l)
	}
	return nil
}

// IsLabelByte reports whether c can appear inside a host name label.
func IsLabelByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// String returns the pattern as written, in lower case.
func (p Pattern) String() string { return p.text }

// IsWildcard reports whether the pattern holds a '*'.
func (p Pattern) IsWildcard() bool { return p.star >= 0 }

// Fixed is the number of characters of the pattern other than '*'; a higher
// number means a more specific pattern.
func (p Pattern) Fixed() int {
	if p.star < 0 {
		return len(p.text) + 1 // an exact host beats any wildcard
	}
	return len(p.text) - 1
}

// Suffix returns the part of the pattern after its wildcard label: the zone
// under which every host it matches lies.
func (p Pattern) Suffix() string {
	return strings.Join(p.labels[p.star+1:], ".")
}

// Match reports whether the lower-case host h matches the pattern and returns
// the characters the '*' stood for.
func (p Pattern) Match(h string) (capture string, ok bool) {
	if p.star < 0 {
		return "", h == p.text
	}
	// Compare label by label without allocating.
	for i, l := range p.labels {
		var label string
		j := strings.IndexByte(h, '.')
		if j < 0 {
			if i != len(p.labels)-1 {
				return "", false
			}
			label, h = h, ""
		} else {
			if i == len(p.labels)-1 {
				return "", false
			}
			label, h = h[:j], h[j+1:]
		}
		if i != p.star {
			if label != l {
				return "", false
			}
			continue
		}
		k := strings.IndexByte(l, '*')
		pre, post := l[:k], l[k+1:]
		if len(label) <= len(pre)+len(post) || !strings.HasPrefix(label, pre) || !strings.HasSuffix(label, post) {
			return "", false
		}
		capture = label[len(pre) : len(label)-len(post)]
	}
	return capture, true
}

// Expand returns the pattern with its '*' replaced by capture.
func (p Pattern) Expand(capture string) string {
	if p.star < 0 {
		return p.text
	}
	return strings.Replace(p.text, "*", capture, 1)
}

// InZone reports whether host is zone itself or any name below it, at any
// depth. Both are lower case.
func InZone(host, zone string) bool {
	return host == zone || len(host) > len(zone) && host[len(host)-len(zone)-1] == '.' && strings.HasSuffix(host, zone)
}
