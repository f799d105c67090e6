package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
	"github.com/domainshift/domainshift/workspace"
)

// app holds what every command shares: the streams and the global flags.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	rulesFile string
	root      string
	color     string
	quiet     bool
	include   []string
	exclude   []string
	stateDir  string // --state-dir: the undo state's home, when not the default

	progress      bool          // a scan may show a progress line on stderr
	progressDelay time.Duration // how long a scan runs before it does
	prof          profiler      // the hidden --cpuprofile and --memprofile
}

// run executes the command line args and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	c, err := root.ExecuteC()
	if perr := a.prof.stop(); err == nil {
		err = perr
	}
	if err != nil && !errors.As(err, new(*codeError)) && isUsage(root, args, err) {
		err = usageHint(c, err)
	}
	return printError(stderr, err)
}

// cobraUsage marks an error of cobra's argument or flag parsing: the root's
// flag error function and every command's Args wrap theirs in it.
type cobraUsage struct{ err error }

func (e *cobraUsage) Error() string { return e.err.Error() }
func (e *cobraUsage) Unwrap() error { return e.err }

// isUsage reports whether err comes from cobra's argument or flag parsing.
// An unknown command is reported by cobra's lookup of the command before any
// hook runs; the lookup is deterministic, so asking it again tells.
func isUsage(root *cobra.Command, args []string, err error) bool {
	if errors.As(err, new(*cobraUsage)) {
		return true
	}
	_, _, ferr := root.Find(args)
	return ferr != nil
}

// markUsage makes the errors of c's flag and argument parsing, and of all
// its subcommands', recognisable as usage errors.
func markUsage(c *cobra.Command) {
	if c.Args != nil {
		args := c.Args
		c.Args = func(cmd *cobra.Command, a []string) error {
			if err := args(cmd, a); err != nil {
				return &cobraUsage{err}
			}
			return nil
		}
	}
	if !c.HasParent() {
		c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &cobraUsage{err} })
	}
	for _, sub := range c.Commands() {
		markUsage(sub)
	}
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "domainshift",
		Short: "Migrate a repository from deprecated host names to canonical domains",
		Long: `domainshift moves a whole repository from deprecated host names to the
canonical domains kept in one rules.toml, lets a person review every change,
and keeps the repository from drifting back with a CI check.

Every run has one root: the top of the git work tree that holds the current
directory, else the directory of the rules file found from the current
directory upward, else the current directory (--root overrides). PATH
arguments only narrow the scan, and globs in the rules are relative to the
root wherever the rules file lives, so a check gives the same answer from
any subdirectory. Text output names files relative to the current
directory; the machine formats and diff relative to the repository top.`,
		Example: `  domainshift hosts .                 # inventory of every host under the zones
  domainshift scan .                  # list every finding
  domainshift check --format json .   # the CI gate`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.setProgress(cmd); err != nil {
				return err
			}
			switch a.color {
			case "auto", "always", "never":
				return a.prof.start()
			}
			return usageError("use --color auto, always or never", "invalid --color %q", a.color)
		},
	}
	root.CompletionOptions.HiddenDefaultCmd = false
	root.SetVersionTemplate("domainshift {{.Version}}\n")
	f := root.PersistentFlags()
	f.StringVar(&a.rulesFile, "rules", "", "rules file (default: $"+rulesEnv+", else the first rules.toml from the root upward)")
	f.StringVar(&a.root, "root", "", "directory that paths and rules globs are relative to (default: the top of the git repository, else the directory of rules.toml)")
	f.StringVar(&a.stateDir, "state-dir", "", "where apply, review and undo keep the undo state (default: domainshift/ in the git directory, else $XDG_STATE_HOME/domainshift/ID)")
	f.StringVar(&a.color, "color", "auto", "colour output: auto, always or never (NO_COLOR is honoured)")
	f.BoolVarP(&a.quiet, "quiet", "q", false, "print only findings and errors, no summaries")
	f.StringArrayVar(&a.include, "include", nil, "scan only files matching this glob (repeatable; on top of [scan] include)")
	f.StringArrayVar(&a.exclude, "exclude", nil, "skip files matching this glob (repeatable; on top of [scan] exclude)")
	a.prof.flags(f)
	_ = root.RegisterFlagCompletionFunc("color", cobra.FixedCompletions([]string{"auto", "always", "never"}, cobra.ShellCompDirectiveNoFileComp))
	_ = root.MarkPersistentFlagFilename("rules", "toml")

	for _, c := range a.commands() {
		root.AddCommand(c)
	}
	a.registerCompletions(root)
	markUsage(root)
	return root
}

