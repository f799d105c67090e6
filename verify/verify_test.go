package verify

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/verify/verifytest"
)

// run checks the endpoints of rules r once.
func run(ctx context.Context, r *rules.Rules, opts Options) (*Report, error) {
	c, err := New(r, opts)
	if err != nil {
		return nil, err
	}
	return c.Run(ctx), nil
}

// start runs the loopback servers for one test and writes the test CA to
// a file for Options.CAFile.
func start(t *testing.T, cut time.Duration) (*verifytest.Server, string) {
	t.Helper()
	srv, err := verifytest.Start(verifytest.Options{Cut: cut})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := srv.CA.WriteFile(ca); err != nil {
		t.Fatal(err)
	}
	return srv, ca
}

// oneEndpoint returns rules with the endpoint "t.e" at url and the
// [verify.endpoints."t.e"] body expect.
func oneEndpoint(t *testing.T, url, expect string) *rules.Rules {
	t.Helper()
	src := fmt.Sprintf(`version = 1
[environments.t.endpoints]
e = %q
[certificates]
names = ["example.com", "*.example.com"]
[verify.endpoints."t.e"]
%s
`, url, expect)
	r, err := rules.Parse("rules.toml", []byte(src))
	if err != nil {
		t.Fatalf("rules: %v\n%s", err, src)
	}
	return r
}

// steps renders a result as "name status detail" lines for matching.
func steps(res Result) string {
	var b strings.Builder
	for _, s := range res.Steps {
		fmt.Fprintf(&b, "%s %s %s\n", s.Name, s.Status, s.Detail)
	}
	return b.String()
}

