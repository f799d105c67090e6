package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// encodeJSONStream writes what encodeJSON writes for doc with its one
// array of items filled in, without holding that document: doc is encoded
// with the array empty, and the n items, item(i) each, are encoded one at a
// time between its brackets with the indentation the whole document would
// give them. The array is the value of key in doc (`"key": []` must occur
// exactly once in doc's encoding), or doc itself when key is "".
//
// A report of a whole repository holds tens of thousands of results; the
// whole-document encoding held them three times over (the values, the
// compact encoding, the indented one).
func encodeJSONStream(w io.Writer, doc any, key string, n int, item func(int) any) error {
	var skel bytes.Buffer
	if err := encodeJSON(&skel, doc); err != nil {
		return err
	}
	s := skel.Bytes()
	if n == 0 {
		_, err := w.Write(s)
		return err
	}
	marker := []byte("[]")
	if key != "" {
		marker = []byte(`"` + key + `": []`)
	}
	at := bytes.Index(s, marker)
	if at < 0 || bytes.Count(s, marker) != 1 || key == "" && at != 0 {
		return fmt.Errorf("report: the %T document has no single empty %q array to stream into", doc, key)
	}
	// The array's line is indented by its depth; its items go one deeper.
	indent := s[bytes.LastIndexByte(s[:at], '\n')+1 : at]
	inner := string(indent) + "  "
	open := at + len(marker) - 1 // the array's ']'

	bw := bufio.NewWriter(w)
	bw.Write(s[:open])
	var ibuf bytes.Buffer
	enc := json.NewEncoder(&ibuf)
	enc.SetIndent(inner, "  ")
	enc.SetEscapeHTML(false)
	for i := range n {
		ibuf.Reset()
		if err := enc.Encode(item(i)); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		bw.WriteString(inner)
		bw.Write(bytes.TrimSuffix(ibuf.Bytes(), []byte("\n")))
	}
	bw.WriteByte('\n')
	bw.Write(indent)
	bw.Write(s[open:])
	return bw.Flush()
}
