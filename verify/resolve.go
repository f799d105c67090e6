package verify

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/domainshift/domainshift/rules"
)

// Override fixes the addresses of one host and port, as curl's --resolve
// does, to test a new load balancer before DNS points at it.
type Override struct {
	Host  string // lower case
	Port  string
	Addrs []string // IP addresses
}

// ParseOverride parses "HOST:PORT:ADDR[,ADDR...]"; an IPv6 address may be
// written in brackets.
func ParseOverride(s string) (Override, error) {
	host, rest, ok1 := strings.Cut(s, ":")
	port, addrs, ok2 := strings.Cut(rest, ":")
	if !ok1 || !ok2 || host == "" || port == "" || addrs == "" {
		return Override{}, fmt.Errorf("invalid --resolve %q (want HOST:PORT:ADDRESS, for example api.example.com:443:127.0.0.1)", s)
	}
	o := Override{Host: strings.ToLower(strings.TrimSuffix(host, ".")), Port: port}
	if n, err := net.LookupPort("tcp", port); err != nil || n == 0 || strings.Trim(port, "0123456789") != "" {
		return Override{}, fmt.Errorf("invalid port %q in --resolve %q", port, s)
	}
	for _, a := range strings.Split(addrs, ",") {
		ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(a, "["), "]"))
		if ip == nil {
			return Override{}, fmt.Errorf("invalid address %q in --resolve %q (want an IP address)", a, s)
		}
		o.Addrs = append(o.Addrs, ip.String())
	}
	return o, nil
}

func (o Override) String() string {
	addrs := make([]string, len(o.Addrs))
	for i, a := range o.Addrs {
		if strings.Contains(a, ":") {
			a = "[" + a + "]"
		}
		addrs[i] = a
	}
	return o.Host + ":" + o.Port + ":" + strings.Join(addrs, ",")
}

func (o Override) matches(host, port string) bool { return o.Host == host && o.Port == port }

// resolve is the DNS step: the addresses of the endpoint host.
func (c *Checker) resolve(ctx context.Context, ep rules.Endpoint, timeout time.Duration) (s Step) {
	s = Step{Name: StepDNS}
	start := time.Now()
	defer func() { s.Duration = time.Since(start) }()
	h := strings.Trim(ep.Host, "[]")
	if ip := net.ParseIP(h); ip != nil {
		s.Status, s.Addresses, s.Detail = StatusOK, []string{ip.String()}, "IP address, no lookup"
		return s
	}
	for _, o := range c.opts.Resolve {
		if o.matches(ep.Host, port(ep)) {
			s.Status, s.Addresses, s.Detail = StatusOK, o.Addrs, strings.Join(o.Addrs, ", ")+" (--resolve)"
			return s
		}
	}
	// RFC 6761: ".invalid" names never resolve, and resolvers should
	// answer so at once rather than ask the network.
	if rules.InZone(h, "invalid") {
		s.Status, s.Detail = StatusFail, fmt.Sprintf("lookup %s: no such host (.invalid is reserved, RFC 6761)", h)
		return s
	}
	lookup := c.opts.LookupHost
	if lookup == nil {
		lookup = net.DefaultResolver.LookupHost
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	addrs, err := lookup(ctx, h)
	switch {
	case err != nil:
		s.Status, s.Detail = StatusFail, dnsError(h, err)
	case len(addrs) == 0:
		s.Status, s.Detail = StatusFail, fmt.Sprintf("lookup %s: no addresses", h)
	default:
		s.Status, s.Addresses, s.Detail = StatusOK, addrs, strings.Join(addrs, ", ")
	}
	return s
}

func dnsError(h string, err error) string {
	if de, ok := err.(*net.DNSError); ok {
		switch {
		case de.IsNotFound:
			return fmt.Sprintf("lookup %s: no such host", h)
		case de.IsTimeout:
			return fmt.Sprintf("lookup %s: timed out", h)
		}
	}
	return err.Error()
}

// connect is the TCP step: the first address that accepts a connection.
func (c *Checker) connect(ctx context.Context, ep rules.Endpoint, addrs []string, timeout time.Duration) (net.Conn, Step) {
	s := Step{Name: StepTCP}
	start := time.Now()
	var errs []string
	for _, a := range addrs {
		addr := net.JoinHostPort(a, port(ep))
		d := net.Dialer{Timeout: timeout}
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			s.Status, s.Address, s.Detail, s.Duration = StatusOK, addr, addr, time.Since(start)
			return conn, s
		}
		errs = append(errs, connectError(addr, err))
	}
	s.Status, s.Detail, s.Duration = StatusFail, strings.Join(errs, "; "), time.Since(start)
	return nil, s
}

func connectError(addr string, err error) string {
	msg := err.Error()
	if oe, ok := err.(*net.OpError); ok && oe.Err != nil {
		msg = oe.Err.Error()
		if se, ok := oe.Err.(interface{ Unwrap() error }); ok && se.Unwrap() != nil {
			msg = se.Unwrap().Error()
		}
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		msg = "timed out"
	}
	return fmt.Sprintf("connect %s: %s", addr, msg)
}
