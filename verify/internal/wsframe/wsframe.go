// Package wsframe reads and writes the few RFC 6455 WebSocket frames that
// verify needs on a raw connection: ping, pong and close (data frames are
// read and discarded). It knows nothing about the handshake.
package wsframe

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Opcodes of the frames verify handles.
const (
	OpContinuation = 0x0
	OpText         = 0x1
	OpBinary       = 0x2
	OpClose        = 0x8
	OpPing         = 0x9
	OpPong         = 0xA
)

// maxControl is the largest payload a control frame may carry.
const maxControl = 125

// Frame is one frame as read. Payload is kept only for control frames;
// data frames are discarded while reading.
type Frame struct {
	Fin     bool
	Op      byte
	Payload []byte
}

// CloseCode returns the status code of a close frame, or 1005 (no status)
// when the frame carries none.
func (f Frame) CloseCode() int {
	if len(f.Payload) < 2 {
		return 1005
	}
	return int(binary.BigEndian.Uint16(f.Payload))
}

// CloseReason returns the reason text of a close frame.
func (f Frame) CloseReason() string {
	if len(f.Payload) <= 2 {
		return ""
	}
	return string(f.Payload[2:])
}

// Read reads one frame from r. Masked frames (client to server) are
// unmasked.
func Read(r io.Reader) (Frame, error) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return Frame{}, err
	}
	f := Frame{Fin: h[0]&0x80 != 0, Op: h[0] & 0x0F}
	masked := h[1]&0x80 != 0
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return Frame{}, unexpected(err)
		}
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return Frame{}, unexpected(err)
		}
		n = binary.BigEndian.Uint64(b[:])
	}
	var key [4]byte
	if masked {
		if _, err := io.ReadFull(r, key[:]); err != nil {
			return Frame{}, unexpected(err)
		}
	}
	if f.Op >= OpClose {
		if n > maxControl {
			return Frame{}, fmt.Errorf("control frame of %d bytes (at most %d allowed)", n, maxControl)
		}
		f.Payload = make([]byte, n)
		if _, err := io.ReadFull(r, f.Payload); err != nil {
			return Frame{}, unexpected(err)
		}
		if masked {
			mask(f.Payload, key)
		}
		return f, nil
	}
	if n > 1<<62 {
		return Frame{}, errors.New("frame length out of range")
	}
	if _, err := io.CopyN(io.Discard, r, int64(n)); err != nil {
		return Frame{}, unexpected(err)
	}
	return f, nil
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// Write writes one unfragmented frame with the payload to w. Clients must
// mask their frames (RFC 6455 section 5.3); servers must not.
func Write(w io.Writer, op byte, payload []byte, masked bool) error {
	if op >= OpClose && len(payload) > maxControl {
		return fmt.Errorf("control frame of %d bytes (at most %d allowed)", len(payload), maxControl)
	}
	buf := make([]byte, 0, 14+len(payload))
	buf = append(buf, 0x80|op)
	var m byte
	if masked {
		m = 0x80
	}
	switch n := len(payload); {
	case n < 126:
		buf = append(buf, m|byte(n))
	case n <= 0xFFFF:
		buf = append(buf, m|126)
		buf = binary.BigEndian.AppendUint16(buf, uint16(n))
	default:
		buf = append(buf, m|127)
		buf = binary.BigEndian.AppendUint64(buf, uint64(n))
	}
	if masked {
		var key [4]byte
		if _, err := rand.Read(key[:]); err != nil {
			return err
		}
		buf = append(buf, key[:]...)
		start := len(buf)
		buf = append(buf, payload...)
		mask(buf[start:], key)
	} else {
		buf = append(buf, payload...)
	}
	_, err := w.Write(buf)
	return err
}

// ClosePayload returns the payload of a close frame with code and reason.
func ClosePayload(code int, reason string) []byte {
	p := binary.BigEndian.AppendUint16(nil, uint16(code))
	return append(p, reason...)
}

func mask(b []byte, key [4]byte) {
	for i := range b {
		b[i] ^= key[i%4]
	}
}

// NewKey returns a random Sec-WebSocket-Key.
func NewKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return base64.StdEncoding.EncodeToString(b[:])
}

// Accept returns the Sec-WebSocket-Accept value a server must answer to key.
func Accept(key string) string {
	h := sha1.Sum([]byte(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
	return base64.StdEncoding.EncodeToString(h[:])
}

// CloseText names the common close codes for messages.
func CloseText(code int) string {
	switch code {
	case 1000:
		return "normal closure"
	case 1001:
		return "going away"
	case 1002:
		return "protocol error"
	case 1003:
		return "unsupported data"
	case 1005:
		return "no status"
	case 1006:
		return "abnormal closure"
	case 1007:
		return "invalid payload"
	case 1008:
		return "policy violation"
	case 1009:
		return "message too big"
	case 1011:
		return "internal error"
	case 1012:
		return "service restart"
	case 1013:
		return "try again later"
	}
	return ""
}
