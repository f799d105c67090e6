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

// Watch runs a round every interval until d has passed since the start, or
// ctx is done, and calls each after every round. There is always at least
// one round; a round that takes longer than interval delays the next one.
func (c *Checker) Watch(ctx context.Context, d, interval time.Duration, each func(*Report)) []Rate {
	var t Tally
	start := time.Now()
	for {
		round := time.Now()
		rep := c.Run(ctx)
		t.Add(rep)
		if each != nil {
			each(rep)
		}
		next := round.Add(interval)
		if ctx.Err() != nil || !next.Before(start.Add(d)) {
			return t.Rates()
		}
		if wait := time.Until(next); wait > 0 {
			timer := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				timer.Stop()
				return t.Rates()
			case <-timer.C:
			}
		}
	}
}
