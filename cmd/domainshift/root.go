package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

// app holds what every command shares: the streams and the global flags.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	rulesFile string
	color     string
	quiet     bool
	include   []string
	exclude   []string
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
	if err != nil && !errors.As(err, new(*codeError)) && isUsage(err) {
		err = usageHint(c, err)
	}
	return printError(stderr, err)
}

// isUsage reports whether err comes from cobra's argument or flag parsing.
func isUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "flag needs an argument", "invalid argument", "accepts ", "requires ", "bad flag syntax"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "domainshift",
		Short: "Migrate a repository from deprecated host names to canonical domains",
		Long: `domainshift moves a whole repository from deprecated host names to the
canonical domains kept in one rules.toml, lets a person review every change,
and keeps the repository from drifting back with a CI check.`,
		Example: `  domainshift hosts .                 # inventory of every host under the zones
  domainshift scan .                  # list every finding
  domainshift check --format json .   # the CI gate`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			switch a.color {
			case "auto", "always", "never":
				return nil
			}
			return usageError("use --color auto, always or never", "invalid --color %q", a.color)
		},
	}
	root.CompletionOptions.HiddenDefaultCmd = false
	root.SetVersionTemplate("domainshift {{.Version}}\n")
	f := root.PersistentFlags()
	f.StringVar(&a.rulesFile, "rules", "", "rules file (default: the first rules.toml from the root upward)")
	f.StringVar(&a.color, "color", "auto", "colour output: auto, always or never (NO_COLOR is honoured)")
	f.BoolVarP(&a.quiet, "quiet", "q", false, "print only findings and errors, no summaries")
	f.StringArrayVar(&a.include, "include", nil, "scan only files matching this glob (repeatable; on top of [scan] include)")
	f.StringArrayVar(&a.exclude, "exclude", nil, "skip files matching this glob (repeatable; on top of [scan] exclude)")
	_ = root.RegisterFlagCompletionFunc("color", cobra.FixedCompletions([]string{"auto", "always", "never"}, cobra.ShellCompDirectiveNoFileComp))
	_ = root.MarkPersistentFlagFilename("rules", "toml")

	for _, c := range a.commands() {
		root.AddCommand(c)
	}
	return root
}

// colorOn reports whether output to w should carry ANSI colours.
func (a *app) colorOn(w io.Writer) bool {
	switch a.color {
	case "always":
		return true
	case "never":
		return false
	}
	if _, ok := os.LookupEnv("NO_COLOR"); ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
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
	rules *rules.Rules
	opts  scanner.Options
}

// resolve finds the root and the rules file for the PATH arguments and
// loads the rules, as DESIGN.md's "File selection" says: a single directory
// argument is the root; otherwise the current directory is, and the
// arguments narrow the scan.
func (a *app) resolve(args []string) (*target, error) {
	root := "."
	var narrow []string
	if len(args) == 1 {
		if st, err := os.Stat(args[0]); err == nil && st.IsDir() {
			root = args[0]
			args = nil
		}
	}
	rootAbs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	for _, p := range args {
		st, err := os.Stat(p)
		if err != nil {
			return nil, withHint(fmt.Errorf("%s: %w", p, unwrapPathError(err)), "paths must be files or directories under the current directory")
		}
		abs, _ := filepath.Abs(p)
		rel, err := filepath.Rel(rootAbs, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return nil, usageError("run domainshift from the repository root, or pass the root as the only path", "%s is outside the root %s", p, root)
		}
		rel = filepath.ToSlash(rel)
		if st.IsDir() && rel != "." {
			rel += "/"
		}
		narrow = append(narrow, rel)
	}
	rulesFile := a.rulesFile
	if rulesFile == "" {
		rulesFile, err = findRules(rootAbs)
		if err != nil {
			return nil, err
		}
	}
	r, err := rules.Load(rulesFile)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, withHint(fmt.Errorf("rules file %s not found", rulesFile), "check the --rules path")
		}
		if st, serr := os.Stat(rulesFile); serr == nil && st.IsDir() {
			return nil, withHint(fmt.Errorf("rules file %s is a directory", rulesFile), "pass the file itself: --rules "+filepath.Join(rulesFile, "rules.toml"))
		}
		return nil, err
	}
	r.ExpireAllows(time.Now())
	include, err := cliGlobs("--include", a.include)
	if err != nil {
		return nil, err
	}
	exclude, err := cliGlobs("--exclude", a.exclude)
	if err != nil {
		return nil, err
	}
	t := &target{root: root, rules: r}
	t.opts = scanner.Options{
		Root:    root,
		Paths:   narrow,
		Include: include,
		Exclude: exclude,
	}
	return t, nil
}

// cliGlobs checks the globs of an --include or --exclude flag and writes
// them the way paths are matched, relative to the root: "./src/**" is
// "src/**" and "docs/" is everything under docs, as a person typing a path
// means them; without that they would match nothing, silently.
func cliGlobs(flag string, globs []string) ([]string, error) {
	out := make([]string, 0, len(globs))
	for _, g := range globs {
		n := g
		for strings.HasPrefix(n, "./") {
			n = strings.TrimLeft(n[2:], "/")
		}
		if strings.HasSuffix(n, "/") {
			n += "**"
		}
		switch {
		case n == "" || !doublestar.ValidatePattern(n):
			return nil, usageError("globs use doublestar syntax: *, **, ?, [abc], {a,b}", "invalid %s glob %q", flag, g)
		case strings.HasPrefix(n, "/") || filepath.VolumeName(n) != "":
			return nil, usageError("write globs relative to the root, with forward slashes: 'src/**/*.ts'", "%s glob %q is not relative to the root", flag, g)
		}
		out = append(out, n)
	}
	return out, nil
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// findRules returns the first rules.toml from dir upward.
func findRules(dir string) (string, error) {
	for d := dir; ; {
		p := filepath.Join(d, "rules.toml")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return relPath(p), nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", withHint(fmt.Errorf("no rules.toml found in %s or any parent directory", relPath(dir)), "create one with 'domainshift init', or pass --rules FILE")
		}
		d = parent
	}
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
