package scaffold

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/domainshift/domainshift/rules"
)

func TestFindHosts(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string // "+" marks a mention in a URL
	}{
		{"url: https://api.staging.example.com/v1", []string{"+api.staging.example.com"}},
		{"host: API.Example.COM:8080", []string{"api.example.com"}},
		{"mail ops@staging.example.com", nil},
		{"https://user:pw@api.example.com/x", []string{"+api.example.com"}},
		{"redirect=https%3A%2F%2Fauth.example.com%2Fcb", []string{"+auth.example.com"}},
		{`{"u":"https:\/\/api.example.io\/x"}`, []string{"+api.example.io"}},
		{"custom_api.example.com x-api.example.com", []string{"x-api.example.com"}},
		{"api.example.com-old api.example.com.evil", []string{}},
		{"import os.path; setup.py; README.md; v1.2.3.com; 10.0.0.1", nil},
		{"self.app", []string{"self.app"}}, // Propose drops it: not in a URL, nothing below it
		{"www.example.co.uk.", []string{"www.example.co.uk"}},
	} {
		var got []string
		for _, r := range FindHosts([]byte(c.in)) {
			s := r.Name
			if r.InURL {
				s = "+" + s
			}
			got = append(got, s)
		}
		if c.in == "api.example.com-old api.example.com.evil" {
			// the second is a different host: api.example.com.evil ends in an unknown label
			if len(got) != 0 {
				t.Errorf("FindHosts(%q) = %q, want none", c.in, got)
			}
			continue
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("FindHosts(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestZoneOf(t *testing.T) {
	for h, want := range map[string]string{
		"api.staging.example.com": "example.com",
		"example.com":             "example.com",
		"www.shop.example.co.uk":  "example.co.uk",
		"example.co.uk":           "example.co.uk",
		"co.uk":                   "co.uk",
	} {
		if got := ZoneOf(h); got != want {
			t.Errorf("ZoneOf(%q) = %q, want %q", h, got, want)
		}
	}
}

func inventory(paths []string, hosts ...Host) *Inventory {
	return &Inventory{Paths: paths, Hosts: hosts}
}

func TestProposeLoads(t *testing.T) {
	inv := inventory(
		[]string{"deploy/staging/values.yaml", ".env.prod", "config/values-dev.yaml", "src/device.go", "weird/[x].prod.txt"},
		Host{Name: "api.staging.example.com", Mentions: 3, Files: 1},
		Host{Name: "app.staging.example.com", Mentions: 1, Files: 1},
		Host{Name: "a.b.staging.example.com", Mentions: 1, Files: 1},
		Host{Name: "api-staging.example.com", Mentions: 1, Files: 1},
		Host{Name: "example.com", Mentions: 1, Files: 1, InURL: true},
		Host{Name: "self.app", Mentions: 9, Files: 3},
		Host{Name: "github.com", Mentions: 1, Files: 1, InURL: true},
	)
	for _, certs := range [][]string{nil, {"*.example.com", "example.com"}} {
		p, err := Propose(inv, Options{Certs: certs})
		if err != nil {
			t.Fatal(err)
		}
		data := p.TOML()
		r, err := rules.Parse("rules.toml", data)
		if err != nil {
			t.Fatalf("certs %v: the proposal does not load: %v\n%s", certs, err, data)
		}
		if got := r.Secure.Zones; !slices.Equal(got, []string{"example.com", "github.com"}) {
			t.Errorf("zones = %q", got)
		}
		var envs []string
		for _, e := range r.Environments {
			envs = append(envs, e.Name)
		}
		if !slices.Equal(envs, []string{"development", "production", "staging"}) {
			t.Errorf("environments = %q", envs)
		}
		if got := r.EnvironmentsOf("src/device.go"); len(got) != 0 {
			t.Errorf("src/device.go belongs to %q; dev must match whole words only", got)
		}
		for path, env := range map[string]string{"config/values-dev.yaml": "development", ".env.prod": "production", "deploy/staging/values.yaml": "staging", "weird/[x].prod.txt": "production"} {
			if got := r.EnvironmentsOf(path); !slices.Equal(got, []string{env}) {
				t.Errorf("%s belongs to %q, want %s", path, got, env)
			}
		}
		if certs == nil {
			if len(r.Deprecated) != 0 {
				t.Errorf("deprecated without certificates: %+v", r.Deprecated)
			}
			continue
		}
		var deps []string
		for _, d := range r.Deprecated {
			deps = append(deps, d.Host.String()+" -> "+d.Replace.String())
		}
		want := []string{"api.staging.example.com -> api-staging.example.com", "app.staging.example.com -> app-staging.example.com"}
		if !slices.Equal(deps, want) {
			t.Errorf("deprecated = %q, want %q", deps, want)
		}
		if !strings.Contains(string(data), "#   a.b.staging.example.com\n") {
			t.Errorf("the uncovered deeper host is not listed:\n%s", data)
		}
		if n := strings.Count(string(data), "CONFIRM"); n < 5 {
			t.Errorf("only %d CONFIRM marks", n)
		}
	}
}

func TestProposeBadCert(t *testing.T) {
	if _, err := Propose(inventory(nil), Options{Certs: []string{"not a name"}}); err == nil {
		t.Fatal("no error for an invalid certificate name")
	}
}

func TestProposeEmpty(t *testing.T) {
	p, err := Propose(inventory(nil), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rules.Parse("rules.toml", p.TOML()); err != nil {
		t.Fatalf("empty proposal does not load: %v\n%s", err, p.TOML())
	}
}

// commentedKey is a commented-out TOML key or table header of a proposal:
// what a person uncomments to take a suggestion.
var commentedKey = regexp.MustCompile(`(?m)^# ?((\[\[?[A-Za-z0-9_.-]+\]\]?|[A-Za-z0-9_-]+ *=).*)$`)

// TestProposeUncommented: a proposal is valid TOML, and stays valid TOML
// (and loads as rules) with every commented key and table uncommented:
// no candidate endpoint repeats a role, and no suggestion puts two keys
// on one line.
func TestProposeUncommented(t *testing.T) {
	inv := inventory(
		[]string{".env.staging", "deploy/staging/app.yaml", ".env.production", "docs/staging.md"},
		Host{Name: "api.staging.example.com", Mentions: 3, Files: 1},
		Host{Name: "app.staging.example.com", Mentions: 2, Files: 1},
		Host{Name: "auth.staging.example.com", Mentions: 1, Files: 1},
		Host{Name: "app-staging.example.com", Mentions: 1, Files: 1},
		Host{Name: "staging.example.com", Mentions: 1, Files: 1, InURL: true},
		Host{Name: "www-staging.example.com", Mentions: 1, Files: 1, InURL: true},
		Host{Name: "ws-staging.example.com", Mentions: 1, Files: 1, InURL: true},
		Host{Name: "a.b.staging.example.com", Mentions: 1, Files: 1},
	)
	for _, certs := range [][]string{nil, {"*.example.com", "example.com"}} {
		p, err := Propose(inv, Options{Certs: certs})
		if err != nil {
			t.Fatal(err)
		}
		data := p.TOML()
		uncommented := commentedKey.ReplaceAll(data, []byte("$1"))
		if n := len(commentedKey.FindAll(data, -1)); n < 5 {
			t.Fatalf("certs %v: only %d commented keys to uncomment:\n%s", certs, n, data)
		}
		for name, doc := range map[string][]byte{"as written": data, "uncommented": uncommented} {
			var v map[string]any
			if _, err := toml.Decode(string(doc), &v); err != nil {
				t.Errorf("certs %v, %s: not valid TOML: %v\n%s", certs, name, err, doc)
				continue
			}
			if _, err := rules.Parse("rules.toml", doc); err != nil {
				t.Errorf("certs %v, %s: does not load: %v\n%s", certs, name, err, doc)
			}
		}
	}
}
