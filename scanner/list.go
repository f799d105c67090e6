package scanner

import "context"

// ListFiles returns the slash-separated paths, relative to root, of the
// regular files in scope, sorted: what git lists (tracked plus untracked
// files that are not ignored) inside a work tree, a walk honouring
// .gitignore and .ignore outside one. No rules apply; `init` uses it
// before any rules.toml exists.
func ListFiles(ctx context.Context, root string) ([]string, error) {
	return listFiles(ctx, root)
}
