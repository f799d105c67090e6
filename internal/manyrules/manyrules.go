// Package manyrules writes large rules files, for the benchmarks that show
// how loading and matching grow with the number of rules.
package manyrules

import (
	"fmt"
	"strings"
)

// TOML returns a rules file of n deprecated hosts, the way a company
// retiring a naming scheme or importing a DNS zone writes one: a quarter
// wildcards, the rest exact hosts, in one zone and spread over teams, each
// with its replacement, and a few keep entries.
func TOML(n int) []byte {
	var b strings.Builder
	b.WriteString("version = 1\n\n")
	for i := range n {
		switch {
		case i%4 == 0:
			fmt.Fprintf(&b, "[[deprecated]]\nhost = \"*.z%d.old.example.net\"\nreplace = \"*-z%d.example.net\"\n\n", i, i)
		case i%4 == 1:
			fmt.Fprintf(&b, "[[deprecated]]\nhost = \"svc%d.team%d.old.example.net\"\nreplace = \"svc%d-team%d.example.net\"\n\n", i, i%97, i, i%97)
		default:
			fmt.Fprintf(&b, "[[deprecated]]\nhost = \"h%d.old.example.net\"\nreplace = \"h%d.example.net\"\nreason = \"retired naming scheme\"\n\n", i, i)
		}
	}
	for i := range min(n/100, 100) {
		fmt.Fprintf(&b, "[[keep]]\nhosts = [\"legacy%d.old.example.net\"]\n\n", i)
	}
	return []byte(b.String())
}

// Host returns the i-th host TOML(n) deprecates, as a file would mention
// it, for any i < n.
func Host(i int) string {
	switch i % 4 {
	case 0:
		return fmt.Sprintf("web.z%d.old.example.net", i)
	case 1:
		return fmt.Sprintf("svc%d.team%d.old.example.net", i, i%97)
	}
	return fmt.Sprintf("h%d.old.example.net", i)
}
