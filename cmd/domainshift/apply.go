package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/report"
	"github.com/domainshift/domainshift/rewrite"
)

func (a *app) applyCommand() *cobra.Command {
	var yes bool
	var out applyOutputs
	cmd := &cobra.Command{
		Use:   "apply [PATH...]",
		Short: "Write every fix (asks first on a terminal unless --yes)",
		Long: `apply writes every fix that diff shows. On a terminal it prints a summary
and asks before writing; elsewhere it needs --yes. Each file is re-read
right before it is written and skipped if it changed since the scan; writes
are atomic. What apply changed can be put back with 'domainshift undo'.

--format json prints a machine summary instead of the text (files changed,
changes per rule and per old -> new host, files skipped and why, the
findings left for a person, the undo command; schema/apply.schema.json),
to stdout or --output FILE. --pr-body FILE writes a Markdown description of
the change for a pull request (- for stdout). Both are what fleet engines
(multi-gitter, turbolift, Sourcegraph batch changes) need: docs/fleet.md.

Exit status: 0 when every fix was written or nothing needed writing, 2
when a file was skipped or failed, or on an error; never 1.`,
		Example: `  domainshift apply                # review the summary, then answer y
  domainshift apply --yes          # no question: for scripts and CI
  domainshift undo                 # put the files back
  domainshift apply --yes deploy/  # only what is under deploy/
  domainshift apply --yes --root svc  # svc is the root: its journal is there
  domainshift undo svc             # so undo is given the same directory
  domainshift apply --yes --format json --pr-body pr.md   # in a fleet run`,
		RunE: func(cmd *cobra.Command, args []string) error {
			ask := !yes
			if ask && !isTerminal(a.stdin, a.stdout) {
				return usageError("use --yes to apply without a question", "refusing to write without confirmation: not a terminal")
			}
			if err := out.check(ask); err != nil {
				return err
			}
			// Without a question, every fix is staged while the scan runs.
			s, batch, err := a.scanPlans(cmd.Context(), args, !ask, out.wanted())
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			text := out.format != "json"
			if len(s.plans) == 0 {
				if batch != nil {
					batch.Abort()
				}
				if !a.quiet && text {
					fmt.Fprintln(w, "nothing to apply: no fixable findings")
				}
				if err := out.write(w, s, nil); err != nil {
					return err
				}
				return incomplete(s.t, s.res)
			}
			var res *rewrite.Result
			if ask {
				s.writePlanSummary(w)
				if !confirm(a.stdin, w, "write these changes? [y/N] ") {
					fmt.Fprintln(w, "nothing written")
					return nil
				}
				res, err = rewrite.Write(s.t.root, s.plans, rewrite.WriteOptions{StateDir: a.stateDir})
			} else {
				res, err = batch.Finish()
			}
			if err != nil {
				return stateError(err)
			}
			if text && (!a.quiet || !res.OK()) {
				writeResult(w, res, s.reportOnly())
			}
			if text && len(res.Written) > 0 && !a.quiet && !s.t.ws.AtOrAbove() {
				// The journal is under the root, which undo does not find
				// from above it.
				fmt.Fprintf(w, "'%s' puts them back\n", undoCommand(s))
			}
			if err := out.write(w, s, res); err != nil {
				return err
			}
			if !res.OK() {
				hint := "run 'domainshift apply' again to rescan them; 'domainshift undo' puts back what was written"
				if len(res.Failed) > 0 { // a rescan alone does not help these
					hint = "fix what is listed under 'failed' (a read-only file needs chmod u+w), then run 'domainshift apply' again"
				}
				return &codeError{code: exitError,
					err:  fmt.Errorf("%s of %d not written", plural.Count(len(res.Skipped)+len(res.Failed), "file"), len(s.plans)),
					hint: hint}
			}
			return incomplete(s.t, s.res)
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "write without asking")
	cmd.Flags().StringVar(&out.format, "format", "text", "text, or json for a machine summary")
	cmd.Flags().StringVarP(&out.output, "output", "o", "", "write the --format json summary to FILE instead of stdout")
	cmd.Flags().StringVar(&out.prBody, "pr-body", "", "write a Markdown pull request description to FILE (- is stdout)")
	return cmd
}

// writePlanSummary prints what apply is about to do: files and changes per
// rule.
func (s *fixes) writePlanSummary(w io.Writer) {
	counts := map[string]int{}
	total := 0
	for _, f := range s.res.Files {
		for _, fd := range f.Findings {
			if fd.Fixable() && fd.Replacement != fd.Match {
				counts[fd.Rule]++
				total++
			}
		}
	}
	fmt.Fprintf(w, "%s, %s:\n", plural.Count(len(s.plans), "file"), plural.Count(total, "change"))
	rules := make([]string, 0, len(counts))
	for r := range counts {
		rules = append(rules, r)
	}
	slices.Sort(rules)
	for _, r := range rules {
		fmt.Fprintf(w, "  %5d %s\n", counts[r], r)
	}
}

// reportOnly counts the findings apply cannot fix.
func (s *fixes) reportOnly() int {
	n := 0
	for _, f := range s.res.Files {
		for _, fd := range f.Findings {
			if !fd.Fixable() {
				n++
			}
		}
	}
	return n
}

// confirm asks question and reports whether the answer is yes.
func confirm(in io.Reader, out io.Writer, question string) bool {
	fmt.Fprint(out, question)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		fmt.Fprintln(out)
		return false
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes":
		return true
	}
	return false
}

// writeResult prints the summary of a write.
func writeResult(w io.Writer, res *rewrite.Result, reportOnly int) {
	fmt.Fprintf(w, "wrote %s, %s\n", plural.Count(len(res.Written), "file"), plural.Count(res.Edits(), "change"))
	if len(res.Linked) > 0 {
		fmt.Fprintf(w, "%s had other hard links, which still hold the old content:\n", plural.Count(len(res.Linked), "written file"))
		for _, p := range res.Linked {
			fmt.Fprintf(w, "  %s\n", report.QuotePath(p))
		}
	}
	if len(res.Skipped) > 0 {
		fmt.Fprintf(w, "skipped %s, changed since the scan:\n", plural.Count(len(res.Skipped), "file"))
		for _, p := range res.Skipped {
			// "changed since the scan (deleted)" -> "(deleted)"
			more := strings.TrimPrefix(strings.TrimPrefix(p.Err.Error(), rewrite.ErrChanged.Error()), " ")
			if more != "" {
				more = " " + more
			}
			fmt.Fprintf(w, "  %s%s\n", report.QuotePath(p.Path), more)
		}
	}
	if len(res.Failed) > 0 {
		fmt.Fprintf(w, "failed %s:\n", plural.Count(len(res.Failed), "file"))
		for _, p := range res.Failed {
			fmt.Fprintf(w, "  %s: %v\n", report.QuotePath(p.Path), p.Err)
		}
	}
	if reportOnly > 0 {
		fmt.Fprintf(w, "%s without an automatic fix; 'domainshift scan' lists them\n", plural.Count(reportOnly, "finding"))
	}
}
