package main

import (
	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/schema"
)

func (a *app) schemaCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of rules.toml, for editors",
		Long: `schema prints the JSON Schema (draft 2020-12) of rules.toml. Editors that
validate TOML with JSON Schemas (Taplo, Even Better TOML for VS Code) use it
for completion, hover documentation and errors as you type. Point them at it
with a directive on the first line of rules.toml, as 'domainshift init'
writes:

  #:schema ` + schema.RulesURL + `

or save it next to the rules and name the file instead:

  domainshift schema > rules.schema.json      # then: #:schema ./rules.schema.json

The schema checks the shape of the file (keys, types, enumerations, host
and glob syntax); 'domainshift check' also checks what needs the whole file,
such as rule cycles and references to environments.

Exit status: 0 when the schema was printed, 2 when it could not be written.`,
		Example: `  domainshift schema > rules.schema.json`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := cmd.OutOrStdout().Write(schema.Rules)
			return err
		},
	}
}
