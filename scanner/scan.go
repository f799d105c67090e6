package scanner

import "context"

// Options controls a scan.
type Options struct {
	Root      string   // directory the paths are relative to
	Paths     []string // slash-separated files or directories ("dir/") under Root that narrow the scan; empty: everything
	Include   []string // globs on top of the rules' [scan] include
	Exclude   []string // globs on top of the rules' [scan] exclude
	Workers   int      // 0: GOMAXPROCS
	Inventory bool     // collect Result.Hosts

	// OnFile, when set, is called once per scanned file, serially, in
	// completion order, while the scan runs: progress and streaming.
	OnFile func(File)
}

var _ = context.Background
