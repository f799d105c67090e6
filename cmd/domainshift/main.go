// Command domainshift migrates a repository from deprecated host names to
// the canonical domains in rules.toml, lets a person review every change,
// and keeps the repository from drifting back.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
