package main

import (
	"fmt"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
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
the same safe path as apply. The keys for a whole file (a, d) and for every
identical change (A) decide only what is still undecided: a change rejected
with n stays rejected. Decisions are saved as you go under
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
			color := a.colorOn(a.stdout)
			// The background query is answered, if ever, while the review
			// runs: a terminal that never answers keeps the colours that
			// read on dark and light. Without colour it does not matter.
			m, err := tui.New(tui.Config{Root: t.root, StateDir: a.stateDir, Rules: t.rules, Options: t.opts, Resume: resume, Context: cmd.Context(), QueryBackground: color})
			if err != nil {
				return withHint(fmt.Errorf("load saved decisions: %w", err), "run without --resume to start over")
			}
			opts := []tea.ProgramOption{tea.WithInput(a.stdin), tea.WithOutput(a.stdout), tea.WithContext(cmd.Context())}
			switch {
			case !color:
				opts = append(opts, tea.WithColorProfile(colorprofile.ASCII))
			case (a.color == "always" || a.color == "auto" && colorForced()) && colorprofile.Detect(a.stdout, os.Environ()) < colorprofile.ANSI256:
				opts = append(opts, tea.WithColorProfile(colorprofile.ANSI256))
			}
			p := tea.NewProgram(m, opts...)
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
