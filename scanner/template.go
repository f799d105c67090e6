package scanner

import (
	"strings"

	"github.com/domainshift/domainshift/rules"
)

// A template placeholder inside a label is part of the host:
// "pr-{PR_NUMBER}-api.staging.example.com" is the templated host
// "pr-*-api.staging.example.com", never "api.staging.example.com". The
// matcher reads a label from its end leftward, so the placeholders are
// recognised by their last byte.

// maxPlaceholder bounds how far back a placeholder's opening is looked for.
const maxPlaceholder = 128

// span is a byte range of the data being matched.
type span struct{ start, end int }

// Template is how a templated host is written: the pattern the rules see,
// with each placeholder as '*', and the placeholders as written, in order.
// The zero Template is that of a plain host.
type Template struct {
	Pattern string
	Holes   []string
}

// IsTemplate reports whether t is that of a templated host.
func (t Template) IsTemplate() bool { return t.Pattern != "" }

// fill returns the replacement h, in the pattern form that rules give for
// a templated host, with each '*' replaced by the placeholder it stands
// for; false when h does not hold one '*' per placeholder, so that a
// rewrite would lose one.
func (t Template) fill(h string) (string, bool) {
	if strings.Count(h, "*") != len(t.Holes) {
		return "", false
	}
	var b strings.Builder
	for _, hole := range t.Holes {
		i := strings.IndexByte(h, '*')
		b.WriteString(h[:i])
		b.WriteString(hole)
		h = h[i+1:]
	}
	b.WriteString(h)
	return b.String(), true
}

// runBefore walks left from end over label bytes and placeholders and
// returns where the run starts, with the placeholders' spans in order
// (nil when there is none).
func runBefore(data []byte, end int) (int, []span) {
	var holes []span
	j := end
	for j > 0 {
		if p := placeholderBefore(data, j); p >= 0 {
			holes = append(holes, span{p, j})
			j = p
			continue
		}
		c := data[j-1]
		if rules.IsLabelByte(c) {
			j--
			continue
		}
		if c == '$' && j < end && isIdentByte(data[j]) {
			// $NAME, as shells write it: the name ends at the first byte
			// that cannot be in one, within the run
			k := j
			for k < end && isIdentByte(data[k]) {
				k++
			}
			holes = append(holes, span{j - 1, k})
			j--
			continue
		}
		break
	}
	if holes == nil {
		return j, nil
	}
	// found right to left
	for a, b := 0, len(holes)-1; a < b; a, b = a+1, b-1 {
		holes[a], holes[b] = holes[b], holes[a]
	}
	return j, holes
}

func isIdentByte(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' }

// placeholderBefore returns where the template placeholder that ends at
// data[:j] starts, or -1 when none does: {{ .Values.pr }} and ${{ x }}
// (Go, Helm, Jinja, GitHub Actions), ${N} and #{n} (shells, JavaScript,
// Terraform, Ruby), {PR_NUMBER} and {} (Python, Rust, C#), $(VAR) (make,
// Azure Pipelines), <pr> glued to the label by a hyphen (documentation),
// %s and %(n)s (printf). A %2F escape is never a placeholder, nor is an
// HTML tag such as the <a> of <a>api.example.com</a>.
func placeholderBefore(data []byte, j int) int {
	if j == 0 {
		return -1
	}
	switch c := data[j-1]; {
	case c == '}':
		return braceBefore(data, j)
	case c == ')':
		o := openBefore(data, j-1, '(', ")\n")
		if o > 0 && data[o-1] == '$' {
			return o - 1
		}
	case c == '>':
		o := openBefore(data, j-1, '<', "")
		if o < 0 || o == j-2 || !allBytes(data[o+1:j-1], func(c byte) bool { return rules.IsLabelByte(c) }) {
			return -1
		}
		if j < len(data) && data[j] == '-' || o > 0 && data[o-1] == '-' {
			return o
		}
	case strings.IndexByte("sdvqiufx", c) >= 0:
		return printfBefore(data, j)
	}
	return -1
}

// braceBefore is placeholderBefore for a placeholder ending in '}'.
func braceBefore(data []byte, j int) int {
	if j >= 2 && data[j-2] == '}' {
		o := openBefore(data, j-2, '{', "{}\n")
		if o < 1 || data[o-1] != '{' {
			return -1
		}
		o--
		if o > 0 && data[o-1] == '$' {
			o--
		}
		return o
	}
	o := openBefore(data, j-1, '{', "{}\n")
	switch {
	case o < 0:
		return -1
	case o > 0 && (data[o-1] == '$' || data[o-1] == '#'):
		return o - 1
	case allBytes(data[o+1:j-1], func(c byte) bool { return isIdentByte(c) || strings.IndexByte(".:![]", c) >= 0 }):
		return o // a format field: {PR_NUMBER}, {0}, {pr:03}, {}
	}
	return -1
}

// openBefore returns the index of the byte open before the closing byte at
// data[close], or -1 when a byte of stop comes first or it is too far.
func openBefore(data []byte, close int, open byte, stop string) int {
	for i := close - 1; i >= 0 && close-i <= maxPlaceholder; i-- {
		switch {
		case data[i] == open:
			return i
		case strings.IndexByte(stop, data[i]) >= 0:
			return -1
		}
	}
	return -1
}

// printfBefore is placeholderBefore for a printf verb ending at data[:j]:
// '%', an optional Python "(name)", flags and a width, the verb.
func printfBefore(data []byte, j int) int {
	k := j - 1 // the verb
	for n := 0; n < 8 && k > 0 && (isDigit(data[k-1]) || strings.IndexByte(".-+#", data[k-1]) >= 0); n++ {
		k--
	}
	if k > 0 && data[k-1] == ')' {
		o := openBefore(data, k-1, '(', ")\n")
		if o < 1 || data[o-1] != '%' || !allBytes(data[o+1:k-1], isIdentByte) {
			return -1
		}
		return o - 1
	}
	if k == 0 || data[k-1] != '%' {
		return -1
	}
	if p := k - 1; p+2 < len(data) && isHex(data[p+1]) && isHex(data[p+2]) {
		return -1 // %2F, %2f: an escape
	}
	return k - 1
}

func allBytes(b []byte, ok func(byte) bool) bool {
	for _, c := range b {
		if !ok(c) {
			return false
		}
	}
	return true
}

// shellName returns how many bytes of the run data[k:end] are the name of
// a shell default right after "${", as in ${API_HOST-api.example.com}:
// the host starts after the name and its operator. 0 when there is none.
func shellName(data []byte, k, end int) int {
	if k < 2 || data[k-1] != '{' || data[k-2] != '$' {
		return 0
	}
	i := k
	for i < end && isIdentByte(data[i]) {
		i++
	}
	if i == k || i == end || data[i] != '-' {
		return 0
	}
	return i - k
}

// templateOf returns the Template of the host written at data[s:e] with
// the placeholders holes, and its display name: lower case and without
// escapes outside the placeholders, which stay as written.
func templateOf(data []byte, s, e int, holes []span) (Template, string) {
	t := Template{Holes: make([]string, len(holes))}
	var pat, disp strings.Builder
	at := s
	for i, h := range holes {
		lit := decodeHost(data[at:h.start])
		pat.WriteString(lit)
		disp.WriteString(lit)
		pat.WriteByte('*')
		disp.Write(data[h.start:h.end])
		t.Holes[i] = string(data[h.start:h.end])
		at = h.end
	}
	lit := decodeHost(data[at:e])
	pat.WriteString(lit)
	disp.WriteString(lit)
	t.Pattern = pat.String()
	return t, disp.String()
}
