package rewrite

import (
	"bytes"
	"errors"
	"fmt"
)

// ErrEncoding: a file's content does not decode and encode back to the
// same bytes in the encoding it was scanned in, so it is not written.
var ErrEncoding = errors.New("content does not round-trip through its encoding")

// Encoded returns the new content of the file of p, stored in p.Encoding,
// from raw, its content as scanned: the edits apply to the decoded text
// and the result is encoded back, byte order mark and line endings as
// they were. It checks that raw decodes and encodes back to itself, so
// every byte outside the edited spans is written as it was, and that the
// result decodes to the edited text.
func Encoded(raw []byte, p FilePlan) ([]byte, error) {
	text, err := p.Encoding.Decode(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrEncoding, p.Encoding, err)
	}
	if back, err := p.Encoding.Encode(text); err != nil || !bytes.Equal(back, raw) {
		return nil, fmt.Errorf("%w: %s", ErrEncoding, p.Encoding)
	}
	edited, err := Apply(text, p.Edits)
	if err != nil {
		return nil, err
	}
	out, err := p.Encoding.Encode(edited)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrEncoding, p.Encoding, err)
	}
	if again, err := p.Encoding.Decode(out); err != nil || !bytes.Equal(again, edited) {
		return nil, fmt.Errorf("%w: %s", ErrEncoding, p.Encoding)
	}
	return out, nil
}
