package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/domainshift/domainshift/rewrite"
)

// StatWidth is the width WriteStat fills when the caller knows none, the
// width git diff --stat assumes when it is not writing to a terminal.
const StatWidth = 80

// WriteStat writes the line counts of diffs the way git diff --stat lays
// them out in width columns: names padded to one column (the start
// elided as ".../" when too long), counts right-aligned, bars scaled to
// the room left, and the summary line.
func WriteStat(w io.Writer, diffs []*rewrite.FileDiff, width int) error {
	if len(diffs) == 0 {
		return nil // git prints nothing either
	}
	maxLen, maxChange := 0, 0
	for _, d := range diffs {
		maxLen = max(maxLen, utf8.RuneCountInString(d.Path))
		maxChange = max(maxChange, d.Added+d.Removed)
	}
	numberWidth := len(fmt.Sprint(maxChange))
	// git's arithmetic (diff.c, show_stats), without the options it takes.
	width = max(width, 16+6+numberWidth)
	graphWidth, nameWidth := maxChange, maxLen
	if nameWidth+numberWidth+6+graphWidth > width {
		if graphWidth > width*3/8-numberWidth-6 {
			graphWidth = max(width*3/8-numberWidth-6, 6)
		}
		if nameWidth > width-numberWidth-6-graphWidth {
			nameWidth = width - numberWidth - 6 - graphWidth
		} else {
			graphWidth = width - numberWidth - 6 - nameWidth
		}
	}
	var b strings.Builder
	added, removed := 0, 0
	for _, d := range diffs {
		prefix, name := "", d.Path
		room := nameWidth
		if n := utf8.RuneCountInString(name); nameWidth < n {
			prefix, room = "...", max(nameWidth-3, 0)
			for utf8.RuneCountInString(name) > room {
				_, size := utf8.DecodeRuneInString(name)
				name = name[size:]
			}
			if i := strings.IndexByte(name, '/'); i >= 0 {
				name = name[i:]
			}
		}
		pad := max(room-utf8.RuneCountInString(name), 0)
		plus, minus := d.Added, d.Removed
		if graphWidth <= maxChange {
			total := scaleLinear(plus+minus, graphWidth, maxChange)
			if total < 2 && plus > 0 && minus > 0 {
				total = 2
			}
			if plus < minus {
				plus = scaleLinear(plus, graphWidth, maxChange)
				minus = total - plus
			} else {
				minus = scaleLinear(minus, graphWidth, maxChange)
				plus = total - minus
			}
		}
		sep := ""
		if d.Added+d.Removed > 0 {
			sep = " "
		}
		fmt.Fprintf(&b, " %s%s%*s | %*d%s%s%s\n", prefix, name, pad, "", numberWidth, d.Added+d.Removed, sep, strings.Repeat("+", plus), strings.Repeat("-", minus))
		added += d.Added
		removed += d.Removed
	}
	fmt.Fprintf(&b, " %s changed", plural.Count(len(diffs), "file"))
	if added > 0 || removed == 0 {
		fmt.Fprintf(&b, ", %s(+)", plural.Count(added, "insertion"))
	}
	if removed > 0 || added == 0 {
		fmt.Fprintf(&b, ", %s(-)", plural.Count(removed, "deletion"))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// scaleLinear scales n of max into width columns, keeping at least one
// for any change, as git does.
func scaleLinear(n, width, max int) int {
	if n == 0 {
		return 0
	}
	return 1 + n*(width-1)/max
}
