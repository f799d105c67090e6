package verify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/domainshift/domainshift/rules"
)

// expiryWarning is how close to expiry a certificate gets a warning.
const expiryWarning = 14 * 24 * time.Hour

// tlsConfig completes the handshake whatever the certificate, so that
// handshake reports on a bad one instead of only failing; the chain and
// the names are verified there.
func (c *Checker) tlsConfig(ep rules.Endpoint) *tls.Config {
	return &tls.Config{
		ServerName:         strings.Trim(ep.Host, "[]"),
		InsecureSkipVerify: true,                 // verified by hand in handshake
		NextProtos:         []string{"http/1.1"}, // the checks speak HTTP/1.1 (a WebSocket upgrade needs it)
	}
}

// handshake is the TLS step. It returns the TLS connection, or nil when
// the handshake itself failed.
func (c *Checker) handshake(ctx context.Context, conn net.Conn, ep rules.Endpoint, timeout time.Duration) (net.Conn, Step) {
	s := Step{Name: StepTLS}
	start := time.Now()
	tc := tls.Client(conn, c.tlsConfig(ep))
	hctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := tc.HandshakeContext(hctx)
	s.Duration = time.Since(start)
	if err != nil {
		conn.Close()
		s.Status, s.Detail = StatusFail, "handshake: "+err.Error()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			// the step's own limit, not an interrupt
			s.Detail = "handshake: no answer within " + short(timeout)
		}
		return nil, s
	}
	cs := tc.ConnectionState()
	cert := c.inspect(cs, ep.Host)
	s.Certificate = cert
	s.Status, s.Detail = c.judge(cert, ep.Host)
	return tc, s
}

// inspect describes the leaf certificate of cs and verifies its chain.
func (c *Checker) inspect(cs tls.ConnectionState, host string) *Certificate {
	leaf := cs.PeerCertificates[0]
	cert := &Certificate{
		Subject:   leaf.Subject.String(),
		Issuer:    leaf.Issuer.String(),
		Names:     leaf.DNSNames,
		NotBefore: leaf.NotBefore,
		NotAfter:  leaf.NotAfter,
		Version:   tls.VersionName(cs.Version),
	}
	for _, ip := range leaf.IPAddresses {
		cert.Names = append(cert.Names, ip.String())
	}
	if len(cert.Names) == 0 && leaf.Subject.CommonName != "" {
		cert.Names = []string{leaf.Subject.CommonName}
	}
	cert.CoversHost = leaf.VerifyHostname(strings.Trim(host, "[]")) == nil
	inter := x509.NewCertPool()
	for _, ic := range cs.PeerCertificates[1:] {
		inter.AddCert(ic)
	}
	// Verify the chain at a time the leaf is valid, so that an expired
	// certificate is reported as expired and, separately, as trusted or not.
	at := c.opts.Now()
	if at.After(leaf.NotAfter) {
		at = leaf.NotAfter.Add(-time.Second)
	} else if at.Before(leaf.NotBefore) {
		at = leaf.NotBefore.Add(time.Second)
	}
	_, err := leaf.Verify(x509.VerifyOptions{Roots: c.roots, Intermediates: inter, CurrentTime: at})
	cert.Verified = err == nil
	if err != nil {
		cert.VerifyError = chainError(err)
	}
	return cert
}

func chainError(err error) string {
	switch e := err.(type) {
	case x509.UnknownAuthorityError:
		return "signed by an unknown authority"
	case x509.CertificateInvalidError:
		return e.Error()
	}
	return err.Error()
}

// judge turns the certificate facts into the step outcome; failures come
// first in the detail.
func (c *Checker) judge(cert *Certificate, host string) (Status, string) {
	status := StatusOK
	var bad, good []string
	names := strings.Join(cert.Names, ", ")
	if cert.CoversHost {
		good = append(good, fmt.Sprintf("names %s cover %s", names, host))
	} else {
		status = StatusFail
		bad = append(bad, fmt.Sprintf("names %s do not cover %s", names, host))
	}
	now := c.opts.Now()
	switch left := cert.NotAfter.Sub(now); {
	case left <= 0:
		status = StatusFail
		bad = append(bad, fmt.Sprintf("expired %s (%s ago)", cert.NotAfter.UTC().Format(time.DateOnly), days(-left)))
	case now.Before(cert.NotBefore):
		status = StatusFail
		bad = append(bad, fmt.Sprintf("not valid before %s", cert.NotBefore.UTC().Format(time.DateTime)))
	case left < expiryWarning:
		if status == StatusOK {
			status = StatusWarn
		}
		bad = append(bad, fmt.Sprintf("expires %s (in %s)", cert.NotAfter.UTC().Format(time.DateOnly), days(left)))
	default:
		good = append(good, fmt.Sprintf("expires %s (in %s)", cert.NotAfter.UTC().Format(time.DateOnly), days(left)))
	}
	if cert.Verified {
		good = append(good, "chain verified")
	} else {
		status = StatusFail
		bad = append(bad, "chain not verified: "+cert.VerifyError)
	}
	good = append(good, cert.Version)
	return status, strings.Join(append(bad, good...), "; ")
}

// days formats a long duration in days, a short one in hours.
func days(d time.Duration) string {
	if d < 48*time.Hour {
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}
