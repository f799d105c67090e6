// Package verifytest runs the loopback servers that the tests of verify
// and of `domainshift verify` check: a test CA, a TLS server that picks a
// good, wrong-name or expired certificate by SNI, WebSocket handlers that
// accept, reject, or close with 1008, and a proxy that cuts connections
// after a while. Everything listens on 127.0.0.1 only.
package verifytest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"strings"
	"time"
)

// CA is a certificate authority made for one test.
type CA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
	PEM  []byte // the CA certificate, for --ca-file
}

// NewCA makes a CA valid from a year ago for a year.
func NewCA() (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "domainshift test CA"},
		NotBefore:             time.Now().Add(-365 * 24 * time.Hour),
		NotAfter:              time.Now().Add(365 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &CA{Cert: cert, Key: key, PEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})}, nil
}

// WriteFile writes the CA certificate as PEM to path.
func (ca *CA) WriteFile(path string) error { return os.WriteFile(path, ca.PEM, 0o644) }

// Issue makes a server certificate for names (DNS names or IP addresses)
// valid between notBefore and notAfter.
func (ca *CA) Issue(names []string, notBefore, notAfter time.Time) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: names[0]},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		} else {
			tmpl.DNSNames = append(tmpl.DNSNames, n)
		}
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return tls.Certificate{}, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, err
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, nil
}

// certs picks the certificate the TLS server presents for an SNI name:
// names starting "wrong" get a certificate for other.example.net, names
// starting "expired" an expired one, names starting "soon" one that
// expires in five days, names starting "untrusted" one from
// another CA, and every other name (and no SNI) one for example.com,
// *.example.com and 127.0.0.1.
type certs struct {
	good, wrong, expired, soon, untrusted tls.Certificate
}

func newCerts(ca *CA) (*certs, error) {
	now := time.Now()
	c := &certs{}
	var err error
	if c.good, err = ca.Issue([]string{"example.com", "*.example.com", "127.0.0.1"}, now.Add(-time.Hour), now.Add(90*24*time.Hour)); err != nil {
		return nil, err
	}
	if c.wrong, err = ca.Issue([]string{"other.example.net"}, now.Add(-time.Hour), now.Add(90*24*time.Hour)); err != nil {
		return nil, err
	}
	if c.expired, err = ca.Issue([]string{"*.example.com"}, now.Add(-60*24*time.Hour), now.Add(-2*24*time.Hour)); err != nil {
		return nil, err
	}
	if c.soon, err = ca.Issue([]string{"*.example.com"}, now.Add(-60*24*time.Hour), now.Add(5*24*time.Hour+time.Hour)); err != nil {
		return nil, err
	}
	other, err := NewCA()
	if err != nil {
		return nil, err
	}
	if c.untrusted, err = other.Issue([]string{"*.example.com"}, now.Add(-time.Hour), now.Add(90*24*time.Hour)); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *certs) get(hello *tls.ClientHelloInfo) (*tls.Certificate, error) {
	switch name := hello.ServerName; {
	case strings.HasPrefix(name, "wrong"):
		return &c.wrong, nil
	case strings.HasPrefix(name, "expired"):
		return &c.expired, nil
	case strings.HasPrefix(name, "soon"):
		return &c.soon, nil
	case strings.HasPrefix(name, "untrusted"):
		return &c.untrusted, nil
	}
	return &c.good, nil
}
