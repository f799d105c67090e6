package rewrite

import (
	"bytes"
	"encoding/binary"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// A written file keeps its extended attributes, and undo puts them back
// with the original content.
func TestWriteKeepsXattrs(t *testing.T) {
	root := tree(t, map[string]string{"a.txt": "a.b\n", "plain.txt": "a.b\n"})
	p := filepath.Join(root, "a.txt")
	attrs := map[string][]byte{
		"user.domainshift.owner": []byte("platform"),
		"user.domainshift.empty": {},
		"user.domainshift.bin":   {0, 1, 2, 0xff},
		// The POSIX ACL of setfacl -m u:1234:rw on a 0644 file.
		"system.posix_acl_access": posixACL([][3]uint32{{0x01, 6, 0xffffffff}, {0x02, 6, 1234}, {0x04, 4, 0xffffffff}, {0x10, 6, 0xffffffff}, {0x20, 4, 0xffffffff}}),
	}
	for name, val := range attrs {
		if err := unix.Lsetxattr(p, name, val, 0); err != nil {
			t.Fatalf("this file system takes no user attributes (%v); the test needs one that does", err)
		}
	}
	check := func(when string) {
		t.Helper()
		for name, val := range attrs {
			got, err := readXattr(func(b []byte) (int, error) { return unix.Lgetxattr(p, name, b) })
			if err != nil || !bytes.Equal(got, val) {
				t.Errorf("%s: %s = %q, %v; want %q", when, name, got, err, val)
			}
		}
	}
	res, err := Write(root, []FilePlan{plan(t, root, "a.txt", "a.b", "c.d"), plan(t, root, "plain.txt", "a.b", "c.d")}, WriteOptions{})
	if err != nil || !res.OK() {
		t.Fatalf("Write: %v %+v", err, res)
	}
	if read(t, root, "a.txt") != "c.d\n" {
		t.Fatal("a.txt not written")
	}
	check("after the write")
	if n, err := unix.Llistxattr(filepath.Join(root, "plain.txt"), nil); err != nil || n != 0 {
		t.Errorf("plain.txt: %d bytes of attribute names after the write (%v), want none", n, err)
	}
	if _, err := undo(t, root); err != nil {
		t.Fatal(err)
	}
	if read(t, root, "a.txt") != "a.b\n" {
		t.Fatal("a.txt not restored")
	}
	check("after undo")
}

// posixACL encodes entries (tag, permissions, id) in the format of the
// system.posix_acl_access attribute: version 2, then 8 bytes an entry,
// little-endian.
func posixACL(entries [][3]uint32) []byte {
	b := binary.LittleEndian.AppendUint32(nil, 2)
	for _, e := range entries {
		b = binary.LittleEndian.AppendUint16(b, uint16(e[0]))
		b = binary.LittleEndian.AppendUint16(b, uint16(e[1]))
		b = binary.LittleEndian.AppendUint32(b, e[2])
	}
	return b
}
