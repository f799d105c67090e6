package verify

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/domainshift/domainshift/rules"
)

// check runs every step for one endpoint. A step that leaves nothing to
// build on (no address, no connection) ends the run; the steps it leaves
// out are reported as skipped so that every table has the same rows.
func (c *Checker) check(ctx context.Context, t Target) Result {
	res := Result{Target: t}
	ep := t.Endpoint
	res.Steps = append(res.Steps, c.coverage(ep))
	if c.opts.Offline {
		return res
	}
	timeout := c.timeout(t)
	later := []string{StepTCP}
	if isTLS(ep) {
		later = append(later, StepTLS)
	}
	if !isWebSocket(ep) || t.Expect.HealthPath != "" {
		later = append(later, StepHTTP)
	}
	if isWebSocket(ep) {
		later = append(later, StepWebSocket)
		if t.Expect.Hold > 0 {
			later = append(later, StepHold)
		}
	}
	skip := func(after string) {
		for _, name := range later[len(res.Steps)-2:] {
			res.Steps = append(res.Steps, Step{Name: name, Status: StatusSkip, Detail: "not run: " + after + " failed"})
		}
	}

	dns := c.resolve(ctx, ep, timeout)
	res.Steps = append(res.Steps, dns)
	if dns.Status == StatusFail {
		skip(StepDNS)
		return res
	}
	conn, tcp := c.connect(ctx, ep, dns.Addresses, timeout)
	res.Steps = append(res.Steps, tcp)
	if conn == nil {
		skip(StepTCP)
		return res
	}
	if isTLS(ep) {
		var st Step
		conn, st = c.handshake(ctx, conn, ep, timeout)
		res.Steps = append(res.Steps, st)
		if conn == nil {
			skip(StepTLS)
			return res
		}
	}
	// The first request uses the connection the steps above opened; a
	// second one dials the same address again.
	dial := func() (net.Conn, error) {
		if first := conn; first != nil {
			conn = nil
			return first, nil
		}
		return c.dial(ctx, ep, tcp.Address, timeout)
	}
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	if !isWebSocket(ep) || t.Expect.HealthPath != "" {
		res.Steps = append(res.Steps, c.get(ctx, dial, t, timeout))
	}
	if isWebSocket(ep) {
		res.Steps = append(res.Steps, c.websocket(ctx, dial, t, timeout)...)
	}
	return res
}

// dial opens one more connection to addr, with the TLS handshake when the
// endpoint needs one; the certificate was already checked by the tls step.
func (c *Checker) dial(ctx context.Context, ep rules.Endpoint, addr string, timeout time.Duration) (net.Conn, error) {
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s", connectError(addr, err))
	}
	if !isTLS(ep) {
		return conn, nil
	}
	tc := tls.Client(conn, c.tlsConfig(ep))
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("TLS handshake: %w", err)
	}
	return tc, nil
}

// coverage is the offline step: is the host covered by a [certificates]
// name in rules.toml?
func (c *Checker) coverage(ep rules.Endpoint) Step {
	s := Step{Name: StepCoverage}
	if !isTLS(ep) {
		s.Status, s.Detail = StatusSkip, "plain "+ep.Parsed.Scheme+"://, no certificate"
		return s
	}
	if net.ParseIP(strings.Trim(ep.Host, "[]")) != nil {
		s.Status, s.Detail = StatusSkip, "IP address, not a certificate name"
		return s
	}
	names := c.rules.Certificates.Names
	if len(names) == 0 {
		s.Status, s.Detail = StatusSkip, "no [certificates] names in rules.toml"
		return s
	}
	var all []string
	for _, n := range names {
		if _, ok := n.Match(ep.Host); ok {
			s.Status, s.Detail = StatusOK, fmt.Sprintf("[certificates] name %s covers %s", n, ep.Host)
			return s
		}
		all = append(all, n.String())
	}
	s.Status = StatusFail
	s.Detail = fmt.Sprintf("no [certificates] name covers %s (names: %s; '*' covers one label)", ep.Host, strings.Join(all, ", "))
	return s
}
