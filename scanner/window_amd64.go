package scanner

import "golang.org/x/sys/cpu"

var useAVX2 = cpu.X86.HasAVX2

// windowIndexAVX2 returns the first position from q on, among those it
// looks at 32 at a time, where some search of t has its window; when there
// is none, -1 minus the position where it stopped, from which the rest is
// left to nextScalar.
//
//go:noescape
func windowIndexAVX2(data []byte, q int, t *windowTab) int
