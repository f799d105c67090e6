package scanner

import "testing"

// TestOptionsSelects checks the selection without rules: narrowing paths,
// then include, then exclude.
func TestOptionsSelects(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		path string
		want bool
	}{
		{Options{}, "a/b.txt", true},
		{Options{Paths: []string{"a/"}}, "a/b.txt", true},
		{Options{Paths: []string{"a/"}}, "ab/c.txt", false},
		{Options{Paths: []string{"a/b.txt"}}, "a/b.txt", true},
		{Options{Paths: []string{"a/b.txt"}}, "a/b.txt.orig", false},
		{Options{Include: []string{"**/*.yaml"}}, "deploy/values.yaml", true},
		{Options{Include: []string{"**/*.yaml"}}, "deploy/values.json", false},
		{Options{Exclude: []string{"docs/**"}}, "docs/setup.md", false},
		{Options{Include: []string{"docs/**"}, Exclude: []string{"docs/old/**"}}, "docs/old/a.md", false},
		{Options{Paths: []string{"docs/"}, Exclude: []string{"**/*.png"}}, "docs/a.md", true},
	} {
		if got := tc.opts.Selects(tc.path); got != tc.want {
			t.Errorf("%+v selects %s: %v, want %v", tc.opts, tc.path, got, tc.want)
		}
	}
}
