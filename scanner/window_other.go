//go:build !amd64

package scanner

const useAVX2 = false

func windowIndexAVX2(data []byte, q int, t *windowTab) int { return -1 - q }
