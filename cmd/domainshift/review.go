package main

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/tui"
)

func (a *app) reviewCommand() *cobra.Command {
	var resume bool
	cmd := &cobra.Command{
		Use:   "review [PATH...]",
		Short: "Review every change interactively; write only what you accept",
		Long: `review opens a terminal UI that shows every change as a hunk, while the
scan is still running. Nothing is accepted by default: accept or reject each
change (? lists the keys), then press w to write the accepted ones through
the same safe path as apply. Decisions are saved as you go under
.domainshift/, so 'domainshift review --resume' picks up where you stopped.

Exit status: 0 when the review ended and what was accepted was written, 2
without a terminal, when a file was skipped or failed, or on an error.`,
		Example: `  domainshift review                # review everything under the current directory
  domainshift review --resume       # continue an earlier review
  domainshift undo                  # put back what review wrote`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !isTerminal(a.stdin, a.stdout) {
				return usageError("use 'domainshift diff' to see the changes or 'domainshift apply --yes' to write them all",
					"review needs a terminal")
			}
			t, err := a.resolve(args)
			if err != nil {
				return err
			}
			r := lipgloss.NewRenderer(a.stdout)
			if !a.colorOn(a.stdout) {
				r.SetColorProfile(termenv.Ascii)
			}
			m, err := tui.New(tui.Config{Root: t.root, Rules: t.rules, Options: t.opts, Resume: resume, Context: cmd.Context(), Renderer: r})
			if err != nil {
				return withHint(fmt.Errorf("load saved decisions: %w", err), "run without --resume to start over")
			}
			p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithInput(a.stdin), tea.WithOutput(a.stdout), tea.WithContext(cmd.Context()))
			if _, err := p.Run(); err != nil {
				return err
			}
			if res := m.Written(); res != nil && !a.quiet {
				writeResult(cmd.OutOrStdout(), res, 0)
			}
			if !a.quiet {
				fmt.Fprintln(cmd.OutOrStdout(), m.Summary())
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&resume, "resume", false, "load the decisions saved by an earlier review")
	return cmd
}
