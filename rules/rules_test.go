package rules

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the .err golden files")

// TestFixtures loads every rules file under testdata/rules: the valid ones
// must load, each invalid one must fail with exactly the error in its .err
// golden file, every line located and prefixed with the file name.
func TestFixtures(t *testing.T) {
	for _, dir := range []string{"valid", "invalid"} {
		files, err := filepath.Glob(filepath.Join("..", "testdata", "rules", dir, "*.toml"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no fixtures in %s: %v", dir, err)
		}
		for _, path := range files {
			name := strings.TrimSuffix(filepath.Base(path), ".toml")
			t.Run(dir+"/"+name, func(t *testing.T) {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				r, err := Parse(name+".toml", data)
				if dir == "valid" {
					if err != nil {
						t.Fatalf("valid fixture fails: %v", err)
					}
					if r.Version != 1 {
						t.Errorf("version = %d, want 1", r.Version)
					}
					return
				}
				if err == nil {
					t.Fatal("invalid fixture loads without error")
				}
				var es Errors
				if !errors.As(err, &es) || len(es) == 0 {
					t.Fatalf("error is %T, want rules.Errors: %v", err, err)
				}
				for _, e := range es {
					if e.Line == 0 {
						t.Errorf("error without a line: %v", e)
					}
				}
				golden := strings.TrimSuffix(path, ".toml") + ".err"
				got := err.Error() + "\n"
				if *update {
					if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("error:\n%s\nwant:\n%s", got, want)
				}
			})
		}
	}
}

func TestPatternMatch(t *testing.T) {
	cases := []struct {
		pattern, host, capture string
		ok                     bool
	}{
		{"api.staging.example.com", "api.staging.example.com", "", true},
		{"api.staging.example.com", "xapi.staging.example.com", "", false},
		{"*.staging.example.com", "api.staging.example.com", "api", true},
		{"*.staging.example.com", "staging.example.com", "", false},
		{"*.staging.example.com", "a.b.staging.example.com", "", false},
		{"pr-*.staging.example.com", "pr-123.staging.example.com", "123", true},
		{"pr-*.staging.example.com", "pr-.staging.example.com", "", false},
		{"pr-*.staging.example.com", "api.staging.example.com", "", false},
		{"api-*-v2.example.com", "api-eu-v2.example.com", "eu", true},
		{"*.example.com", "example.com.example.com", "", false},
	}
	for _, c := range cases {
		p, err := ParsePattern(c.pattern)
		if err != nil {
			t.Fatalf("%s: %v", c.pattern, err)
		}
		capture, ok := p.Match(c.host)
		if ok != c.ok || capture != c.capture {
			t.Errorf("%s.Match(%s) = %q, %v; want %q, %v", c.pattern, c.host, capture, ok, c.capture, c.ok)
		}
	}
}

func TestLookupSpecificity(t *testing.T) {
	r, err := Parse("rules.toml", []byte(`
[[deprecated]]
host = "*.staging.example.com"
replace = "*-staging.example.com"
[[deprecated]]
host = "app.staging.example.com"
replace = "staging.example.com"
[[deprecated]]
host = "api-*.staging.example.com"
replace = "api-*-staging.example.com"
[[keep]]
hosts = ["pr-*.staging.example.com"]
`))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"app.staging.example.com":    "staging.example.com",
		"myapp.staging.example.com":  "myapp-staging.example.com",
		"api-eu.staging.example.com": "api-eu-staging.example.com",
		"pr-7.staging.example.com":   "kept",
		"other.example.com":          "",
	}
	for host, want := range cases {
		d := r.Lookup(host)
		got := d.Replacement
		if d.Kept {
			got = "kept"
		}
		if got != want {
			t.Errorf("Lookup(%s) = %q, want %q", host, got, want)
		}
	}
}

func TestLocal(t *testing.T) {
	r, err := Parse("rules.toml", []byte("[secure]\nzones = [\"example.com\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	for h, want := range map[string]bool{"localhost": true, "127.0.0.1": true, "[::1]": true, "::1": true, "app.localhost": true, "printer.local": true, "example.com": false, "10.0.0.1": false} {
		if got := r.IsLocal(h); got != want {
			t.Errorf("IsLocal(%s) = %v, want %v", h, got, want)
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"8MiB": 8 << 20, "512KB": 512000, "1048576": 1 << 20, "1 GiB": 1 << 30} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	if _, err := ParseSize("8 parsecs"); err == nil {
		t.Error("ParseSize accepted 8 parsecs")
	}
}

// An allow entry exempts through its expires day, wherever the run is,
// and is moved to Expired from the next day on; entries without expires
// stay.
func TestExpireAllows(t *testing.T) {
	r, err := Parse("rules.toml", []byte(`version = 1
[[allow]]
paths = ["a/**"]
reason = "until March"
expires = 2027-03-31
[[allow]]
paths = ["b/**"]
reason = "for good"
[[allow]]
paths = ["c/**"]
reason = "until April"
expires = "2027-04-01"
`))
	if err != nil {
		t.Fatal(err)
	}
	east := time.FixedZone("UTC+14", 14*3600)
	for _, c := range []struct {
		now         time.Time
		in, expired []int
	}{
		{time.Date(2027, 3, 31, 23, 59, 0, 0, time.UTC), []int{0, 1, 2}, nil},
		{time.Date(2027, 3, 31, 23, 59, 0, 0, east), []int{0, 1, 2}, nil},
		{time.Date(2027, 4, 1, 0, 0, 0, 0, east), []int{1, 2}, []int{0}},
		{time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC), []int{1}, []int{0, 2}},
	} {
		rr := *r
		rr.ExpireAllows(c.now)
		in, expired := indices(rr.Allow), indices(rr.Expired)
		if !slices.Equal(in, c.in) || !slices.Equal(expired, c.expired) {
			t.Errorf("at %s: in force %v, expired %v; want %v, %v", c.now, in, expired, c.in, c.expired)
		}
	}
}

func indices(as []Allow) []int {
	var out []int
	for _, a := range as {
		out = append(out, a.Index)
	}
	return out
}
