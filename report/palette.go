package report

import (
	"strings"

	"github.com/domainshift/domainshift/rules"
)

// Palette is the one colour scheme of domainshift's text output outside
// the review UI (which has its own styles): findings, notes and verify's
// results. Each method paints s in the colour of its role when the
// palette is on and returns s as it is when it is off; whether it is on
// (--color, NO_COLOR, a terminal) is the caller's to decide.
type Palette struct {
	On bool
}

// The SGR parameters of the palette's roles.
const (
	sgrBold   = "1"
	sgrDim    = "2"
	sgrRed    = "31"
	sgrGreen  = "32"
	sgrYellow = "33"
)

// paint wraps s in the SGR parameters, reset after it.
func (p Palette) paint(s string, sgr ...string) string {
	if !p.On {
		return s
	}
	return "\x1b[" + strings.Join(sgr, ";") + "m" + s + "\x1b[0m"
}

// Strong marks what a line is about: a finding's location, an endpoint's
// name. Bold.
func (p Palette) Strong(s string) string { return p.paint(s, sgrBold) }

// Faint marks an aside, such as "note:". Dim.
func (p Palette) Faint(s string) string { return p.paint(s, sgrDim) }

// Error marks what fails: a finding of severity error. Red.
func (p Palette) Error(s string) string { return p.paint(s, sgrRed) }

// Warning marks what is reported but does not fail. Yellow.
func (p Palette) Warning(s string) string { return p.paint(s, sgrYellow) }

// OK marks what passed. Green.
func (p Palette) OK(s string) string { return p.paint(s, sgrGreen) }

// Failed marks a verdict of failure in a column of verdicts (verify's
// FAIL): the Error colour, Strong, so that it stands out among the oks.
func (p Palette) Failed(s string) string { return p.paint(s, sgrBold, sgrRed) }

// Severity marks s as Error or Warning, as sev says.
func (p Palette) Severity(sev rules.Severity, s string) string {
	if sev == rules.SeverityWarning {
		return p.Warning(s)
	}
	return p.Error(s)
}
