package main

import (
	"context"
	"fmt"

	"github.com/domainshift/domainshift/scaffold"
	"github.com/domainshift/domainshift/scanner"
)

// noRulesInventory lists every host name in the files the target selects,
// each with status unknown: the inventory before there are rules, which
// init turns into a proposal. It returns the hosts and how many files it
// read.
func noRulesInventory(ctx context.Context, t *target) ([]scanner.HostInfo, int, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	inv, err := scaffold.Collect(ctx, t.root, func(p string) bool { return !t.opts.Selects(p) })
	if err != nil {
		return nil, 0, withHint(fmt.Errorf("read the repository: %w", err), "fix the permissions or exclude the file with --exclude")
	}
	out := make([]scanner.HostInfo, len(inv.Hosts))
	for i, h := range inv.Hosts {
		out[i] = scanner.HostInfo{
			HostCount: scanner.HostCount{Host: h.Name, Mentions: h.Mentions, Files: h.Files},
			Status:    scanner.StatusUnknown,
		}
	}
	return out, len(inv.Paths), nil
}

// noRulesNote tells, on stderr, why every host is unknown and what to do.
func (a *app) noRulesNote() {
	if a.quiet {
		return
	}
	fmt.Fprintln(a.stderr, "domainshift: no rules.toml found, so every host is unknown")
	fmt.Fprintln(a.stderr, "hint: run 'domainshift init' to propose rules from these hosts, or pass --rules FILE")
}
