package verify

import (
	"context"
	"time"
)

// Rate is how often one endpoint passed over the rounds of a watch.
type Rate struct {
	Target      Target
	Runs        int
	Passed      int
	LastFailure string // "step: detail" of the latest failed step, if any
}

// Percent returns the success rate in percent.
func (r Rate) Percent() float64 {
	if r.Runs == 0 {
		return 0
	}
	return 100 * float64(r.Passed) / float64(r.Runs)
}

// Tally adds up the rounds of a watch into a Rate per endpoint.
type Tally struct {
	rates []Rate
}

// Add counts one round.
func (t *Tally) Add(rep *Report) {
	if t.rates == nil {
		t.rates = make([]Rate, len(rep.Results))
		for i, res := range rep.Results {
			t.rates[i].Target = res.Target
		}
	}
	for i, res := range rep.Results {
		r := &t.rates[i]
		r.Runs++
		if res.OK() {
			r.Passed++
		} else if f := res.Failures(); len(f) > 0 {
			r.LastFailure = f[0].Name + ": " + f[0].Detail
		}
	}
}

// Rates returns the rate of every endpoint, in the order of the reports.
func (t *Tally) Rates() []Rate { return t.rates }

// Watch runs ceil(d/interval) rounds (at least one), interval apart from
// the start, or fewer if ctx is done first, and calls each after every
// round. A round that takes longer than interval delays the next one
// rather than dropping it, so the number of rounds depends only on d and
// interval, never on how fast the endpoints answer.
func (c *Checker) Watch(ctx context.Context, d, interval time.Duration, each func(*Report)) []Rate {
	var t Tally
	start := time.Now()
	for k := 0; k < Rounds(d, interval); k++ {
		if wait := time.Until(start.Add(time.Duration(k) * interval)); wait > 0 {
			timer := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				timer.Stop()
				return t.Rates()
			case <-timer.C:
			}
		}
		rep := c.Run(ctx)
		t.Add(rep)
		if each != nil {
			each(rep)
		}
		if ctx.Err() != nil {
			break
		}
	}
	return t.Rates()
}

// Rounds is how many rounds Watch runs for d at interval: one at the start
// and one every interval while that is still before d.
func Rounds(d, interval time.Duration) int {
	if d <= 0 || interval <= 0 {
		return 1
	}
	return int((d + interval - 1) / interval)
}
