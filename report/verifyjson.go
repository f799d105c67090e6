package report

import (
	"io"
	"time"

	"github.com/domainshift/domainshift/verify"
)

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

func verifyReportJSON(rep *verify.Report) verifyJSON {
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

// WriteVerifyJSON writes verify's report as JSON
// (schema/verify.schema.json).
func WriteVerifyJSON(w io.Writer, rep *verify.Report) error {
	return encodeJSON(w, verifyReportJSON(rep))
}

// WriteWatchJSON writes the rounds of a watch and every endpoint's success
// rate as JSON (schema/verify-watch.schema.json); below endpoints are
// under min percent.
func WriteWatchJSON(w io.Writer, rounds []*verify.Report, rates []verify.Rate, min float64, below int) error {
	out := watchJSON{Version: 1, OK: below == 0, MinSuccess: min, Rates: []rateJSON{}, Rounds: []verifyJSON{}}
	for _, r := range rates {
		out.Rates = append(out.Rates, rateJSON{Endpoint: r.Target.Name(), Runs: r.Runs, Passed: r.Passed, Success: r.Percent(), LastFailure: r.LastFailure})
	}
	for _, rep := range rounds {
		out.Rounds = append(out.Rounds, verifyReportJSON(rep))
	}
	return encodeJSON(w, out)
}
