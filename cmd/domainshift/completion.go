package main

import (
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/rules"
)

// completionShells are the shells completion writes a script for.
var completionShells = []string{"bash", "zsh", "fish", "powershell"}

func (a *app) completionCommand() *cobra.Command {
	var noDesc bool
	cmd := &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print the shell completion script for bash, zsh, fish or PowerShell",
		Long: `completion prints a script that completes domainshift's commands, flags,
every flag value that is one of a list (--format of each command, --color),
the environments and roles of the rules file (--env, --role), git revisions
(--since) and file names where a flag takes a file.

  bash        source <(domainshift completion bash)     # in ~/.bashrc
              needs no bash-completion package, and uses it when loaded
  zsh         domainshift completion zsh > "${fpath[1]}/_domainshift"
              (completion must be on: autoload -U compinit; compinit)
  fish        domainshift completion fish > ~/.config/fish/completions/domainshift.fish
  powershell  domainshift completion powershell | Out-String | Invoke-Expression

Exit status: 0 when the script was printed, 2 on a usage error.`,
		Example: `  source <(domainshift completion bash)
  domainshift completion zsh --no-descriptions > ~/.zfunc/_domainshift`,
		Args:      cobra.MatchAll(cobra.ExactArgs(1), cobra.OnlyValidArgs),
		ValidArgs: completionShells,
		RunE: func(cmd *cobra.Command, args []string) error {
			w, root := cmd.OutOrStdout(), cmd.Root()
			switch args[0] {
			case "bash":
				// cobra's script calls two functions of the bash-completion
				// package; without it, stand-ins defined only when absent.
				if _, err := fmt.Fprint(w, bashFallbacks); err != nil {
					return err
				}
				return root.GenBashCompletionV2(w, !noDesc)
			case "zsh":
				if noDesc {
					return root.GenZshCompletionNoDesc(w)
				}
				return root.GenZshCompletion(w)
			case "fish":
				return root.GenFishCompletion(w, !noDesc)
			}
			if noDesc {
				return root.GenPowerShellCompletion(w)
			}
			return root.GenPowerShellCompletionWithDesc(w)
		},
	}
	cmd.Flags().BoolVar(&noDesc, "no-descriptions", false, "complete without a description of each value")
	return cmd
}

// bashFallbacks defines, when the bash-completion package has not, the two
// of its functions that cobra's bash script calls: _get_comp_words_by_ref
// (only as cobra calls it: -n =: cur prev words cword, the line up to the
// cursor split at blanks, so --format=json stays one word) and _filedir
// (files with the given extensions, or directories with -d).
const bashFallbacks = `# Stand-ins for the bash-completion package's functions, when it is not loaded.
if ! declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
_get_comp_words_by_ref()
{
    local line=${COMP_LINE:0:COMP_POINT}
    read -r -a words <<<"$line"
    if [[ -z $line || $line == *[[:blank:]] ]]; then
        words+=("")
    fi
    cword=$((${#words[@]} - 1))
    cur=${words[cword]}
    prev=
    if ((cword > 0)); then
        prev=${words[cword - 1]}
    fi
}
fi
if ! declare -F _filedir >/dev/null 2>&1; then
_filedir()
{
    local IFS=$'\n' ext
    COMPREPLY=($(compgen -d -- "$cur"))
    if [[ $1 != -d ]]; then
        if [[ -z ${1%|} ]]; then
            COMPREPLY+=($(compgen -f -- "$cur"))
        else
            for ext in ${1//|/$'\n'}; do
                COMPREPLY+=($(compgen -f -X "!*.$ext" -- "$cur"))
            done
        fi
    fi
    compopt -o filenames 2>/dev/null
}
fi

`

// formatValues is the --format values of the commands that do not
// register them with the flag, for completion.
func formatValues() map[string][]string {
	textJSON := []string{"text", "json"}
	return map[string][]string{
		"scan":         textJSON,
		"hosts":        textJSON,
		"diff":         textJSON,
		"apply":        textJSON,
		"report merge": {"markdown", "json"},
	}
}

