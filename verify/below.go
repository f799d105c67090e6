package verify

// BelowRate counts the endpoints whose success rate is under min percent:
// a watch fails when there is one.
func BelowRate(rates []Rate, min float64) int {
	n := 0
	for _, r := range rates {
		if r.Percent() < min {
			n++
		}
	}
	return n
}
