//go:build !amd64

package scanner

func pairIndexAVX2(data []byte, q int, t *pairTab) int { return -1 - q }
