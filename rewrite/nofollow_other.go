//go:build !unix

package rewrite

// oNoFollow is not there to ask for: the state's components are still
// checked with Lstat.
const oNoFollow = 0
