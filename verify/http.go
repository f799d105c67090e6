package verify

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// userAgent names the checks in server logs.
const userAgent = "domainshift-verify"

// get is the HTTP step: a GET of the endpoint URL, or of its health path,
// whose status must be one of the expected ones (2xx or 3xx by default).
// Redirects are reported, not followed.
func (c *Checker) get(ctx context.Context, dial func() (net.Conn, error), t Target, timeout time.Duration) (s Step) {
	s = Step{Name: StepHTTP}
	start := time.Now()
	defer func() { s.Duration = time.Since(start) }()
	u := httpURL(t.Endpoint.Parsed, t.Expect.HealthPath)
	conn, err := dial()
	if err != nil {
		s.Status, s.Detail = StatusFail, err.Error()
		return s
	}
	defer conn.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		s.Status, s.Detail = StatusFail, err.Error()
		return s
	}
	req.Header.Set("User-Agent", userAgent)
	req.Close = true
	resp, err := roundTrip(conn, req, timeout)
	what := "GET " + u.RequestURI()
	if err != nil {
		s.Status, s.Detail = StatusFail, what+": "+err.Error()
		return s
	}
	resp.Body.Close()
	s.HTTPStatus = resp.StatusCode
	s.Detail = what + ": " + resp.Status
	if loc := resp.Header.Get("Location"); loc != "" && resp.StatusCode >= 300 && resp.StatusCode < 400 {
		s.Detail += " -> " + loc
	}
	want := t.Expect.Statuses
	if len(want) == 0 && resp.StatusCode >= 200 && resp.StatusCode < 400 || slices.Contains(want, resp.StatusCode) {
		s.Status = StatusOK
		return s
	}
	s.Status = StatusFail
	s.Detail += ", want " + wantStatuses(want)
	return s
}

// roundTrip writes req on conn and reads the response within timeout.
func roundTrip(conn net.Conn, req *http.Request, timeout time.Duration) (*http.Response, error) {
	resp, _, err := roundTripReader(conn, req, timeout)
	return resp, err
}

// roundTripReader is roundTrip that also returns the reader, which may hold
// bytes sent after the response head (the first WebSocket frames).
func roundTripReader(conn net.Conn, req *http.Request, timeout time.Duration) (*http.Response, *bufio.Reader, error) {
	if err := conn.SetDeadline(time.Now().Add(timeout)); err != nil {
		return nil, nil, err
	}
	if err := req.Write(conn); err != nil {
		return nil, nil, fmt.Errorf("send request: %w", ioError(err))
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		return nil, nil, fmt.Errorf("read response: %w", ioError(err))
	}
	return resp, br, conn.SetDeadline(time.Time{})
}

// ioError shortens timeouts to a readable word.
func ioError(err error) error {
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return errTimeout
	}
	return err
}

type timeoutError struct{}

func (timeoutError) Error() string { return "timed out" }

var errTimeout error = timeoutError{}

// httpURL returns the http(s) URL of u with path replaced by health, if set.
func httpURL(u *url.URL, health string) *url.URL {
	v := *u
	switch v.Scheme {
	case "ws":
		v.Scheme = "http"
	case "wss":
		v.Scheme = "https"
	}
	if health != "" {
		p, q, _ := strings.Cut(health, "?")
		v.Path, v.RawPath, v.RawQuery = p, "", q
	}
	v.Fragment = ""
	return &v
}

func wantStatuses(want []int) string {
	if len(want) == 0 {
		return "2xx or 3xx"
	}
	s := make([]string, len(want))
	for i, w := range want {
		s[i] = fmt.Sprint(w)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}
