package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Verify holds the optional [verify] expectations of the live checks.
type Verify struct {
	Endpoints map[string]VerifyEndpoint // key: "ENV.ROLE"
}

// Expected outcomes of a WebSocket upgrade made without credentials.
const (
	UnauthAccepted = "accepted" // 101, the connection stays open
	UnauthRejected = "rejected" // the upgrade is answered 401 or 403
	UnauthClosed   = "closed"   // 101, then the server closes with code 1008
)

// VerifyEndpoint holds the expectations for one endpoint.
type VerifyEndpoint struct {
	HealthPath     string        // path for the HTTP GET instead of the endpoint's own
	Statuses       []int         // accepted HTTP statuses; empty means 2xx or 3xx
	Origin         string        // Origin header of the WebSocket upgrade
	Subprotocols   []string      // offered WebSocket subprotocols
	Unauth         string        // "", "accepted", "rejected" or "closed"
	RejectStatuses []int         // statuses that count as "rejected"; empty means 401 and 403
	CloseCode      int           // close code that counts as "closed"; 0 means 1008
	Hold           time.Duration // keep the WebSocket open this long
	PingInterval   time.Duration // ping interval while holding
	Timeout        time.Duration // per-step timeout for this endpoint; 0 means the default
}

type rawVerify struct {
	Endpoints map[string]rawVerifyEndpoint `toml:"endpoints"`
}

type rawVerifyEndpoint struct {
	Health          string   `toml:"health"`
	Statuses        []int    `toml:"statuses"`
	Origin          string   `toml:"origin"`
	Subprotocols    []string `toml:"subprotocols"`
	Unauthenticated string   `toml:"unauthenticated"`
	RejectStatuses  []int    `toml:"reject_statuses"`
	CloseCode       int      `toml:"close_code"`
	Hold            string   `toml:"hold"`
	PingInterval    string   `toml:"ping_interval"`
	Timeout         string   `toml:"timeout"`
}

var (
	verifyKeys         = []string{"endpoints"}
	verifyEndpointKeys = []string{"health", "statuses", "origin", "subprotocols", "unauthenticated", "reject_statuses", "close_code", "hold", "ping_interval", "timeout"}
)

func (c *checker) verify(raw rawVerify, r *Rules) Verify {
	out := Verify{Endpoints: map[string]VerifyEndpoint{}}
	for name, e := range raw.Endpoints {
		key := "verify.endpoints." + name
		env, role, ok := strings.Cut(name, ".")
		if !ok {
			c.errorf(key, "name endpoints as \"ENV.ROLE\", for example \"staging.websocket\"")
			continue
		}
		environment, found := r.Environment(env)
		i := slices.IndexFunc(environment.Endpoints, func(ep Endpoint) bool { return ep.Role == role })
		if !found || i < 0 {
			c.errorf(key, "no endpoint %q in environment %q", role, env)
			continue
		}
		scheme := environment.Endpoints[i].Parsed.Scheme
		v := VerifyEndpoint{HealthPath: e.Health, Statuses: e.Statuses, Origin: e.Origin, Subprotocols: e.Subprotocols,
			Unauth: e.Unauthenticated, RejectStatuses: e.RejectStatuses, CloseCode: e.CloseCode}
		if v.HealthPath != "" && !strings.HasPrefix(v.HealthPath, "/") {
			c.errorf(key+".health", "health path %q must start with '/'", v.HealthPath)
		}
		c.statuses(key+".statuses", v.Statuses, 100)
		c.statuses(key+".reject_statuses", v.RejectStatuses, 400)
		switch v.Unauth {
		case "", UnauthAccepted, UnauthRejected, UnauthClosed:
		default:
			c.errorf(key+".unauthenticated", "unknown outcome %q (want \"accepted\", \"rejected\" or \"closed\")", v.Unauth)
			v.Unauth = "" // reported; do not report the keys that depend on it too
			e.RejectStatuses, e.CloseCode = nil, 0
		}
		if v.CloseCode != 0 && (v.CloseCode < 1000 || v.CloseCode > 4999) {
			c.errorf(key+".close_code", "invalid WebSocket close code %d (want 1000 to 4999)", v.CloseCode)
		}
		v.Hold = c.duration(key+".hold", e.Hold)
		v.PingInterval = c.duration(key+".ping_interval", e.PingInterval)
		v.Timeout = c.duration(key+".timeout", e.Timeout)
		if e.Timeout != "" && v.Timeout == 0 {
			c.errorf(key+".timeout", "timeout must be positive")
		}
		c.verifyConsistent(key, scheme, e, v)
		out.Endpoints[name] = v
	}
	return out
}

// verifyConsistent rejects expectations that can never apply, so that a
// typo in rules.toml does not silently check nothing.
func (c *checker) verifyConsistent(key, scheme string, e rawVerifyEndpoint, v VerifyEndpoint) {
	if scheme != "ws" && scheme != "wss" {
		for _, k := range []struct {
			name string
			set  bool
		}{{"origin", e.Origin != ""}, {"subprotocols", e.Subprotocols != nil}, {"unauthenticated", e.Unauthenticated != ""},
			{"reject_statuses", e.RejectStatuses != nil}, {"close_code", e.CloseCode != 0}, {"hold", e.Hold != ""}, {"ping_interval", e.PingInterval != ""}} {
			if k.set {
				c.errorf(key+"."+k.name, "%s applies only to ws:// and wss:// endpoints", k.name)
			}
		}
		return
	}
	if e.RejectStatuses != nil && v.Unauth != UnauthRejected {
		c.errorf(key+".reject_statuses", "reject_statuses needs unauthenticated = \"rejected\"")
	}
	if e.CloseCode != 0 && v.Unauth != UnauthClosed {
		c.errorf(key+".close_code", "close_code needs unauthenticated = \"closed\"")
	}
	if e.Hold != "" && v.Unauth != "" && v.Unauth != UnauthAccepted {
		c.errorf(key+".hold", "hold needs an upgrade that is accepted, not %q", v.Unauth)
	}
	if e.PingInterval != "" && e.Hold == "" {
		c.errorf(key+".ping_interval", "ping_interval needs a hold")
	}
}

func (c *checker) statuses(key string, ss []int, lowest int) {
	for _, s := range ss {
		if s < lowest || s > 599 {
			c.errorf(key, "invalid HTTP status %d (want %d to 599)", s, lowest)
		}
	}
}

func (c *checker) duration(key, s string) time.Duration {
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		c.errorf(key, "%s", fmt.Sprintf("invalid duration %q (for example \"30s\" or \"2m\")", s))
		return 0
	}
	return d
}
