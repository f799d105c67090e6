package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/domainshift/domainshift/verify"
)

// writeVerifyText prints one block per endpoint, a row per step:
//
//	staging.backend  https://api-staging.example.ai
//	  dns        ok      1.2ms  203.0.113.7
//	  tls        FAIL    8.0ms  names example.ai do not cover ...
func writeVerifyText(w io.Writer, rep *verify.Report, quiet, color bool) {
	failed := 0
	for i, res := range rep.Results {
		if i > 0 {
			fmt.Fprintln(w)
		}
		writeVerifyEndpoint(w, res, color)
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

func writeVerifyEndpoint(w io.Writer, res verify.Result, color bool) {
	name := res.Target.Name()
	if color {
		name = "\x1b[1m" + name + "\x1b[0m"
	}
	fmt.Fprintf(w, "%s  %s\n", name, res.Target.Endpoint.URL)
	for _, s := range res.Steps {
		fmt.Fprintf(w, "  %-9s  %s  %7s  %s\n", s.Name, verifyStatusWord(s.Status, color), verifyStepTime(s), s.Detail)
	}
}

// verifyStatusWord returns the status padded to four columns, in colour
// when asked: FAIL red, warn yellow, ok green.
func verifyStatusWord(s verify.Status, color bool) string {
	word, code := string(s), ""
	switch s {
	case verify.StatusFail:
		word, code = "FAIL", "\x1b[1;31m"
	case verify.StatusWarn:
		code = "\x1b[33m"
	case verify.StatusOK:
		code = "\x1b[32m"
	}
	word = fmt.Sprintf("%-4s", word)
	if !color || code == "" {
		return word
	}
	return code + word + "\x1b[0m"
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

// writeVerifyRound prints one line per round of a watch, and the failures.
func writeVerifyRound(w io.Writer, n int, rep *verify.Report) {
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

// verifyBelowRate counts the endpoints whose success rate is under min percent.
func verifyBelowRate(rates []verify.Rate, min float64) int {
	n := 0
	for _, r := range rates {
		if r.Percent() < min {
			n++
		}
	}
	return n
}

// writeVerifyRates prints the success rate of every endpoint after a watch.
func writeVerifyRates(w io.Writer, rates []verify.Rate, rounds int, min float64, below int, quiet bool) {
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

// The JSON report of verify; durations are in milliseconds.
type (
	verifyJSON struct {
		Version   int            `json:"version"`
		OK        bool           `json:"ok"`
		Started   time.Time      `json:"started"`
		Endpoints []endpointJSON `json:"endpoints"`
		Summary   summaryJSON    `json:"summary"`
	}
	summaryJSON struct {
		Endpoints int `json:"endpoints"`
		Passed    int `json:"passed"`
		Failed    int `json:"failed"`
	}
	endpointJSON struct {
		Endpoint    string     `json:"endpoint"`
		Environment string     `json:"environment"`
		Role        string     `json:"role"`
		URL         string     `json:"url"`
		Host        string     `json:"host"`
		OK          bool       `json:"ok"`
		Steps       []stepJSON `json:"steps"`
	}
	stepJSON struct {
		Step        string    `json:"step"`
		Status      string    `json:"status"`
		Detail      string    `json:"detail"`
		DurationMS  float64   `json:"duration_ms"`
		Addresses   []string  `json:"addresses,omitempty"`
		Address     string    `json:"address,omitempty"`
		Certificate *certJSON `json:"certificate,omitempty"`
		HTTPStatus  int       `json:"http_status,omitempty"`
		Subprotocol string    `json:"subprotocol,omitempty"`
		CloseCode   int       `json:"close_code,omitempty"`
		HeldMS      float64   `json:"held_ms,omitempty"`
	}
	certJSON struct {
		Subject     string    `json:"subject"`
		Issuer      string    `json:"issuer"`
		Names       []string  `json:"names"`
		NotBefore   time.Time `json:"not_before"`
		NotAfter    time.Time `json:"not_after"`
		CoversHost  bool      `json:"covers_host"`
		Verified    bool      `json:"verified"`
		VerifyError string    `json:"verify_error,omitempty"`
		TLSVersion  string    `json:"tls_version"`
	}
	watchJSON struct {
		Version    int          `json:"version"`
		OK         bool         `json:"ok"`
		MinSuccess float64      `json:"min_success"`
		Rates      []rateJSON   `json:"rates"`
		Rounds     []verifyJSON `json:"rounds"`
	}
	rateJSON struct {
		Endpoint    string  `json:"endpoint"`
		Runs        int     `json:"runs"`
		Passed      int     `json:"passed"`
		Success     float64 `json:"success"`
		LastFailure string  `json:"last_failure,omitempty"`
	}
)

func durationMS(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func reportJSON(rep *verify.Report) verifyJSON {
	out := verifyJSON{Version: 1, OK: rep.OK(), Started: rep.Started.UTC(), Endpoints: []endpointJSON{}}
	for _, res := range rep.Results {
		ep := res.Target.Endpoint
		e := endpointJSON{Endpoint: res.Target.Name(), Environment: res.Target.Env, Role: ep.Role, URL: ep.URL, Host: ep.Host, OK: res.OK()}
		for _, s := range res.Steps {
			sj := stepJSON{Step: s.Name, Status: string(s.Status), Detail: s.Detail, DurationMS: durationMS(s.Duration),
				Addresses: s.Addresses, Address: s.Address, HTTPStatus: s.HTTPStatus, Subprotocol: s.Subprotocol,
				CloseCode: s.CloseCode, HeldMS: durationMS(s.Held)}
			if c := s.Certificate; c != nil {
				sj.Certificate = &certJSON{Subject: c.Subject, Issuer: c.Issuer, Names: c.Names, NotBefore: c.NotBefore.UTC(), NotAfter: c.NotAfter.UTC(),
					CoversHost: c.CoversHost, Verified: c.Verified, VerifyError: c.VerifyError, TLSVersion: c.Version}
			}
			e.Steps = append(e.Steps, sj)
		}
		out.Endpoints = append(out.Endpoints, e)
		out.Summary.Endpoints++
		if res.OK() {
			out.Summary.Passed++
		} else {
			out.Summary.Failed++
		}
	}
	return out
}

func writeVerifyJSON(w io.Writer, rep *verify.Report) error {
	return writeVerifyIndented(w, reportJSON(rep))
}

func writeWatchJSON(w io.Writer, rounds []*verify.Report, rates []verify.Rate, min float64, below int) error {
	out := watchJSON{Version: 1, OK: below == 0, MinSuccess: min, Rates: []rateJSON{}, Rounds: []verifyJSON{}}
	for _, r := range rates {
		out.Rates = append(out.Rates, rateJSON{Endpoint: r.Target.Name(), Runs: r.Runs, Passed: r.Passed, Success: r.Percent(), LastFailure: r.LastFailure})
	}
	for _, rep := range rounds {
		out.Rounds = append(out.Rounds, reportJSON(rep))
	}
	return writeVerifyIndented(w, out)
}

func writeVerifyIndented(w io.Writer, v any) error {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}