func TestEndpoints(t *testing.T) {
	srv, ca := start(t, 300*time.Millisecond)
	tlsPort, plainPort, proxyPort := verifytest.Port(srv.TLSAddr), verifytest.Port(srv.PlainAddr), verifytest.Port(srv.ProxyAddr)
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedPort := verifytest.Port(closed.Addr().String())
	closed.Close()

	tests := []struct {
		name   string
		url    string // HOST is replaced by the host, which --resolve points at 127.0.0.1
		host   string
		port   string
		expect string
		noCA   bool
		ok     bool
		want   []string // regexps, each matching one line of steps()
	}{
		{name: "https ok", url: "https://HOST/", host: "api-staging.example.com", port: tlsPort, ok: true, want: []string{
			`^coverage ok \[certificates\] name \*\.example\.com covers api-staging\.example\.com$`,
			`^dns ok 127\.0\.0\.1 \(--resolve\)$`,
			`^tcp ok 127\.0\.0\.1:\d+$`,
			`^tls ok names example\.com, \*\.example\.com, 127\.0\.0\.1 cover api-staging\.example\.com; expires \S+ \(in 8\dd\); chain verified; TLS 1\.3$`,
			`^http ok GET /: 200 OK$`,
		}},
		{name: "health path", url: "https://HOST/app", host: "api-staging.example.com", port: tlsPort, expect: `health = "/health"`, ok: true, want: []string{`^http ok GET /health: 200 OK$`}},
		{name: "redirect is fine", url: "https://HOST/moved", host: "api-staging.example.com", port: tlsPort, ok: true, want: []string{`^http ok GET /moved: 301 Moved Permanently -> /health$`}},
		{name: "unexpected status", url: "https://HOST/down", host: "api-staging.example.com", port: tlsPort, want: []string{`^http fail GET /down: 503 Service Unavailable, want 2xx or 3xx$`}},
		{name: "expected status", url: "https://HOST/down", host: "api-staging.example.com", port: tlsPort, expect: `statuses = [200, 503]`, ok: true, want: []string{`^http ok GET /down: 503 Service Unavailable$`}},
		{name: "wrong name", url: "https://HOST/", host: "wrong.example.com", port: tlsPort, want: []string{
			`^coverage ok `,
			`^tls fail names other\.example\.net do not cover wrong\.example\.com; expires .*; chain verified; TLS 1\.3$`,
			`^http ok GET /: 200 OK$`,
		}},
		{name: "expired", url: "https://HOST/", host: "expired.example.com", port: tlsPort, want: []string{
			`^tls fail expired \d{4}-\d\d-\d\d \(2d ago\); names \*\.example\.com cover expired\.example\.com; chain verified; TLS 1\.3$`,
		}},
		{name: "expires soon", url: "https://HOST/", host: "soon.example.com", port: tlsPort, ok: true, want: []string{
			`^tls warn expires \d{4}-\d\d-\d\d \(in 5d\); names \*\.example\.com cover soon\.example\.com; chain verified; TLS 1\.3$`,
		}},
		{name: "plain http", url: "http://HOST/health", host: "api-staging.example.com", port: plainPort, ok: true, want: []string{
			`^coverage skip plain http://, no certificate$`,
			`^http ok GET /health: 200 OK$`,
		}},
		{name: "unknown CA", url: "https://HOST/", host: "api-staging.example.com", port: tlsPort, noCA: true, want: []string{
			`^tls fail chain not verified: signed by an unknown authority; names .*`,
		}},
		{name: "two-level name", url: "https://HOST/", host: "api.staging.example.com", port: tlsPort, want: []string{
			`^coverage fail no \[certificates\] name covers api\.staging\.example\.com \(names: example\.com, \*\.example\.com; '\*' covers one label\)$`,
			`^tls fail names example\.com, \*\.example\.com, 127\.0\.0\.1 do not cover api\.staging\.example\.com; `,
		}},
		{name: "dns failure", url: "https://HOST/", host: "api.staging.invalid", want: []string{
			`^dns fail lookup api\.staging\.invalid: no such host \(\.invalid is reserved, RFC 6761\)$`,
			`^tcp skip not run: dns failed$`,
			`^tls skip not run: dns failed$`,
			`^http skip not run: dns failed$`,
		}},
		{name: "connection refused", url: "https://HOST/", host: "api-staging.example.com", port: closedPort, want: []string{
			`^tcp fail connect 127\.0\.0\.1:\d+: connection refused$`,
			`^tls skip not run: tcp failed$`,
		}},
		{name: "websocket accepted", url: "wss://HOST/ws", host: "api-staging.example.com", port: tlsPort, expect: `subprotocols = ["chat.v2", "chat.v1"]`, ok: true, want: []string{
			`^websocket ok 101 Switching Protocols; subprotocol chat\.v2$`,
		}},
		{name: "websocket without subprotocol", url: "wss://HOST/ws", host: "api-staging.example.com", port: tlsPort, expect: `subprotocols = ["graphql-ws"]`, want: []string{
			`^websocket fail 101 but no subprotocol chosen \(offered graphql-ws\)$`,
		}},
		{name: "websocket plain", url: "ws://127.0.0.1:PORT/ws", port: plainPort, ok: true, want: []string{
			`^coverage skip plain ws://, no certificate$`,
			`^dns ok IP address, no lookup$`,
			`^websocket ok 101 Switching Protocols$`,
		}},
		{name: "websocket with health path", url: "wss://HOST/ws", host: "api-staging.example.com", port: tlsPort, expect: `health = "/health"`, ok: true, want: []string{
			`^http ok GET /health: 200 OK$`,
			`^websocket ok 101 Switching Protocols$`,
		}},
		{name: "origin accepted", url: "wss://HOST/ws-origin", host: "api-staging.example.com", port: tlsPort, expect: `origin = "https://app.example.com"`, ok: true, want: []string{
			`^websocket ok 101 Switching Protocols; origin https://app\.example\.com$`,
		}},
		{name: "origin missing", url: "wss://HOST/ws-origin", host: "api-staging.example.com", port: tlsPort, want: []string{
			`^websocket fail upgrade answered 403 Forbidden, want 101 Switching Protocols$`,
		}},
		{name: "403 unexpected", url: "wss://HOST/ws-403", host: "api-staging.example.com", port: tlsPort, expect: `hold = "200ms"`, want: []string{
			`^websocket fail upgrade answered 403 Forbidden, want 101 Switching Protocols$`,
			`^hold skip not run: websocket failed$`,
		}},
		{name: "403 expected", url: "wss://HOST/ws-403", host: "api-staging.example.com", port: tlsPort, expect: `unauthenticated = "rejected"`, ok: true, want: []string{
			`^websocket ok rejected without credentials: 403 Forbidden$`,
		}},
		{name: "403 not among reject statuses", url: "wss://HOST/ws-403", host: "api-staging.example.com", port: tlsPort, expect: "unauthenticated = \"rejected\"\nreject_statuses = [401]", want: []string{
			`^websocket fail upgrade answered 403 Forbidden, want 401 \(rejected without credentials\)$`,
		}},
		{name: "accepted but rejection expected", url: "wss://HOST/ws", host: "api-staging.example.com", port: tlsPort, expect: `unauthenticated = "rejected"`, want: []string{
			`^websocket fail upgrade accepted without credentials \(101\), want 401 or 403$`,
		}},
		{name: "1008 expected", url: "wss://HOST/ws-1008", host: "api-staging.example.com", port: tlsPort, expect: `unauthenticated = "closed"`, ok: true, want: []string{
			`^websocket ok 101, then closed with 1008 policy violation "authentication required" after 0\.\ds$`,
		}},
		{name: "1008 not expected", url: "wss://HOST/ws-1008", host: "api-staging.example.com", port: tlsPort, expect: `hold = "300ms"`, want: []string{
			`^websocket ok 101 Switching Protocols$`,
			`^hold fail closed after 0\.\ds; hold 300ms \(server sent close 1008 policy violation "authentication required"\)$`,
		}},
		{name: "close expected but stays open", url: "wss://HOST/ws", host: "api-staging.example.com", port: tlsPort, expect: "unauthenticated = \"closed\"\ntimeout = \"200ms\"", want: []string{
			`^websocket fail 101 and still open after 200ms, want close 1008 without credentials$`,
		}},
		{name: "hold ok", url: "wss://HOST/ws", host: "api-staging.example.com", port: tlsPort, expect: "hold = \"350ms\"\nping_interval = \"100ms\"", ok: true, want: []string{
			`^hold ok held 350ms; \d+ pings, \d+ pongs$`,
		}},
		{name: "hold cut by proxy", url: "wss://HOST/ws", host: "api-staging.example.com", port: proxyPort, expect: "hold = \"2s\"\nping_interval = \"100ms\"", want: []string{
			`^websocket ok 101 Switching Protocols$`,
			`^hold fail closed after \d+\.\ds; hold 2s \((connection closed without a close frame|connection reset|ping: .*)\)$`,
		}},
		{name: "hold dropped", url: "wss://HOST/ws-drop", host: "api-staging.example.com", port: tlsPort, expect: `hold = "1s"`, want: []string{
			`^hold fail closed after \d+\.\ds; hold 1s \(connection closed without a close frame\)$`,
		}},
		{name: "no pongs", url: "wss://HOST/ws-mute", host: "api-staging.example.com", port: tlsPort, expect: "hold = \"250ms\"\nping_interval = \"100ms\"", want: []string{
			`^hold fail held 250ms but no pong to \d+ pings$`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			host := tc.host
			if tc.port != "" && host != "" {
				host += ":" + tc.port
			}
			url := strings.ReplaceAll(strings.ReplaceAll(tc.url, "HOST", host), "PORT", tc.port)
			r := oneEndpoint(t, url, tc.expect)
			opts := Options{Timeout: 2 * time.Second, CAFile: ca}
			if tc.noCA {
				opts.CAFile = ""
			}
			if tc.host != "" && tc.port != "" {
				opts.Resolve = []Override{{Host: tc.host, Port: tc.port, Addrs: []string{"127.0.0.1"}}}
			}
			rep, err := run(context.Background(), r, opts)
			if err != nil {
				t.Fatal(err)
			}
			res := rep.Results[0]
			got := steps(res)
			if res.OK() != tc.ok {
				t.Errorf("OK() = %v, want %v\n%s", res.OK(), tc.ok, got)
			}
			for _, w := range tc.want {
				if !regexp.MustCompile(`(?m)` + w).MatchString(got) {
					t.Errorf("no line matches %s\n%s", w, got)
				}
			}
		})
	}
}

