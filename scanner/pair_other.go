//go:build !amd64

package scanner

const useAVX2 = false

func pairIndexAVX2(data []byte, q int, t *pairTab) int { return -1 - q }
