package verify

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/verify/internal/wsframe"
)

// websocket is the WebSocket step, made without credentials, and the hold
// step when the endpoint asks for one.
func (c *Checker) websocket(ctx context.Context, dial func() (net.Conn, error), t Target, timeout time.Duration) []Step {
	s := Step{Name: StepWebSocket}
	exp := t.Expect
	fail := func(detail string) []Step {
		s.Status, s.Detail = StatusFail, detail
		out := []Step{s}
		if exp.Hold > 0 {
			out = append(out, Step{Name: StepHold, Status: StatusSkip, Detail: "not run: websocket failed"})
		}
		return out
	}
	start := time.Now()
	conn, err := dial()
	if err != nil {
		s.Duration = time.Since(start)
		return fail(err.Error())
	}
	defer conn.Close()
	key := wsframe.NewKey()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, httpURL(t.Endpoint.Parsed, "").String(), nil)
	if err != nil {
		return fail(err.Error())
	}
	h := req.Header
	h.Set("User-Agent", userAgent)
	h.Set("Upgrade", "websocket")
	h.Set("Connection", "Upgrade")
	h.Set("Sec-WebSocket-Version", "13")
	h.Set("Sec-WebSocket-Key", key)
	if exp.Origin != "" {
		h.Set("Origin", exp.Origin)
	}
	if len(exp.Subprotocols) > 0 {
		h.Set("Sec-WebSocket-Protocol", strings.Join(exp.Subprotocols, ", "))
	}
	resp, br, err := roundTripReader(conn, req, timeout)
	s.Duration = time.Since(start)
	if err != nil {
		return fail("upgrade: " + err.Error())
	}
	resp.Body.Close()
	s.HTTPStatus = resp.StatusCode
	rejectWith := exp.RejectStatuses
	if len(rejectWith) == 0 {
		rejectWith = []int{http.StatusUnauthorized, http.StatusForbidden}
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		if exp.Unauth == rules.UnauthRejected {
			if slices.Contains(rejectWith, resp.StatusCode) {
				s.Status, s.Detail = StatusOK, "rejected without credentials: "+resp.Status
				return []Step{s}
			}
			return fail(fmt.Sprintf("upgrade answered %s, want %s (rejected without credentials)", resp.Status, wantStatuses(rejectWith)))
		}
		return fail(fmt.Sprintf("upgrade answered %s, want 101 Switching Protocols", resp.Status))
	}
	if msg := checkHandshake(resp, key, exp.Subprotocols); msg != "" {
		return fail(msg)
	}
	s.Subprotocol = resp.Header.Get("Sec-WebSocket-Protocol")
	accepted := "101 Switching Protocols"
	if s.Subprotocol != "" {
		accepted += "; subprotocol " + s.Subprotocol
	}
	if exp.Origin != "" {
		accepted += "; origin " + exp.Origin
	}
	ws := newWSConn(conn, br, timeout)
	defer ws.stop()
	switch exp.Unauth {
	case rules.UnauthRejected:
		return fail(fmt.Sprintf("upgrade accepted without credentials (101), want %s", wantStatuses(rejectWith)))
	case rules.UnauthClosed:
		want := exp.CloseCode
		if want == 0 {
			want = 1008
		}
		ev, after := ws.wait(ctx, timeout)
		s.Duration += after
		switch {
		case ev.err == nil && ev.frame.Op == wsframe.OpClose && ev.frame.CloseCode() == want:
			s.CloseCode = want
			s.Status, s.Detail = StatusOK, fmt.Sprintf("101, then closed with %s after %s", closeName(ev.frame), seconds(after))
			return []Step{s}
		case ev.err == nil && ev.frame.Op == wsframe.OpClose:
			s.CloseCode = ev.frame.CloseCode()
			return fail(fmt.Sprintf("101, then closed with %s, want close %d", closeName(ev.frame), want))
		case errors.Is(ev.err, errTimeout):
			return fail(fmt.Sprintf("101 and still open after %s, want close %d without credentials", short(timeout), want))
		default:
			return fail(fmt.Sprintf("101, then %s after %s, want close %d", cutText(ev.err), seconds(after), want))
		}
	}
	s.Status, s.Detail = StatusOK, accepted
	if exp.Hold <= 0 {
		ws.close()
		return []Step{s}
	}
	return []Step{s, c.hold(ctx, ws, exp.Hold, exp.PingInterval)}
}

