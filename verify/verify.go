// Package verify is the live pre-flight of the canonical endpoints in
// rules.toml: for every endpoint it resolves the host, connects, checks the
// served certificate (names, coverage of the host, expiry, chain), makes an
// HTTP GET and, for ws:// and wss:// endpoints, a WebSocket upgrade that it
// can hold open with pings. It also checks offline that [certificates]
// names cover every endpoint host. It returns results as values and never
// prints; nothing in domainshift touches the network except this package.
package verify

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/domainshift/domainshift/rules"
)

// DefaultTimeout bounds each network step when no timeout is set.
const DefaultTimeout = 10 * time.Second

// DefaultPingInterval is the ping interval while holding a WebSocket when
// rules.toml sets none.
const DefaultPingInterval = 10 * time.Second

// Options says what to check and how.
type Options struct {
	Envs  []string // environments to check; empty means all
	Roles []string // roles to check; empty means all

	// Timeout bounds each step (DNS, connect, handshake, response) of an
	// endpoint that sets no timeout of its own; 0 means DefaultTimeout.
	Timeout time.Duration
	// ForceTimeout makes Timeout win over per-endpoint timeouts (a
	// --timeout given on the command line).
	ForceTimeout bool

	CAFile  string     // PEM file of extra trusted roots (private CAs)
	Resolve []Override // fixed addresses for host:port, as curl --resolve
	Offline bool       // only the checks that need no network

	Parallel int // endpoints checked at once; 0 means 4

	// Now returns the current time, for certificate expiry; nil means time.Now.
	Now func() time.Time
	// LookupHost resolves a host name; nil means net.DefaultResolver.
	LookupHost func(ctx context.Context, host string) ([]string, error)

	// holdClock, when set, gives the hold step its ping ticks and its end
	// instead of a ticker and a timer, so tests decide how many pings a
	// hold sends.
	holdClock func(want, interval time.Duration) (ping, end <-chan time.Time, stop func())
}

// Status is the outcome of one step.
type Status string

// Step outcomes. Only StatusFail makes an endpoint fail.
const (
	StatusOK   Status = "ok"
	StatusWarn Status = "warn"
	StatusFail Status = "fail"
	StatusSkip Status = "skip"
)

// Step names, in the order they run.
const (
	StepCoverage  = "coverage"
	StepDNS       = "dns"
	StepTCP       = "tcp"
	StepTLS       = "tls"
	StepHTTP      = "http"
	StepWebSocket = "websocket"
	StepHold      = "hold"
)

// Step is the outcome of one check of an endpoint.
type Step struct {
	Name     string
	Status   Status
	Detail   string        // one line for people
	Duration time.Duration // time the step took

	Addresses   []string     // dns: the addresses
	Address     string       // tcp: the address connected to
	Certificate *Certificate // tls: the served leaf certificate
	HTTPStatus  int          // http, websocket: the response status
	Subprotocol string       // websocket: the negotiated subprotocol
	CloseCode   int          // websocket, hold: close code received, if any
	Held        time.Duration
}

// Certificate describes the certificate an endpoint served.
type Certificate struct {
	Subject     string
	Issuer      string
	Names       []string // DNS names (the subject CN when there are none)
	NotBefore   time.Time
	NotAfter    time.Time
	CoversHost  bool   // the names match the endpoint host
	Verified    bool   // the chain leads to a trusted root
	VerifyError string // why the chain did not verify
	Version     string // negotiated TLS version
}

// Target is one endpoint to check with its expectations.
type Target struct {
	Env      string
	Endpoint rules.Endpoint
	Expect   rules.VerifyEndpoint
}

// Name returns "ENV.ROLE", the key of the endpoint under [verify.endpoints].
func (t Target) Name() string { return t.Env + "." + t.Endpoint.Role }

// Result is every step run for one endpoint.
type Result struct {
	Target Target
	Steps  []Step
}

// OK reports whether no step failed.
func (r Result) OK() bool {
	return !slices.ContainsFunc(r.Steps, func(s Step) bool { return s.Status == StatusFail })
}

// Failures returns the failed steps.
func (r Result) Failures() []Step {
	var out []Step
	for _, s := range r.Steps {
		if s.Status == StatusFail {
			out = append(out, s)
		}
	}
	return out
}

// Report is the outcome of one run over the selected endpoints.
type Report struct {
	Started  time.Time
	Duration time.Duration
	Results  []Result // in the order of Select
}

// OK reports whether every endpoint passed.
func (r *Report) OK() bool {
	return !slices.ContainsFunc(r.Results, func(res Result) bool { return !res.OK() })
}

