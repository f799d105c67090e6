//go:build unix

package rewrite

import (
	"io/fs"
	"os"
	"syscall"
)

// chown gives f the owner of the file it replaces, when running as root
// (nobody else may); failure leaves the owner as is.
func chown(f *os.File, st fs.FileInfo) {
	if os.Geteuid() != 0 {
		return
	}
	if s, ok := st.Sys().(*syscall.Stat_t); ok {
		_ = f.Chown(int(s.Uid), int(s.Gid))
	}
}
