package verifytest

import (
	"bufio"
	"crypto/tls"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/domainshift/domainshift/verify/internal/wsframe"
)

// Server serves the same handlers over TLS and over plain HTTP, and
// through a proxy in front of the TLS listener that cuts every connection
// after Cut.
//
// Paths: "/" and "/health" answer 200, "/down" 503, "/moved" 301; "/ws"
// accepts a WebSocket upgrade (choosing the first offered subprotocol of
// chat.v1 and chat.v2) and answers pings; "/ws-origin" accepts only with
// Origin https://app.example.com; "/ws-403" answers 403; "/ws-1008"
// accepts and then closes with 1008; "/ws-mute" accepts and never answers
// pings; "/ws-drop" accepts and drops the connection after 100ms.
type Server struct {
	CA        *CA
	TLSAddr   string // 127.0.0.1:PORT
	PlainAddr string
	ProxyAddr string

	servers []*http.Server
	proxy   net.Listener
	wg      sync.WaitGroup
}

// Options configures a Server.
type Options struct {
	Cut time.Duration // the proxy cuts connections this long after they open; 0 means 300ms
}

// Start starts the servers on loopback ports.
func Start(opts Options) (*Server, error) {
	if opts.Cut == 0 {
		opts.Cut = 300 * time.Millisecond
	}
	ca, err := NewCA()
	if err != nil {
		return nil, err
	}
	cs, err := newCerts(ca)
	if err != nil {
		return nil, err
	}
	s := &Server{CA: ca}
	mux := handler()
	tl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	pl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tl.Close()
		return nil, err
	}
	s.TLSAddr, s.PlainAddr = tl.Addr().String(), pl.Addr().String()
	cfg := &tls.Config{GetCertificate: cs.get, NextProtos: []string{"http/1.1"}}
	for _, l := range []net.Listener{tls.NewListener(tl, cfg), pl} {
		srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}
		s.servers = append(s.servers, srv)
		s.wg.Go(func() { _ = srv.Serve(l) })
	}
	if s.proxy, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
		s.Close()
		return nil, err
	}
	s.ProxyAddr = s.proxy.Addr().String()
	s.wg.Go(func() { s.serveProxy(opts.Cut) })
	return s, nil
}

// Port returns the port of addr.
func Port(addr string) string {
	_, p, _ := net.SplitHostPort(addr)
	return p
}

// Close stops every server and the proxy.
func (s *Server) Close() {
	for _, srv := range s.servers {
		srv.Close()
	}
	if s.proxy != nil {
		s.proxy.Close()
	}
	s.wg.Wait()
}

// serveProxy forwards each connection to the TLS listener and cuts both
// sides after cut, as a load balancer with a connection time limit does.
func (s *Server) serveProxy(cut time.Duration) {
	for {
		c, err := s.proxy.Accept()
		if err != nil {
			return
		}
		s.wg.Go(func() {
			defer c.Close()
			up, err := net.Dial("tcp", s.TLSAddr)
			if err != nil {
				return
			}
			defer up.Close()
			timer := time.AfterFunc(cut, func() { c.Close(); up.Close() })
			defer timer.Stop()
			done := make(chan struct{}, 2)
			go func() { _, _ = io.Copy(up, c); done <- struct{}{} }()
			go func() { _, _ = io.Copy(c, up); done <- struct{}{} }()
			<-done
		})
	}
}

func handler() http.Handler {
	mux := http.NewServeMux()
	ok := func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok\n") }
	mux.HandleFunc("/{$}", ok)
	mux.HandleFunc("/health", ok)
	mux.HandleFunc("/down", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "down", http.StatusServiceUnavailable) })
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/health", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) { upgrade(w, r, serveFrames(true)) })
	mux.HandleFunc("/ws-origin", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Origin") != "https://app.example.com" {
			http.Error(w, "origin not allowed", http.StatusForbidden)
			return
		}
		upgrade(w, r, serveFrames(true))
	})
	mux.HandleFunc("/ws-403", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "forbidden", http.StatusForbidden) })
	mux.HandleFunc("/ws-mute", func(w http.ResponseWriter, r *http.Request) { upgrade(w, r, serveFrames(false)) })
	mux.HandleFunc("/ws-1008", func(w http.ResponseWriter, r *http.Request) {
		upgrade(w, r, func(c net.Conn, br *bufio.Reader) {
			_ = wsframe.Write(c, wsframe.OpClose, wsframe.ClosePayload(1008, "authentication required"), false)
			_ = c.SetReadDeadline(time.Now().Add(time.Second))
			_, _ = wsframe.Read(br)
		})
	})
	mux.HandleFunc("/ws-drop", func(w http.ResponseWriter, r *http.Request) {
		upgrade(w, r, func(net.Conn, *bufio.Reader) { time.Sleep(100 * time.Millisecond) })
	})
	return mux
}

// upgrade completes a WebSocket handshake and runs serve on the connection.
func upgrade(w http.ResponseWriter, r *http.Request, serve func(net.Conn, *bufio.Reader)) {
	key := r.Header.Get("Sec-WebSocket-Key")
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") || key == "" {
		http.Error(w, "not a websocket upgrade", http.StatusBadRequest)
		return
	}
	var sub string
	for _, p := range strings.Split(r.Header.Get("Sec-WebSocket-Protocol"), ",") {
		if p = strings.TrimSpace(p); p == "chat.v1" || p == "chat.v2" {
			sub = p
			break
		}
	}
	c, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	defer c.Close()
	resp := "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + wsframe.Accept(key) + "\r\n"
	if sub != "" {
		resp += "Sec-WebSocket-Protocol: " + sub + "\r\n"
	}
	if _, err := io.WriteString(c, resp+"\r\n"); err != nil {
		return
	}
	_ = c.SetDeadline(time.Time{})
	serve(c, brw.Reader)
}

// serveFrames answers pings (when pong is set) and close frames until the
// client closes.
func serveFrames(pong bool) func(net.Conn, *bufio.Reader) {
	return func(c net.Conn, br *bufio.Reader) {
		for {
			f, err := wsframe.Read(br)
			if err != nil {
				return
			}
			switch f.Op {
			case wsframe.OpPing:
				if pong {
					_ = wsframe.Write(c, wsframe.OpPong, f.Payload, false)
				}
			case wsframe.OpClose:
				_ = wsframe.Write(c, wsframe.OpClose, f.Payload, false)
				return
			}
		}
	}
}