func TestStepsAreTimed(t *testing.T) {
	srv, ca := start(t, 0)
	port := verifytest.Port(srv.TLSAddr)
	r := oneEndpoint(t, "wss://api-staging.example.com:"+port+"/ws", `health = "/health"`)
	rep, err := run(context.Background(), r, Options{CAFile: ca, Resolve: []Override{{Host: "api-staging.example.com", Port: port, Addrs: []string{"127.0.0.1"}}}})
	if err != nil {
		t.Fatal(err)
	}
	res := rep.Results[0]
	if !res.OK() {
		t.Fatalf("failed:\n%s", steps(res))
	}
	var names []string
	for _, s := range res.Steps {
		names = append(names, s.Name)
		if s.Name != StepCoverage && s.Name != StepDNS && s.Duration <= 0 {
			t.Errorf("step %s has no duration", s.Name)
		}
	}
	if got := strings.Join(names, " "); got != "coverage dns tcp tls http websocket" {
		t.Errorf("steps %s", got)
	}
	tls := res.Steps[3]
	if c := tls.Certificate; c == nil || !c.Verified || !c.CoversHost || c.Issuer != "CN=domainshift test CA" {
		t.Errorf("certificate %+v", tls.Certificate)
	}
}

func TestTimeoutOverride(t *testing.T) {
	srv, ca := start(t, 0)
	port := verifytest.Port(srv.TLSAddr)
	r := oneEndpoint(t, "wss://api-staging.example.com:"+port+"/ws", "unauthenticated = \"closed\"\ntimeout = \"5s\"")
	opts := Options{CAFile: ca, Timeout: 100 * time.Millisecond, ForceTimeout: true,
		Resolve: []Override{{Host: "api-staging.example.com", Port: port, Addrs: []string{"127.0.0.1"}}}}
	start := time.Now()
	rep, err := run(context.Background(), r, opts)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s: the forced timeout did not win", d)
	}
	if got := steps(rep.Results[0]); !strings.Contains(got, "still open after 100ms") {
		t.Errorf("got\n%s", got)
	}
}

