package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scaffold"
	"github.com/domainshift/domainshift/scanner"
)

func (a *app) initCommand() *cobra.Command {
	var certs []string
	var output string
	var force bool
	cmd := &cobra.Command{
		Use:   "init [ROOT]",
		Short: "Propose a starter rules.toml from the repository's own host names",
		Long: `init looks for host names in every file of the repository (no rules needed;
git-aware like scan) and writes a commented rules.toml proposing:

  - [secure] zones: the registrable-looking zones it saw (example.com,
    example.co.uk), with how many hosts and mentions each has;
  - environments: staging, production, development, qa ... as the paths
    suggest (deploy/staging/, .env.prod), with candidate endpoints;
  - with --cert: every host two labels under a wildcard certificate name,
    which the certificate does not cover, as a [[deprecated]] entry with a
    flattened replacement (api.staging.example.com -> api-staging.example.com).

Every guess is marked CONFIRM for a person to check. The file loads as it is.
init refuses to overwrite an existing rules.toml unless --force.

Exit status: 0 when the proposal was written, 2 when the file exists (without
--force), on a usage error or when the repository cannot be read.`,
		Example: `  domainshift init
  domainshift init --cert '*.example.com' --cert example.com
  domainshift init --output - services/api | less
  domainshift init --force --output config/rules.toml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := "."
			switch {
			case len(args) == 1 && a.root != "" && filepath.Clean(args[0]) != filepath.Clean(a.root):
				return usageError("name the root once: as ROOT or with --root", "--root %s and ROOT %s disagree", a.root, args[0])
			case len(args) == 1:
				root = args[0]
			case a.root != "":
				root = a.root
			}
			if st, err := os.Stat(root); err != nil || !st.IsDir() {
				return usageError("pass the repository's root directory", "%s is not a directory", root)
			}
			out := output
			if out == "" {
				out = filepath.Join(root, "rules.toml")
			}
			if out != "-" && !force {
				if _, err := os.Lstat(out); err == nil {
					return withHint(fmt.Errorf("%s already exists", out), "pass --force to overwrite it, or --output - to print the proposal")
				} else if !errors.Is(err, fs.ErrNotExist) {
					return withHint(fmt.Errorf("%s: %w", out, unwrapPathError(err)), "check the --output path")
				}
			}
			return a.runInit(cmd.Context(), cmd, root, out, certs)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&certs, "cert", nil, "a name on the TLS certificate, such as '*.example.com' (repeatable)")
	f.StringVarP(&output, "output", "o", "", "write to FILE instead of ROOT/rules.toml (- is stdout)")
	f.BoolVar(&force, "force", false, "overwrite an existing file")
	return cmd
}

func (a *app) runInit(ctx context.Context, cmd *cobra.Command, root, out string, certs []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	absOut, _ := filepath.Abs(out)
	absRoot, _ := filepath.Abs(root)
	skip := func(p string) bool {
		abs := filepath.Join(absRoot, filepath.FromSlash(p))
		return abs == absOut || filepath.Base(p) == "rules.toml"
	}
	inv, err := scaffold.Collect(ctx, root, skip)
	if err != nil {
		return withHint(fmt.Errorf("read the repository: %w", err), "fix the permissions or run init from a readable directory")
	}
	p, err := scaffold.Propose(inv, scaffold.Options{Certs: certs})
	if err != nil {
		return usageError("write certificate names like '*.example.com' or 'example.com'", "%v", err)
	}
	// Count as hosts will under these rules, skipping the file as hosts
	// skips its rules file.
	name := out
	if out == "-" {
		name = filepath.Join(root, "rules.toml")
	}
	r, err := rules.Parse(name, p.TOML())
	if err != nil {
		return fmt.Errorf("init produced a rules file that does not load (a bug; please report it): %w", err)
	}
	res, err := scanner.Scan(ctx, r, scanner.Options{Root: root, Inventory: true})
	if err != nil {
		return withHint(fmt.Errorf("read the repository: %w", err), "fix the permissions or run init from a readable directory")
	}
	p.Recount(res.Hosts)
	data := p.TOML()
	if out == "-" {
		_, err := cmd.OutOrStdout().Write(data)
		return err
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return withHint(fmt.Errorf("write %s: %w", out, unwrapPathError(err)), "check that the directory of --output exists and is writable")
	}
	if !a.quiet {
		envs := make([]string, len(p.Environments))
		for i, e := range p.Environments {
			envs[i] = e.Name
		}
		names := ""
		if len(envs) > 0 {
			names = " (" + strings.Join(envs, ", ") + ")"
		}
		fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: %d %s, %d %s%s, %d deprecated %s to confirm\n",
			out, len(p.Zones), plural.Word(len(p.Zones), "zone"), len(envs), plural.Word(len(envs), "environment"), names, len(p.Deprecated), plural.Word(len(p.Deprecated), "host"))
		fmt.Fprintf(cmd.OutOrStdout(), "next: check every CONFIRM line, then run 'domainshift hosts'\n")
	}
	return nil
}
