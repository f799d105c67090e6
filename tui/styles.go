package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles is every style of the review UI, in one place.
type Styles struct {
	Title    lipgloss.Style // the top line
	Progress lipgloss.Style // the scan progress on the top line
	Status   lipgloss.Style // the message line above the help
	Error    lipgloss.Style
	Divider  lipgloss.Style // the line between the panes

	PaneTitle    lipgloss.Style
	FileSelected lipgloss.Style // the current file in the list
	FileNormal   lipgloss.Style
	FileDone     lipgloss.Style // every change decided
	Accepted     lipgloss.Style
	Rejected     lipgloss.Style
	ReportOnly   lipgloss.Style

	Label       lipgloss.Style // rule, reason, env
	HunkHeader  lipgloss.Style
	Context     lipgloss.Style
	Removed     lipgloss.Style
	Added       lipgloss.Style
	RemovedHit  lipgloss.Style // the old host within a removed line
	AddedHit    lipgloss.Style // the new host within an added line
	RemovedDiff lipgloss.Style // the characters of the old host that change
	AddedDiff   lipgloss.Style // the characters of the new host that are new

	ReportOnlyHit lipgloss.Style // the host of a report-only finding

	Dialog      lipgloss.Style
	DialogTitle lipgloss.Style

	Help help.Styles // the key help bar and the full help
}

// Background is what the review knows of the terminal's background colour.
type Background uint8

// The backgrounds. The review starts with BackgroundUnknown and learns the
// real one only if the terminal answers the query, which many never do.
const (
	BackgroundUnknown Background = iota
	BackgroundDark
	BackgroundLight
)

// DefaultStyles returns the styles for a terminal with background bg. The
// colours for an unknown background are mid-tones that read on dark and
// on light. Which of them a terminal shows (256 colours, 16, none) is the
// program's colour profile, not the styles'.
func DefaultStyles(bg Background) Styles {
	pick := func(light, dark, either string) color.Color {
		switch bg {
		case BackgroundLight:
			return lipgloss.Color(light)
		case BackgroundDark:
			return lipgloss.Color(dark)
		}
		return lipgloss.Color(either)
	}
	subtle := pick("245", "241", "244")
	accent := pick("25", "75", "33")
	green := pick("28", "42", "34")
	red := pick("124", "203", "160")
	yellow := pick("136", "221", "172")
	s := lipgloss.NewStyle
	helpStyles := help.DefaultStyles(bg != BackgroundLight)
	if bg == BackgroundUnknown {
		key, desc := s().Foreground(lipgloss.Color("244")), s().Foreground(lipgloss.Color("246"))
		helpStyles = help.Styles{ShortKey: key, ShortDesc: desc, ShortSeparator: desc, Ellipsis: desc, FullKey: key, FullDesc: desc, FullSeparator: desc}
	}
	return Styles{
		Title:    s().Bold(true).Foreground(accent),
		Progress: s().Foreground(subtle),
		Status:   s().Foreground(yellow),
		Error:    s().Foreground(red).Bold(true),
		Divider:  s().Foreground(subtle),

		PaneTitle:    s().Bold(true),
		FileSelected: s().Bold(true).Foreground(accent),
		FileNormal:   s(),
		FileDone:     s().Foreground(subtle),
		Accepted:     s().Foreground(green),
		Rejected:     s().Foreground(red),
		ReportOnly:   s().Foreground(yellow),

		Label:       s().Foreground(subtle),
		HunkHeader:  s().Foreground(accent),
		Context:     s(),
		Removed:     s().Foreground(red),
		Added:       s().Foreground(green),
		RemovedHit:  s().Foreground(red).Underline(true),
		AddedHit:    s().Foreground(green).Underline(true),
		RemovedDiff: s().Foreground(red).Underline(true).Reverse(true).Bold(true),
		AddedDiff:   s().Foreground(green).Underline(true).Reverse(true).Bold(true),

		ReportOnlyHit: s().Foreground(yellow).Underline(true),

		Dialog:      s().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 2),
		DialogTitle: s().Bold(true),

		Help: helpStyles,
	}
}
