package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/rewrite"
)

func (a *app) undoCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "undo [DIR]",
		Short: "Restore what the last apply or review wrote, if untouched since",
		Long: `undo puts back the files that the last apply (or review) wrote, from the
journal it keeps outside the tree: in domainshift/ in the git directory
(each linked worktree has its own), else in
$XDG_STATE_HOME/domainshift/ID, or in --state-dir. A file is restored only
if it is still exactly what apply wrote; files changed since are reported
and left alone. DIR is the --root that apply was given (default: the root
every command uses, the top of the git work tree, else the directory of
rules.toml, so undo works from a subdirectory too). A .domainshift/
directory an earlier version left at the root is still undone from.

Exit status: 0 when every file is back, 2 when one was left alone or
failed, or on an error.`,
		Example: `  domainshift apply --yes && domainshift undo   # try a migration, then take it back
  domainshift undo path/to/repo                 # the --root given to apply`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := ""
			if len(args) == 1 {
				if st, err := os.Stat(args[0]); err != nil || !st.IsDir() {
					return usageError("pass the directory that apply was run on", "%s is not a directory", args[0])
				}
				dir = args[0]
			}
			root, err := a.rootDir(cmd.Context(), dir)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			found, err := rewrite.FindJournal(root, a.stateDir)
			if errors.Is(err, rewrite.ErrNoJournal) {
				if !a.quiet {
					fmt.Fprintln(out, "nothing to undo")
					fmt.Fprintln(a.stderr, "hint: 'domainshift apply --root DIR' keeps its journal in DIR; undo it with 'domainshift undo DIR'")
				}
				return nil
			}
			if err != nil {
				return err
			}
			if abs, _ := filepath.Abs(root); !a.quiet && !sameDir(abs, ".") && len(args) == 0 {
				fmt.Fprintf(out, "undoing the last apply under %s\n", relPath(abs))
			}
			res, err := rewrite.Undo(root, found)
			if errors.Is(err, rewrite.ErrNoJournal) { // removed meanwhile
				if !a.quiet {
					fmt.Fprintln(out, "nothing to undo")
				}
				return nil
			}
			if err != nil {
				return stateError(err)
			}
			if !a.quiet || !res.OK() {
				fmt.Fprintf(out, "restored %s\n", plural.Count(len(res.Restored), "file"))
				if len(res.Unchanged) > 0 {
					fmt.Fprintf(out, "%s already as before the apply\n", plural.Count(len(res.Unchanged), "file"))
				}
				if len(res.Left) > 0 {
					fmt.Fprintf(out, "left %s alone:\n", plural.Count(len(res.Left), "file"))
					for _, p := range res.Left {
						fmt.Fprintf(out, "  %s: %v\n", p.Path, p.Err)
					}
				}
				if len(res.Failed) > 0 {
					fmt.Fprintf(out, "failed %s:\n", plural.Count(len(res.Failed), "file"))
					for _, p := range res.Failed {
						fmt.Fprintf(out, "  %s: %v\n", p.Path, p.Err)
					}
				}
			}
			if !res.OK() {
				return &codeError{code: exitError,
					err:  fmt.Errorf("%s not restored", plural.Count(len(res.Left)+len(res.Failed), "file")),
					hint: "restore them by hand (git checkout -- FILE), or run 'domainshift undo' again after fixing the failures"}
			}
			return nil
		},
	}
}

// sameDir reports whether a and b name the same directory.
func sameDir(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}
