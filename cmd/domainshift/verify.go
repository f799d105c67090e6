package main

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"time"

	"github.com/spf13/cobra"

	"github.com/domainshift/domainshift/report"
	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/verify"
)

// verifyFlags are the flags of `verify`.
type verifyFlags struct {
	envs, roles []string
	format      string
	timeout     time.Duration
	caFile      string
	resolve     []string
	offline     bool
	watch       time.Duration
	interval    time.Duration
	minSuccess  float64
}

func (a *app) verifyCommand() *cobra.Command {
	var fl verifyFlags
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Live pre-flight of the endpoints: DNS, TLS coverage, HTTP, WebSocket",
		Long: `verify checks every canonical endpoint in rules.toml against the network:
the host resolves, accepts a connection, presents a certificate whose names
cover it, that has not expired and that chains to a trusted root; a GET of
the endpoint (or of its health path) answers an expected status; a ws:// or
wss:// endpoint upgrades (101), with the expected subprotocol, and stays open
for its hold. It also checks offline that the [certificates] names cover
every https and wss host. Expectations live in rules.toml, all optional:

  [verify.endpoints."staging.websocket"]
  health = "/healthz"           # GET this path instead of the endpoint's own
  statuses = [200, 204]         # accepted statuses (default: any 2xx or 3xx)
  origin = "https://staging.example.ai"
  subprotocols = ["graphql-ws"] # offered; one must be chosen
  unauthenticated = "accepted"  # or "rejected" (401/403, see reject_statuses)
                                # or "closed" (101, then close 1008, see close_code)
  hold = "60s"                  # stay open this long, pinging every ping_interval (10s)
  timeout = "5s"                # per step (default 10s)

Exit status: 0 when every check passes, 1 when one fails, 2 on a usage or
config error. With --watch the checks repeat every --interval (--watch 10m
--interval 30s is 20 rounds; a slow round delays the next, never drops it)
and the exit status says whether every endpoint passed at least
--min-success percent of the
rounds.

verify is the only command that touches the network. It connects directly,
without HTTP(S)_PROXY; --resolve tests a new load balancer before DNS
points at it, as curl's --resolve does.`,
		Example: `  domainshift verify
  domainshift verify --env staging --role websocket
  domainshift verify --resolve api-staging.example.ai:443:203.0.113.7 --ca-file ca.pem
  domainshift verify --watch 10m --interval 30s --min-success 95
  domainshift verify --offline          # only the [certificates] coverage`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runVerify(cmd, fl)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&fl.envs, "env", nil, "check only this environment (repeatable)")
	f.StringArrayVar(&fl.roles, "role", nil, "check only this role (repeatable)")
	f.StringVar(&fl.format, "format", "text", "output format: text or json")
	f.DurationVar(&fl.timeout, "timeout", verify.DefaultTimeout, "time limit of each step (wins over per-endpoint timeouts when given)")
	f.StringVar(&fl.caFile, "ca-file", "", "PEM file of extra trusted CA certificates (private CAs)")
	f.StringArrayVar(&fl.resolve, "resolve", nil, "use ADDRESS for HOST:PORT instead of DNS, as HOST:PORT:ADDRESS (repeatable)")
	f.BoolVar(&fl.offline, "offline", false, "only the checks that need no network ([certificates] coverage)")
	f.DurationVar(&fl.watch, "watch", 0, "repeat the checks for this long and report a success rate per endpoint")
	f.DurationVar(&fl.interval, "interval", 10*time.Second, "time between the rounds of --watch")
	f.Float64Var(&fl.minSuccess, "min-success", 100, "with --watch, the success rate in percent every endpoint needs")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagFilename("ca-file", "pem", "crt")
	return cmd
}

func (a *app) runVerify(cmd *cobra.Command, fl verifyFlags) error {
	opts, err := fl.options(cmd)
	if err != nil {
		return err
	}
	r, err := a.verifyRules()
	if err != nil {
		return err
	}
	c, err := verify.New(r, opts)
	if err != nil {
		var oe *verify.OptionError
		hint := ""
		if errors.As(err, &oe) {
			hint = map[string]string{
				"env":     "--env and --role take names from " + r.File,
				"role":    "--env and --role take names from " + r.File,
				"resolve": "--resolve takes the HOST:PORT of an endpoint; without a port in the URL it is 443 for https and wss, 80 for http and ws",
				"ca-file": "--ca-file takes a PEM file of CA certificates",
			}[oe.Option]
		}
		return withHint(err, hint)
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
	defer stop()
	out := a.stdout
	if fl.watch > 0 {
		var rounds []*verify.Report
		n := 0
		rates := c.Watch(ctx, fl.watch, fl.interval, func(rep *verify.Report) {
			n++
			if fl.format == "json" {
				rounds = append(rounds, rep)
				return
			}
			report.WriteVerifyRound(out, n, rep)
		})
		below := verify.BelowRate(rates, fl.minSuccess)
		if fl.format == "json" {
			if err := report.WriteWatchJSON(out, rounds, rates, fl.minSuccess, below); err != nil {
				return err
			}
		} else {
			report.WriteVerifyRates(out, rates, n, fl.minSuccess, below, a.quiet)
		}
		if below > 0 {
			return errFindings
		}
		return nil
	}
	rep := c.Run(ctx)
	if fl.format == "json" {
		if err := report.WriteVerifyJSON(out, rep); err != nil {
			return err
		}
	} else {
		report.WriteVerifyText(out, rep, a.quiet, report.Palette{On: a.colorOn(out)})
	}
	if !rep.OK() {
		return errFindings
	}
	return nil
}

// options checks the flags and turns them into engine options.
func (fl verifyFlags) options(cmd *cobra.Command) (verify.Options, error) {
	opts := verify.Options{Envs: fl.envs, Roles: fl.roles, Timeout: fl.timeout, CAFile: fl.caFile, Offline: fl.offline}
	set := cmd.Flags().Changed
	switch {
	case fl.format != "text" && fl.format != "json":
		return opts, usageError("use --format text or json", "unknown format %q", fl.format)
	case fl.timeout <= 0:
		return opts, usageError("give a positive duration such as 5s", "invalid --timeout %s", fl.timeout)
	case fl.watch < 0:
		return opts, usageError("give a positive duration such as 10m", "invalid --watch %s", fl.watch)
	case fl.interval <= 0:
		return opts, usageError("give a positive duration such as 30s", "invalid --interval %s", fl.interval)
	case fl.minSuccess < 0 || fl.minSuccess > 100:
		return opts, usageError("give a percentage from 0 to 100", "invalid --min-success %g", fl.minSuccess)
	case fl.watch == 0 && (set("interval") || set("min-success")):
		return opts, usageError("add --watch DURATION to repeat the checks", "--interval and --min-success need --watch")
	case fl.offline && (fl.watch > 0 || len(fl.resolve) > 0 || fl.caFile != ""):
		return opts, usageError("drop --offline to check the network", "--offline checks no network: --watch, --resolve and --ca-file do not apply")
	}
	opts.ForceTimeout = set("timeout")
	for _, s := range fl.resolve {
		o, err := verify.ParseOverride(s)
		if err != nil {
			return opts, usageError("write --resolve HOST:PORT:ADDRESS, for example api.example.com:443:127.0.0.1", "%v", err)
		}
		opts.Resolve = append(opts.Resolve, o)
	}
	return opts, nil
}

// verifyRules loads the rules file, found as for every command.
func (a *app) verifyRules() (*rules.Rules, error) {
	ws, err := a.workspace(context.Background(), nil)
	if err != nil {
		return nil, err
	}
	return loadRules(ws.Rules)
}
