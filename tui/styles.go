package tui

import "github.com/charmbracelet/lipgloss"

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
}

// DefaultStyles returns the styles rendered by r (lipgloss's default
// renderer when r is nil), which decides the colour profile.
func DefaultStyles(r *lipgloss.Renderer) Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	subtle := lipgloss.AdaptiveColor{Light: "245", Dark: "241"}
	accent := lipgloss.AdaptiveColor{Light: "25", Dark: "75"}
	green := lipgloss.AdaptiveColor{Light: "28", Dark: "42"}
	red := lipgloss.AdaptiveColor{Light: "124", Dark: "203"}
	yellow := lipgloss.AdaptiveColor{Light: "136", Dark: "221"}
	s := r.NewStyle
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
	}
}
