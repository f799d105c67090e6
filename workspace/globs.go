package workspace

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// GlobError is a glob given on the command line that could only ever
// select nothing: not doublestar syntax, or not relative to the root.
type GlobError struct {
	Glob     string // as given
	Absolute bool   // an absolute path or a volume name, rather than a bad pattern
}

func (e *GlobError) Error() string {
	if e.Absolute {
		return fmt.Sprintf("glob %q is not relative to the root", e.Glob)
	}
	return fmt.Sprintf("invalid glob %q", e.Glob)
}

// Globs checks the globs of --include or --exclude and writes them the
// way paths are matched, relative to the root: "./src/**" is "src/**" and
// "docs/" is everything under docs, as a person typing a path means them;
// without that they would match nothing, silently. The first glob that
// cannot be used is a *GlobError.
func Globs(globs []string) ([]string, error) {
	out := make([]string, 0, len(globs))
	for _, g := range globs {
		n := g
		for strings.HasPrefix(n, "./") {
			n = strings.TrimLeft(n[2:], "/")
		}
		if strings.HasSuffix(n, "/") {
			n += "**"
		}
		switch {
		case n == "" || !doublestar.ValidatePattern(n):
			return nil, &GlobError{Glob: g}
		case strings.HasPrefix(n, "/") || filepath.VolumeName(n) != "":
			return nil, &GlobError{Glob: g, Absolute: true}
		}
		out = append(out, n)
	}
	return out, nil
}
