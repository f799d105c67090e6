package main

import (
	"context"
	"fmt"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scaffold"
)

// noRules gives a target without a rules file the rules init would
// propose for it without certificate names: the zones of the host names
// in the files it selects, and nothing that gives a host a status. Under
// them hosts lists every one of those hosts as unknown, counted as it will
// count them under the rules init writes.
func noRules(ctx context.Context, t *target) (*rules.Rules, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	inv, err := scaffold.Collect(ctx, t.root, func(p string) bool { return !t.opts.Selects(p) })
	if err != nil {
		return nil, withHint(fmt.Errorf("read the repository: %w", err), "fix the permissions or exclude the file with --exclude")
	}
	p, err := scaffold.Propose(inv, scaffold.Options{})
	if err != nil {
		return nil, err
	}
	r, err := rules.Parse("", p.TOML())
	if err != nil {
		return nil, fmt.Errorf("the zones of the repository's hosts do not load as rules (a bug; please report it): %w", err)
	}
	return r, nil
}

// noRulesNote tells, on stderr, why every host is unknown and what to do.
func (a *app) noRulesNote() {
	if a.quiet {
		return
	}
	fmt.Fprintln(a.stderr, "domainshift: no rules.toml found, so every host is unknown")
	fmt.Fprintln(a.stderr, "hint: run 'domainshift init' to propose rules from these hosts, or pass --rules FILE")
}
