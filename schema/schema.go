// Package schema holds the JSON Schemas that domainshift publishes: the
// one for rules.toml, which editors (Taplo, Even Better TOML) use for
// completion and validation through a "#:schema" directive.
package schema

import _ "embed"

// Rules is the JSON Schema (draft 2020-12) of rules.toml.
//
//go:embed rules.schema.json
var Rules []byte

// RulesURL is where the published rules schema is found; `init` names it
// in the "#:schema" directive at the top of the files it writes.
const RulesURL = "https://raw.githubusercontent.com/domainshift/domainshift/main/schema/rules.schema.json"