// colorOn reports whether output to w should carry ANSI colours: --color,
// then NO_COLOR, then CLICOLOR_FORCE, then TERM=dumb, then whether w is a
// terminal. It only looks; nothing is ever asked of the terminal.
func (a *app) colorOn(w io.Writer) bool {
	switch a.color {
	case "always":
		return true
	case "never":
		return false
	}
	switch {
	case os.Getenv("NO_COLOR") != "":
		return false
	case colorForced():
		return true
	case os.Getenv("TERM") == "dumb":
		return false
	}
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

// colorForced reports whether CLICOLOR_FORCE asks for colours wherever the
// output goes.
func colorForced() bool {
	v := os.Getenv("CLICOLOR_FORCE")
	return v != "" && v != "0"
}

// isTerminal reports whether r and w are both a terminal.
func isTerminal(r io.Reader, w io.Writer) bool {
	fr, ok1 := r.(*os.File)
	fw, ok2 := w.(*os.File)
	return ok1 && ok2 && isatty.IsTerminal(fr.Fd()) && isatty.IsTerminal(fw.Fd())
}

// target is what a command works on: the root, the rules and the options
// for the scanner.
type target struct {
	root  string // directory that paths are relative to
	ws    *workspace.Workspace
	rules *rules.Rules
	opts  scanner.Options
}

// rulesEnv names the environment variable that gives the rules file when
// --rules does not: one rules file kept outside the repositories it
// migrates.
const rulesEnv = "DOMAINSHIFT_RULES"

// workspace finds the root, the rules file and the narrowing paths for the
// PATH arguments (see workspace.Resolve), with the hints a person needs
// when that fails.
func (a *app) workspace(ctx context.Context, args []string) (*workspace.Workspace, error) {
	return a.findWorkspace(ctx, args, false)
}

// findWorkspace is workspace, and with rulesOptional it succeeds without a
// rules file, leaving the workspace's Rules empty.
func (a *app) findWorkspace(ctx context.Context, args []string, rulesOptional bool) (*workspace.Workspace, error) {
	file := a.rulesFile
	if file == "" {
		file = os.Getenv(rulesEnv)
	}
	ws, err := workspace.Resolve(ctx, workspace.Options{Root: a.root, Rules: file, Paths: args, RulesOptional: rulesOptional})
	var pe *workspace.PathError
	var oe *workspace.OutsideError
	var ne *workspace.NoRulesError
	var nested *workspace.NestedError
	switch {
	case errors.As(err, &ne):
		return nil, withHint(err, "create one with 'domainshift init', or pass --rules FILE")
	case errors.As(err, &nested):
		return nil, usageError("run domainshift inside it, or pass --root "+nested.Repo, "%v", err)
	case errors.As(err, &oe):
		return nil, usageError("run domainshift from inside the repository that holds it, or pass --root DIR", "%s is outside %s", oe.Path, rootName(ws))
	case errors.As(err, &pe) && pe.Path == a.root:
		return nil, usageError("pass an existing directory to --root", "--root %v", err)
	case errors.As(err, &pe):
		return nil, withHint(err, "paths must be files or directories under "+rootName(ws))
	}
	return ws, err
}

// rootName names the root in a hint.
func rootName(ws *workspace.Workspace) string {
	switch {
	case ws == nil:
		return "the root"
	case ws.Root == ".":
		return "the root (the current directory)"
	}
	return "the root (" + ws.Root + ")"
}

// rootDir is the root of a command that takes a directory rather than
// PATHs (undo DIR): dir when given, else --root, else the root every
// command finds. It is the one place an empty root gets its default.
func (a *app) rootDir(ctx context.Context, dir string) (string, error) {
	if dir == "" {
		dir = a.root
	}
	if dir != "" {
		return dir, nil
	}
	ws, err := a.findWorkspace(ctx, nil, true)
	if err != nil {
		return "", err
	}
	return ws.Root, nil
}

// loadRules loads the rules file, with a hint for the usual mistakes.
func loadRules(file string) (*rules.Rules, error) {
	r, err := rules.Load(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, withHint(fmt.Errorf("rules file %s not found", file), "check the --rules path")
		}
		if st, serr := os.Stat(file); serr == nil && st.IsDir() {
			return nil, withHint(fmt.Errorf("rules file %s is a directory", file), "pass the file itself: --rules "+filepath.Join(file, workspace.RulesName))
		}
		return nil, err
	}
	return r, nil
}

// resolve finds the workspace for the PATH arguments, as DESIGN.md's
// "File selection" says, and loads the rules.
func (a *app) resolve(args []string) (*target, error) {
	return a.resolveTarget(args, false)
}

// resolveTarget is resolve, and with rulesOptional a target without rules
// (nil) when no rules file is found.
func (a *app) resolveTarget(args []string, rulesOptional bool) (*target, error) {
	ws, err := a.findWorkspace(context.Background(), args, rulesOptional)
	if err != nil {
		return nil, err
	}
	var r *rules.Rules
	if ws.Rules != "" {
		if r, err = loadRules(ws.Rules); err != nil {
			return nil, err
		}
		r.ExpireAllows(time.Now())
	}
	include, err := cliGlobs("--include", a.include)
	if err != nil {
		return nil, err
	}
	exclude, err := cliGlobs("--exclude", a.exclude)
	if err != nil {
		return nil, err
	}
	t := &target{root: ws.Root, ws: ws, rules: r}
	t.opts = scanner.Options{
		Root:    ws.Root,
		Paths:   ws.Paths,
		Include: include,
		Exclude: exclude,
	}
	return t, nil
}

// cliGlobs checks the globs of an --include or --exclude flag and writes
// them the way paths are matched (see workspace.Globs).
func cliGlobs(flag string, globs []string) ([]string, error) {
	out, err := workspace.Globs(globs)
	var ge *workspace.GlobError
	switch {
	case errors.As(err, &ge) && ge.Absolute:
		return nil, usageError("write globs relative to the root, with forward slashes: 'src/**/*.ts'", "%s glob %q is not relative to the root", flag, ge.Glob)
	case errors.As(err, &ge):
		return nil, usageError("globs use doublestar syntax: *, **, ?, [abc], {a,b}", "invalid %s glob %q", flag, ge.Glob)
	}
	return out, err
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// relPath shortens an absolute path to one relative to the working
// directory when it lies under it, for messages.
func relPath(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return p
}