// registerCompletions makes every flag value that is one of a list, comes
// from the rules file or is a git revision complete, every flag that takes
// a file or a directory complete names of its kind, and a command without
// arguments complete none.
func (a *app) registerCompletions(root *cobra.Command) {
	_ = root.MarkPersistentFlagDirname("root")
	formats := formatValues()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if values, ok := formats[strings.TrimPrefix(c.CommandPath(), root.Name()+" ")]; ok {
			_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
		}
		for name, fn := range map[string]cobra.CompletionFunc{"env": a.completeEnvs, "role": a.completeRoles, "since": completeRevisions} {
			if c.LocalFlags().Lookup(name) != nil {
				_ = c.RegisterFlagCompletionFunc(name, fn)
			}
		}
		for _, name := range []string{"baseline", "write-baseline"} {
			if c.LocalFlags().Lookup(name) != nil {
				_ = c.MarkFlagFilename(name, "json")
			}
		}
		if c.ValidArgs == nil && c.ValidArgsFunction == nil && !c.HasSubCommands() {
			switch use := strings.Fields(c.Use); {
			case len(use) == 1:
				c.ValidArgsFunction = cobra.NoFileCompletions
			case use[1] == "[ROOT]" || use[1] == "[DIR]":
				c.ValidArgsFunction = completeDirs
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	for _, c := range root.Commands() {
		walk(c)
	}
}

// completeDirs completes a directory argument with directory names.
func completeDirs(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// completionRules loads the rules the command line names or finds, for a
// completion; nil when there are none or they do not load.
func (a *app) completionRules() *rules.Rules {
	ws, err := a.workspace(context.Background(), nil)
	if err != nil {
		return nil
	}
	r, err := rules.Load(ws.Rules)
	if err != nil {
		return nil
	}
	return r
}

// completeEnvs completes --env with the environments of the rules file,
// each described by its endpoints' roles.
func (a *app) completeEnvs(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	r := a.completionRules()
	if r == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []cobra.Completion
	for _, e := range r.Environments {
		if !strings.HasPrefix(e.Name, toComplete) {
			continue
		}
		roles := make([]string, len(e.Endpoints))
		for i, ep := range e.Endpoints {
			roles[i] = ep.Role
		}
		out = append(out, cobra.CompletionWithDesc(e.Name, strings.Join(roles, ", ")))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeRoles completes --role with the roles of the rules file's
// endpoints, in the environments --env names when it is given, each
// described by the environments that have it.
func (a *app) completeRoles(cmd *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	r := a.completionRules()
	if r == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	envs, _ := cmd.Flags().GetStringArray("env")
	byRole := map[string][]string{}
	var roles []string
	for _, e := range r.Environments {
		if len(envs) > 0 && !slices.Contains(envs, e.Name) {
			continue
		}
		for _, ep := range e.Endpoints {
			if !strings.HasPrefix(ep.Role, toComplete) {
				continue
			}
			if byRole[ep.Role] == nil {
				roles = append(roles, ep.Role)
			}
			byRole[ep.Role] = append(byRole[ep.Role], e.Name)
		}
	}
	slices.Sort(roles)
	out := make([]cobra.Completion, len(roles))
	for i, role := range roles {
		out[i] = cobra.CompletionWithDesc(role, strings.Join(byRole[role], ", "))
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeRevisions completes --since with the branches and tags of the
// repository the command runs in.
func completeRevisions(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	out, err := exec.CommandContext(context.Background(), "git", "for-each-ref", "--format=%(refname:short)", "refs/heads", "refs/remotes", "refs/tags").Output()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var revs []cobra.Completion
	for _, rev := range strings.Fields(string(out)) {
		if strings.HasPrefix(rev, toComplete) {
			revs = append(revs, rev)
		}
	}
	return revs, cobra.ShellCompDirectiveNoFileComp
}
