package scanner

import (
	"slices"
	"testing"

	"github.com/domainshift/domainshift/rules"
)

// TestInPaths: InPaths takes in exactly the files a scan narrowed the same
// way selects, so a check that also judges other files (the [[exports]])
// looks at the same part of the tree as its scan.
func TestInPaths(t *testing.T) {
	r, err := rules.Parse("", []byte("version = 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"web/src/endpoints.ts", "web/src/endpoints.tsx", "web/app.ts", "webapp/x.ts", "README.md"}
	for _, c := range []struct {
		name  string
		paths []string
		want  []string
	}{
		{"nothing narrows", nil, files},
		{"the root", []string{"."}, files},
		{"the root, with a slash", []string{"./"}, files},
		{"a directory", []string{"web/"}, files[:3]},
		{"a deeper directory", []string{"web/src/"}, files[:2]},
		{"a file, not its longer twin", []string{"web/src/endpoints.ts"}, files[:1]},
		{"a directory without its slash is a file", []string{"web"}, nil},
		{"several", []string{"README.md", "webapp/"}, files[3:]},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := Options{Paths: c.paths}
			selected, err := selectPaths(t.TempDir(), r, opts, files)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range files {
				if opts.InPaths(p) {
					got = append(got, p)
				}
			}
			if !slices.Equal(got, c.want) || !slices.Equal(got, selected) {
				t.Errorf("InPaths takes in %q, want %q; the scan selects %q", got, c.want, selected)
			}
		})
	}
}
