package scanner

// InPaths reports whether the narrowing paths of o take in the
// slash-separated path p, relative to the root, as a scan with o selects
// files before any glob: every path when there are none. What is checked
// besides the scanned files (the [[exports]] files of check) is narrowed
// the same way.
func (o Options) InPaths(p string) bool {
	return len(o.Paths) == 0 || underAny(p, o.Paths)
}
