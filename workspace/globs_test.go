package workspace

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGlobs(t *testing.T) {
	for _, c := range []struct {
		glob string
		want string     // the glob as matched
		err  *GlobError // or the error
	}{
		{glob: "src/**/*.ts", want: "src/**/*.ts"},
		{glob: "./src/**", want: "src/**"},
		{glob: "././/src/*.go", want: "src/*.go"},
		{glob: "docs/", want: "docs/**"},
		{glob: "./docs/", want: "docs/**"},
		{glob: "*.{yaml,yml}", want: "*.{yaml,yml}"},
		{glob: "src/[a-", err: &GlobError{Glob: "src/[a-"}},
		{glob: "./", err: &GlobError{Glob: "./"}},
		{glob: "", err: &GlobError{Glob: ""}},
		{glob: "/etc/**", err: &GlobError{Glob: "/etc/**", Absolute: true}},
	} {
		got, err := Globs([]string{"a/**", c.glob})
		var ge *GlobError
		switch {
		case c.err != nil && !errors.As(err, &ge):
			t.Errorf("Globs(%q) = %q, %v; want %+v", c.glob, got, err, c.err)
		case c.err != nil:
			if diff := cmp.Diff(c.err, ge); diff != "" {
				t.Errorf("Globs(%q) error (-want +got):\n%s", c.glob, diff)
			}
		case err != nil:
			t.Errorf("Globs(%q): %v", c.glob, err)
		default:
			if diff := cmp.Diff([]string{"a/**", c.want}, got); diff != "" {
				t.Errorf("Globs(%q) (-want +got):\n%s", c.glob, diff)
			}
		}
	}
}
