package wsframe

import (
	"bytes"
	"io"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	for _, masked := range []bool{false, true} {
		for _, tc := range []struct {
			op      byte
			payload []byte
		}{
			{OpPing, []byte("hello")},
			{OpPong, nil},
			{OpClose, ClosePayload(1008, "policy")},
			{OpText, bytes.Repeat([]byte("x"), 300)},
			{OpBinary, bytes.Repeat([]byte("y"), 70000)},
		} {
			var buf bytes.Buffer
			if err := Write(&buf, tc.op, tc.payload, masked); err != nil {
				t.Fatal(err)
			}
			if masked && len(tc.payload) > 0 && bytes.Contains(buf.Bytes(), tc.payload) && tc.op == OpPing {
				t.Errorf("masked ping carries its payload in clear")
			}
			f, err := Read(&buf)
			if err != nil {
				t.Fatalf("op %#x masked %v: %v", tc.op, masked, err)
			}
			if f.Op != tc.op || !f.Fin {
				t.Errorf("got op %#x fin %v, want %#x", f.Op, f.Fin, tc.op)
			}
			if tc.op >= OpClose && !bytes.Equal(f.Payload, tc.payload) {
				t.Errorf("op %#x: payload %q, want %q", tc.op, f.Payload, tc.payload)
			}
			if buf.Len() != 0 {
				t.Errorf("op %#x: %d bytes left", tc.op, buf.Len())
			}
		}
	}
}

func TestClose(t *testing.T) {
	f := Frame{Op: OpClose, Payload: ClosePayload(1008, "no token")}
	if f.CloseCode() != 1008 || f.CloseReason() != "no token" {
		t.Errorf("got %d %q", f.CloseCode(), f.CloseReason())
	}
	if (Frame{Op: OpClose}).CloseCode() != 1005 {
		t.Errorf("empty close frame should be 1005")
	}
}

func TestReadErrors(t *testing.T) {
	if _, err := Read(bytes.NewReader([]byte{0x89, 126, 0, 200})); err == nil {
		t.Errorf("oversized control frame accepted")
	}
	if _, err := Read(bytes.NewReader([]byte{0x81, 5, 'a'})); err != io.ErrUnexpectedEOF {
		t.Errorf("truncated frame: got %v", err)
	}
	if _, err := Read(bytes.NewReader(nil)); err != io.EOF {
		t.Errorf("empty input: got %v", err)
	}
}

func TestAccept(t *testing.T) {
	// RFC 6455 section 1.3.
	if got := Accept("dGhlIHNhbXBsZSBub25jZQ=="); got != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" {
		t.Errorf("Accept = %q", got)
	}
}