// checkHandshake returns what is wrong with a 101 answer, or "".
func checkHandshake(resp *http.Response, key string, offered []string) string {
	if !strings.EqualFold(resp.Header.Get("Upgrade"), "websocket") {
		return fmt.Sprintf("101 without \"Upgrade: websocket\" (got %q)", resp.Header.Get("Upgrade"))
	}
	if got := resp.Header.Get("Sec-WebSocket-Accept"); got != wsframe.Accept(key) {
		return fmt.Sprintf("101 with a wrong Sec-WebSocket-Accept %q", got)
	}
	sub := resp.Header.Get("Sec-WebSocket-Protocol")
	switch {
	case sub != "" && !slices.Contains(offered, sub):
		return fmt.Sprintf("101 with subprotocol %q, which was not offered", sub)
	case sub == "" && len(offered) > 0:
		return fmt.Sprintf("101 but no subprotocol chosen (offered %s)", strings.Join(offered, ", "))
	}
	return ""
}

// hold is the hold step: keep the connection open for want, pinging every
// interval, and fail if anything closes it first.
func (c *Checker) hold(ctx context.Context, ws *wsConn, want, interval time.Duration) Step {
	s := Step{Name: StepHold}
	if interval <= 0 {
		interval = DefaultPingInterval
	}
	start := time.Now()
	clock := c.opts.holdClock
	if clock == nil {
		clock = realHoldClock
	}
	ping, end, stop := clock(want, interval)
	defer stop()
	pings, pongs := 0, 0
	early := func(why string) Step {
		s.Held = time.Since(start)
		s.Duration = s.Held
		s.Status = StatusFail
		s.Detail = fmt.Sprintf("closed after %s; hold %s (%s)", seconds(s.Held), short(want), why)
		return s
	}
	for {
		select {
		case <-ping:
			pings++
			if err := ws.write(wsframe.OpPing, fmt.Appendf(nil, "domainshift %d", pings)); err != nil {
				return early("ping: " + cutText(err))
			}
		case ev := <-ws.events:
			switch {
			case ev.err != nil:
				return early(cutText(ev.err))
			case ev.frame.Op == wsframe.OpPong:
				pongs++
			case ev.frame.Op == wsframe.OpClose:
				s.CloseCode = ev.frame.CloseCode()
				return early("server sent close " + closeName(ev.frame))
			}
		case <-ctx.Done():
			return early("interrupted")
		case <-end:
			s.Held = time.Since(start)
			pongs += inFlightPongs(ctx, ws, pings-pongs, interval)
			s.Duration = time.Since(start)
			ws.close()
			if pings > 0 && pongs == 0 {
				s.Status, s.Detail = StatusFail, fmt.Sprintf("held %s but no pong to %d pings", short(want), pings)
				return s
			}
			s.Status, s.Detail = StatusOK, fmt.Sprintf("held %s; %d pings, %d pongs", short(want), pings, pongs)
			return s
		}
	}
}

// inFlightPongs waits up to grace for the pongs to the last pings, which
// a healthy peer sends well within one ping interval, so that the counts
// say what the peer did rather than how the end of the hold fell between
// a ping and its pong. It returns how many arrived.
func inFlightPongs(ctx context.Context, ws *wsConn, missing int, grace time.Duration) int {
	if missing <= 0 {
		return 0
	}
	timer := time.NewTimer(grace)
	defer timer.Stop()
	got := 0
	for got < missing {
		select {
		case ev := <-ws.events:
			if ev.err != nil || ev.frame.Op != wsframe.OpPong {
				return got
			}
			got++
		case <-ctx.Done():
			return got
		case <-timer.C:
			return got
		}
	}
	return got
}

