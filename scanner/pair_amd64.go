package scanner

// pairIndexAVX2 returns the first position from q on, among those it
// looks at 32 at a time, where some search of t has its pair; when there
// is none, -1 minus the position where it stopped, from which the rest is
// left to nextScalar.
//
//go:noescape
func pairIndexAVX2(data []byte, q int, t *pairTab) int
