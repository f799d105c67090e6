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

// VerifyEndpoint holds the expectations for one endpoint.
type VerifyEndpoint struct {
	HealthPath   string        // path for the HTTP GET instead of the endpoint's own
	Statuses     []int         // accepted HTTP statuses; empty means 2xx or 3xx
	Origin       string        // Origin header of the WebSocket upgrade
	Subprotocols []string      // offered WebSocket subprotocols
	Unauth       string        // "", "accepted", "rejected" or "closed"
	Hold         time.Duration // keep the WebSocket open this long
	PingInterval time.Duration // ping interval while holding
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
	Hold            string   `toml:"hold"`
	PingInterval    string   `toml:"ping_interval"`
}

var (
	verifyKeys         = []string{"endpoints"}
	verifyEndpointKeys = []string{"health", "statuses", "origin", "subprotocols", "unauthenticated", "hold", "ping_interval"}
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
		if e, found := r.Environment(env); !found || !slices.ContainsFunc(e.Endpoints, func(ep Endpoint) bool { return ep.Role == role }) {
			c.errorf(key, "no endpoint %q in environment %q", role, env)
			continue
		}
		v := VerifyEndpoint{HealthPath: e.Health, Statuses: e.Statuses, Origin: e.Origin, Subprotocols: e.Subprotocols, Unauth: e.Unauthenticated}
		if v.HealthPath != "" && !strings.HasPrefix(v.HealthPath, "/") {
			c.errorf(key+".health", "health path %q must start with '/'", v.HealthPath)
		}
		for _, s := range v.Statuses {
			if s < 100 || s > 599 {
				c.errorf(key+".statuses", "invalid HTTP status %d", s)
			}
		}
		switch v.Unauth {
		case "", "accepted", "rejected", "closed":
		default:
			c.errorf(key+".unauthenticated", "unknown outcome %q (want \"accepted\", \"rejected\" or \"closed\")", v.Unauth)
		}
		v.Hold = c.duration(key+".hold", e.Hold)
		v.PingInterval = c.duration(key+".ping_interval", e.PingInterval)
		out.Endpoints[name] = v
	}
	return out
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