// realHoldClock pings every interval and ends the hold after want.
func realHoldClock(want, interval time.Duration) (ping, end <-chan time.Time, stop func()) {
	ticker := time.NewTicker(interval)
	timer := time.NewTimer(want)
	return ticker.C, timer.C, func() { ticker.Stop(); timer.Stop() }
}

// wsConn is an upgraded connection: a goroutine reads frames, answers
// pings and passes pongs, close frames and errors on as events.
type wsConn struct {
	conn    net.Conn
	timeout time.Duration
	events  chan wsEvent
	done    chan struct{}
	mu      sync.Mutex // serializes writes
}

type wsEvent struct {
	frame wsframe.Frame
	err   error
}

func newWSConn(conn net.Conn, br *bufio.Reader, timeout time.Duration) *wsConn {
	ws := &wsConn{conn: conn, timeout: timeout, events: make(chan wsEvent), done: make(chan struct{})}
	go func() {
		for {
			f, err := wsframe.Read(br)
			if err == nil && f.Op == wsframe.OpPing {
				_ = ws.write(wsframe.OpPong, f.Payload)
				continue
			}
			if err == nil && f.Op != wsframe.OpPong && f.Op != wsframe.OpClose {
				continue
			}
			select {
			case ws.events <- wsEvent{f, err}:
			case <-ws.done:
				return
			}
			if err != nil || f.Op == wsframe.OpClose {
				if err == nil {
					_ = ws.write(wsframe.OpClose, f.Payload[:min(2, len(f.Payload))])
				}
				return
			}
		}
	}()
	return ws
}

func (ws *wsConn) write(op byte, payload []byte) error {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	_ = ws.conn.SetWriteDeadline(time.Now().Add(ws.timeout))
	return wsframe.Write(ws.conn, op, payload, true)
}

// wait returns the first close frame or error, or errTimeout after d.
func (ws *wsConn) wait(ctx context.Context, d time.Duration) (wsEvent, time.Duration) {
	start := time.Now()
	t := time.NewTimer(d)
	defer t.Stop()
	for {
		select {
		case ev := <-ws.events:
			if ev.err == nil && ev.frame.Op == wsframe.OpPong {
				continue
			}
			return ev, time.Since(start)
		case <-t.C:
			return wsEvent{err: errTimeout}, time.Since(start)
		case <-ctx.Done():
			return wsEvent{err: ctx.Err()}, time.Since(start)
		}
	}
}

// close sends a normal close and waits briefly for the server's answer.
func (ws *wsConn) close() {
	if ws.write(wsframe.OpClose, wsframe.ClosePayload(1000, "")) == nil {
		ws.wait(context.Background(), min(ws.timeout, time.Second))
	}
}

func (ws *wsConn) stop() {
	close(ws.done)
	ws.conn.Close()
}

func closeName(f wsframe.Frame) string {
	code := f.CloseCode()
	s := fmt.Sprint(code)
	if t := wsframe.CloseText(code); t != "" {
		s += " " + t
	}
	if r := f.CloseReason(); r != "" {
		s += fmt.Sprintf(" %q", r)
	}
	return s
}

// cutText says how a connection ended without a close frame.
func cutText(err error) string {
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed without a close frame"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, syscall.EPIPE):
		return "broken pipe"
	case errors.Is(err, errTimeout):
		return "timed out"
	}
	return err.Error()
}

// seconds formats d as seconds with one decimal, as in "closed after 30.0s".
func seconds(d time.Duration) string { return fmt.Sprintf("%.1fs", d.Seconds()) }

// short formats a configured duration the way people write it: "60s",
// "300ms".
func short(d time.Duration) string {
	switch {
	case d >= time.Second && d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	case d < time.Second && d%time.Millisecond == 0:
		return fmt.Sprintf("%dms", d/time.Millisecond)
	}
	return d.String()
}
