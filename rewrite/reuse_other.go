//go:build !linux

package rewrite

import "io/fs"

// reuseSpares is false: whether a spare has extended attributes is only
// read on Linux, so temp files are always new files elsewhere.
const reuseSpares = false

func reuseSpare(*spares, string, fs.FileInfo, int64) (int, int64) { return -1, 0 }
