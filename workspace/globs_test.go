package workspace

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGlobs(t *testing.T) {
	for _, c := range []struct {
		glob string
		want []string // the globs as matched, after "a/**"
		err  error
	}{
		{glob: "src/**/*.ts", want: []string{"a/**", "src/**/*.ts"}},
		{glob: "./src/**", want: []string{"a/**", "src/**"}},
		{glob: "././/src/*.go", want: []string{"a/**", "src/*.go"}},
		{glob: "docs/", want: []string{"a/**", "docs/**"}},
		{glob: "./docs/", want: []string{"a/**", "docs/**"}},
		{glob: "*.{yaml,yml}", want: []string{"a/**", "*.{yaml,yml}"}},
		{glob: "src/[a-", err: &GlobError{Glob: "src/[a-"}},
		{glob: "./", err: &GlobError{Glob: "./"}},
		{glob: "", err: &GlobError{Glob: ""}},
		{glob: "/etc/**", err: &GlobError{Glob: "/etc/**", Absolute: true}},
	} {
		got, err := Globs([]string{"a/**", c.glob})
		if diff := cmp.Diff(c.err, err); diff != "" {
			t.Errorf("Globs(%q) error (-want +got):\n%s", c.glob, diff)
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("Globs(%q) (-want +got):\n%s", c.glob, diff)
		}
	}
}