// Select returns the endpoints of rules r in the environments and roles
// given (all when empty), sorted by environment and role. Naming an
// environment or role that does not exist is an error.
func Select(r *rules.Rules, envs, roles []string) ([]Target, error) {
	var names, allRoles []string
	for _, e := range r.Environments {
		names = append(names, e.Name)
		for _, ep := range e.Endpoints {
			if !slices.Contains(allRoles, ep.Role) {
				allRoles = append(allRoles, ep.Role)
			}
		}
	}
	slices.Sort(allRoles)
	file := "rules.toml"
	if r.File != "" {
		file = r.File // --rules may name another file
	}
	for _, e := range envs {
		if !slices.Contains(names, e) {
			return nil, &OptionError{"env", fmt.Errorf("unknown environment %q (%s has: %s)", e, file, list(names))}
		}
	}
	for _, ro := range roles {
		if !slices.Contains(allRoles, ro) {
			return nil, &OptionError{"role", fmt.Errorf("unknown role %q (%s has: %s)", ro, file, list(allRoles))}
		}
	}
	var out []Target
	for _, e := range r.Environments {
		if len(envs) > 0 && !slices.Contains(envs, e.Name) {
			continue
		}
		for _, ep := range e.Endpoints {
			if len(roles) > 0 && !slices.Contains(roles, ep.Role) {
				continue
			}
			out = append(out, Target{Env: e.Name, Endpoint: ep, Expect: r.Verify.Endpoints[e.Name+"."+ep.Role]})
		}
	}
	if len(out) == 0 {
		return nil, &OptionError{"role", fmt.Errorf("no endpoint to verify: no environment in %s has the roles selected", file)}
	}
	return out, nil
}

func list(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// OptionError is an option that does not fit the rules: an unknown
// environment or role, a --resolve for no endpoint, an unreadable CA file.
type OptionError struct {
	Option string // "env", "role", "resolve" or "ca-file"
	Err    error
}

func (e *OptionError) Error() string { return e.Err.Error() }

func (e *OptionError) Unwrap() error { return e.Err }

// Checker runs the checks; make one with New and reuse it across rounds.
type Checker struct {
	rules   *rules.Rules
	targets []Target
	opts    Options
	roots   *x509.CertPool
}

// New validates the options against rules r and prepares a Checker: it
// selects the endpoints, reads the CA file and matches every --resolve
// override to an endpoint.
func New(r *rules.Rules, opts Options) (*Checker, error) {
	targets, err := Select(r, opts.Envs, opts.Roles)
	if err != nil {
		return nil, err
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Parallel <= 0 {
		opts.Parallel = 4
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	for _, o := range opts.Resolve {
		if !slices.ContainsFunc(targets, func(t Target) bool { return o.matches(t.Endpoint.Host, port(t.Endpoint)) }) {
			return nil, &OptionError{"resolve", fmt.Errorf("--resolve %s matches no selected endpoint (host and port must both match)", o)}
		}
	}
	c := &Checker{rules: r, targets: targets, opts: opts}
	if !opts.Offline {
		if c.roots, err = roots(opts.CAFile); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Run checks every endpoint once, a few at a time.
func (c *Checker) Run(ctx context.Context) *Report {
	rep := &Report{Started: c.opts.Now(), Results: make([]Result, len(c.targets))}
	start := time.Now()
	sem := make(chan struct{}, c.opts.Parallel)
	var wg sync.WaitGroup
	for i, t := range c.targets {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			rep.Results[i] = c.check(ctx, t)
		})
	}
	wg.Wait()
	rep.Duration = time.Since(start)
	return rep
}

func roots(caFile string) (*x509.CertPool, error) {
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if caFile == "" {
		return pool, nil
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, &OptionError{"ca-file", fmt.Errorf("read CA file: %w", err)}
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, &OptionError{"ca-file", fmt.Errorf("CA file %s holds no PEM certificate", caFile)}
	}
	return pool, nil
}

// timeout returns the per-step timeout for t.
func (c *Checker) timeout(t Target) time.Duration {
	if t.Expect.Timeout > 0 && !c.opts.ForceTimeout {
		return t.Expect.Timeout
	}
	return c.opts.Timeout
}

// isTLS reports whether the endpoint's scheme runs over TLS.
func isTLS(ep rules.Endpoint) bool { return ep.Parsed.Scheme == "https" || ep.Parsed.Scheme == "wss" }

// isWebSocket reports whether the endpoint is a WebSocket URL.
func isWebSocket(ep rules.Endpoint) bool {
	return ep.Parsed.Scheme == "ws" || ep.Parsed.Scheme == "wss"
}

// port returns the endpoint's port, explicit or implied by the scheme.
func port(ep rules.Endpoint) string {
	if ep.Port != "" {
		return ep.Port
	}
	if isTLS(ep) {
		return "443"
	}
	return "80"
}