func TestOffline(t *testing.T) {
	r := oneEndpoint(t, "https://api.staging.example.com", "")
	rep, err := run(context.Background(), r, Options{Offline: true})
	if err != nil {
		t.Fatal(err)
	}
	res := rep.Results[0]
	if len(res.Steps) != 1 || res.Steps[0].Name != StepCoverage || res.OK() {
		t.Errorf("got\n%s", steps(res))
	}
}

func TestNewErrors(t *testing.T) {
	r, err := rules.Parse("rules.toml", []byte(`
[environments.staging.endpoints]
backend = "https://api-staging.example.com"
[environments.prod.endpoints]
backend = "https://api.example.com"
websocket = "wss://api.example.com/ws"
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{Envs: []string{"stage"}}, `unknown environment "stage" (rules.toml has: prod, staging)`},
		{Options{Roles: []string{"ws"}}, `unknown role "ws" (rules.toml has: backend, websocket)`},
		{Options{Envs: []string{"staging"}, Roles: []string{"websocket"}}, `no endpoint to verify: no environment in rules.toml has the roles selected`},
		{Options{Resolve: []Override{{Host: "api.example.com", Port: "8443", Addrs: []string{"127.0.0.1"}}}}, `--resolve api.example.com:8443:127.0.0.1 matches no selected endpoint (host and port must both match)`},
		{Options{CAFile: filepath.Join(t.TempDir(), "missing.pem")}, `read CA file: open `},
	} {
		_, err := New(r, tc.opts)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want %s", tc.opts, err, tc.want)
		}
	}
	c, err := New(r, Options{Envs: []string{"prod"}, Resolve: []Override{{Host: "api.example.com", Port: "443", Addrs: []string{"127.0.0.1"}}}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tg := range c.targets {
		names = append(names, tg.Name())
	}
	if got := strings.Join(names, " "); got != "prod.backend prod.websocket" {
		t.Errorf("targets %s", got)
	}
}

func TestParseOverride(t *testing.T) {
	for _, tc := range []struct{ in, want, err string }{
		{in: "api.example.com:443:127.0.0.1", want: "api.example.com:443:127.0.0.1"},
		{in: "API.Example.com.:8443:10.0.0.1,[::1]", want: "api.example.com:8443:10.0.0.1,[::1]"},
		{in: "api.example.com:443", err: `invalid --resolve "api.example.com:443" (want HOST:PORT:ADDRESS, for example api.example.com:443:127.0.0.1)`},
		{in: "api.example.com:https:127.0.0.1", err: `invalid port "https" in --resolve "api.example.com:https:127.0.0.1"`},
		{in: "api.example.com:443:lb.example.com", err: `invalid address "lb.example.com" in --resolve "api.example.com:443:lb.example.com" (want an IP address)`},
	} {
		o, err := ParseOverride(tc.in)
		switch {
		case tc.err != "":
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: got error %v, want %s", tc.in, err, tc.err)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.in, err)
		case o.String() != tc.want:
			t.Errorf("%s: got %s, want %s", tc.in, o, tc.want)
		}
	}
}

func TestWatch(t *testing.T) {
	srv, ca := start(t, 0)
	port := verifytest.Port(srv.TLSAddr)
	r, err := rules.Parse("rules.toml", []byte(fmt.Sprintf(`
[environments.staging.endpoints]
backend = "https://api-staging.example.com:%s/health"
broken = "https://api-staging.example.com:%s/down"
`, port, port)))
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(r, Options{CAFile: ca, Resolve: []Override{{Host: "api-staging.example.com", Port: port, Addrs: []string{"127.0.0.1"}}}})
	if err != nil {
		t.Fatal(err)
	}
	rounds := 0
	rates := c.Watch(context.Background(), 250*time.Millisecond, 100*time.Millisecond, func(*Report) { rounds++ })
	if rounds != 3 {
		t.Errorf("%d rounds, want 3", rounds)
	}
	if len(rates) != 2 || rates[0].Percent() != 100 || rates[1].Percent() != 0 || rates[1].Runs != rounds {
		t.Fatalf("rates %+v", rates)
	}
	if want := "http: GET /down: 503 Service Unavailable, want 2xx or 3xx"; rates[1].LastFailure != want {
		t.Errorf("last failure %q, want %q", rates[1].LastFailure, want)
	}
}

func TestMain(m *testing.M) {
	// The tests only talk to loopback servers they start; make sure no
	// proxy setting sends anything elsewhere.
	for _, k := range []string{"HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"} {
		os.Unsetenv(k)
	}
	os.Exit(m.Run())
}

// TestTLSHandshakeTimeout: a server that accepts the connection and never
// answers the ClientHello fails the tls step with the time it was given,
// not with Go's "context deadline exceeded".
func TestTLSHandshakeTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		var held []net.Conn
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	port := verifytest.Port(ln.Addr().String())
	r := oneEndpoint(t, "https://api-staging.example.com:"+port+"/", "")
	rep, err := run(context.Background(), r, Options{Timeout: 150 * time.Millisecond, ForceTimeout: true,
		Resolve: []Override{{Host: "api-staging.example.com", Port: port, Addrs: []string{"127.0.0.1"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := steps(rep.Results[0]); !regexp.MustCompile(`(?m)^tls fail handshake: no answer within 150ms$`).MatchString(got) {
		t.Errorf("got\n%s", got)
	}
}

// fakeHoldClock sends n ping ticks, each received by the hold step before
// the next, then ends the hold: the counts depend on nothing but n.
func fakeHoldClock(n int) func(want, interval time.Duration) (<-chan time.Time, <-chan time.Time, func()) {
	return func(want, interval time.Duration) (<-chan time.Time, <-chan time.Time, func()) {
		ping, end, done := make(chan time.Time), make(chan time.Time), make(chan struct{})
		go func() {
			for range n {
				select {
				case ping <- time.Now():
				case <-done:
					return
				}
			}
			select {
			case end <- time.Now():
			case <-done:
			}
		}()
		return ping, end, func() { close(done) }
	}
}

// TestHoldCounts: the hold step reports exactly the pings it sent and the
// pongs it got, whatever the timing of the last ping and its pong.
func TestHoldCounts(t *testing.T) {
	srv, ca := start(t, 0)
	port := verifytest.Port(srv.TLSAddr)
	tests := []struct {
		path, expect string
		pings        int
		want         string
	}{
		{"/ws", "hold = \"60s\"\nping_interval = \"10s\"", 3, `^hold ok held 60s; 3 pings, 3 pongs$`},
		{"/ws", "hold = \"60s\"\nping_interval = \"10s\"", 0, `^hold ok held 60s; 0 pings, 0 pongs$`},
		{"/ws-mute", "hold = \"60s\"\nping_interval = \"200ms\"", 2, `^hold fail held 60s but no pong to 2 pings$`},
	}
	for _, tc := range tests {
		r := oneEndpoint(t, "wss://api-staging.example.com:"+port+tc.path, tc.expect)
		rep, err := run(context.Background(), r, Options{CAFile: ca, holdClock: fakeHoldClock(tc.pings),
			Resolve: []Override{{Host: "api-staging.example.com", Port: port, Addrs: []string{"127.0.0.1"}}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := steps(rep.Results[0]); !regexp.MustCompile(`(?m)` + tc.want).MatchString(got) {
			t.Errorf("%s with %d pings: got\n%s", tc.path, tc.pings, got)
		}
	}
}

// TestRounds: the number of --watch rounds is fixed by the durations.
func TestRounds(t *testing.T) {
	for _, tc := range []struct {
		d, interval time.Duration
		want        int
	}{
		{250 * time.Millisecond, 100 * time.Millisecond, 3},
		{200 * time.Millisecond, 100 * time.Millisecond, 2},
		{150 * time.Millisecond, 100 * time.Millisecond, 2},
		{10 * time.Minute, 30 * time.Second, 20},
		{time.Second, time.Minute, 1},
		{0, time.Second, 1},
	} {
		if got := Rounds(tc.d, tc.interval); got != tc.want {
			t.Errorf("Rounds(%s, %s) = %d, want %d", tc.d, tc.interval, got, tc.want)
		}
	}
}
