package report

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/domainshift/domainshift/verify"
)

// WriteVerifyText writes verify's report for a person: one block per
// endpoint, a row per step, and unless quiet a summary line:
//
//	staging.backend  https://api-staging.example.ai
//	  dns        ok      1.2ms  203.0.113.7
//	  tls        FAIL    8.0ms  names example.ai do not cover ...
func WriteVerifyText(w io.Writer, rep *verify.Report, quiet bool, p Palette) {
	failed := 0
	for i, res := range rep.Results {
		if i > 0 {
			fmt.Fprintln(w)
		}
		writeVerifyEndpoint(w, res, p)
		if !res.OK() {
			failed++
		}
	}
	if quiet {
		return
	}
	n := len(rep.Results)
	fmt.Fprintf(w, "\n%s: %d passed, %d failed\n", plural.Count(n, "endpoint"), n-failed, failed)
}

func writeVerifyEndpoint(w io.Writer, res verify.Result, p Palette) {
	fmt.Fprintf(w, "%s  %s\n", p.Strong(res.Target.Name()), res.Target.Endpoint.URL)
	for _, s := range res.Steps {
		fmt.Fprintf(w, "  %-9s  %s  %7s  %s\n", s.Name, verifyStatusWord(s.Status, p), verifyStepTime(s), s.Detail)
	}
}

// verifyStatusWord returns the status padded to four columns, in the
// palette's colours: FAIL failed, warn a warning, ok ok, skip plain.
func verifyStatusWord(s verify.Status, p Palette) string {
	word := string(s)
	if s == verify.StatusFail {
		word = "FAIL"
	}
	word = fmt.Sprintf("%-4s", word)
	switch s {
	case verify.StatusFail:
		return p.Failed(word)
	case verify.StatusWarn:
		return p.Warning(word)
	case verify.StatusOK:
		return p.OK(word)
	}
	return word
}

// verifyStepTime formats a step's duration to a fixed width: "0.4ms", "12.0ms",
// "30.0s"; "-" for steps that took no network time.
func verifyStepTime(s verify.Step) string {
	d := s.Duration
	switch {
	case s.Status == verify.StatusSkip || s.Name == verify.StepCoverage:
		return "-"
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// WriteVerifyRound writes the line of round n of a watch, and its failures.
func WriteVerifyRound(w io.Writer, n int, rep *verify.Report) {
	passed := 0
	for _, res := range rep.Results {
		if res.OK() {
			passed++
		}
	}
	fmt.Fprintf(w, "round %d  %s  %d/%d passed\n", n, rep.Started.Format(time.TimeOnly), passed, len(rep.Results))
	for _, res := range rep.Results {
		for _, s := range res.Failures() {
			fmt.Fprintf(w, "  %s  %s: %s\n", res.Target.Name(), s.Name, s.Detail)
		}
	}
}

// WriteVerifyRates writes the success rate of every endpoint after a watch
// of rounds, below of them under min percent, and unless quiet a summary.
func WriteVerifyRates(w io.Writer, rates []verify.Rate, rounds int, min float64, below int, quiet bool) {
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ENDPOINT\tRUNS\tPASSED\tSUCCESS\tLAST FAILURE")
	for _, r := range rates {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.1f%%\t%s\n", r.Target.Name(), r.Runs, r.Passed, r.Percent(), r.LastFailure)
	}
	tw.Flush()
	if quiet {
		return
	}
	fmt.Fprintf(w, "\n%s; %d of %s below %.1f%% success\n", plural.Count(rounds, "round"), below, plural.Count(len(rates), "endpoint"), min)
}
