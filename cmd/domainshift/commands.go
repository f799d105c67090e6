package main

import "github.com/spf13/cobra"

// commands returns every subcommand; each lives in its own file.
func (a *app) commands() []*cobra.Command {
	return []*cobra.Command{
		a.hostsCommand(),
		a.scanCommand(),
		a.checkCommand(),
		a.diffCommand(),
		a.applyCommand(),
		a.undoCommand(),
		a.reviewCommand(),
		a.exportCommand(),
		a.versionCommand(),
		a.initCommand(),
		a.verifyCommand(),
		a.schemaCommand(),
		a.reportCommand(),
		a.completionCommand(),
	}
}
