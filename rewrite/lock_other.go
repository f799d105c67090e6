//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package rewrite

// lockState is a no-op where flock is missing: two runs at once are not
// prevented.
func lockState(string) (func(), error) { return func() {}, nil }
