package verify

import "testing"

func TestBelowRate(t *testing.T) {
	rates := []Rate{{Runs: 4, Passed: 4}, {Runs: 4, Passed: 3}, {Runs: 4, Passed: 0}, {}}
	for _, c := range []struct {
		min  float64
		want int
	}{{0, 0}, {75, 2}, {75.1, 3}, {100, 3}} {
		if got := BelowRate(rates, c.min); got != c.want {
			t.Errorf("BelowRate(%g) = %d, want %d", c.min, got, c.want)
		}
	}
}
