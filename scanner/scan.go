package scanner

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/domainshift/domainshift/rules"
)

// Options controls a scan.
type Options struct {
	Root      string   // directory the paths are relative to
	Paths     []string // slash-separated files or directories ("dir/") under Root that narrow the scan; empty: everything
	Include   []string // globs on top of the rules' [scan] include
	Exclude   []string // globs on top of the rules' [scan] exclude
	Workers   int      // 0: 4 × GOMAXPROCS
	Inventory bool     // collect Result.Hosts

	// Skip names files never scanned, however the rules select them: the
	// reports this run writes, which name deprecated hosts. Paths are as
	// given on the command line (relative to the working directory, or
	// absolute); those outside Root are ignored. Unlike Exclude, Skip does
	// not narrow the scan.
	Skip []string

	// OnFile, when set, is called once per scanned file, serially, in
	// completion order, while the scan runs: progress and streaming.
	OnFile func(File)

	// OnContent, when set, is called for each file with findings with the
	// content they were found in, from the scanning goroutines (several
	// at once), while the scan runs: apply stages its writes there rather
	// than read every file again. data is only valid during the call.
	OnContent func(f File, data []byte)
}

// root returns the directory the scan is relative to: Root, or the
// current directory when Root is empty.
func (o Options) root() string {
	if o.Root == "" {
		return "."
	}
	return o.Root
}

// Narrowed reports whether the options scan less than the whole root, in
// which case unused allow and keep entries say nothing.
func (o Options) Narrowed() bool {
	return len(o.Paths) > 0 || len(o.Include) > 0 || len(o.Exclude) > 0
}

// Selects reports whether the narrowing paths and the include and exclude
// globs of o, without any rules' [scan] globs, select the slash-separated
// path p: for a listing of the files before there are rules.
func (o Options) Selects(p string) bool {
	return (len(o.Paths) == 0 || underAny(p, o.Paths)) &&
		(len(o.Include) == 0 || matchAny(o.Include, p)) &&
		!matchAny(o.Exclude, p)
}

// binaryProbe is how many leading bytes are searched for a NUL, as git does.
const binaryProbe = 8000

// Scan selects the files under opts.Root and matches them against r.
func Scan(ctx context.Context, r *rules.Rules, opts Options) (*Result, error) {
	root := opts.root()
	paths, err := listFiles(ctx, root)
	if err != nil {
		return nil, err
	}
	paths, err = selectPaths(root, r, opts, paths)
	if err != nil {
		return nil, err
	}
	return ScanFiles(ctx, r, opts, paths)
}

// selectPaths leaves out the rules file, the skipped files and
// domainshift's own files, and applies the narrowing paths and the include
// and exclude globs.
func selectPaths(root string, r *rules.Rules, opts Options, paths []string) ([]string, error) {
	include := append(append([]string(nil), r.Scan.Include...), opts.Include...)
	exclude := append(append([]string(nil), r.Scan.Exclude...), opts.Exclude...)
	for _, g := range append(append([]string(nil), opts.Include...), opts.Exclude...) {
		if !doublestar.ValidatePattern(g) {
			return nil, fmt.Errorf("invalid glob %q", g)
		}
	}
	// The rules file and the skipped files, relative to the root.
	skip := map[string]bool{}
	if absRoot, err := filepath.Abs(root); err == nil {
		for _, f := range append([]string{r.File}, opts.Skip...) {
			abs, err := filepath.Abs(f)
			if f == "" || err != nil {
				continue
			}
			if rel, err := filepath.Rel(absRoot, abs); err == nil && filepath.IsLocal(rel) {
				skip[filepath.ToSlash(rel)] = true
			}
		}
	}
	out := paths[:0:0]
	for _, p := range paths {
		switch {
		case skip[p], isOwnFile(p):
		case len(opts.Paths) > 0 && !underAny(p, opts.Paths):
		case len(include) > 0 && !matchAny(include, p):
		case matchAny(exclude, p):
		default:
			out = append(out, p)
		}
	}
	return out, nil
}

// isOwnFile reports whether p is domainshift's journal or one of its
// temporary files, which are never scanned.
func isOwnFile(p string) bool {
	if p == ".domainshift" || strings.HasPrefix(p, ".domainshift/") || strings.Contains(p, "/.domainshift/") {
		return true
	}
	base := p[strings.LastIndexByte(p, '/')+1:]
	return strings.HasPrefix(base, ".") && strings.Contains(base, ".domainshift-tmp")
}

func underAny(p string, narrow []string) bool {
	for _, n := range narrow {
		if n == "." || n == "./" || p == n || strings.HasSuffix(n, "/") && strings.HasPrefix(p, n) {
			return true
		}
	}
	return false
}

func matchAny(globs []string, p string) bool {
	for _, g := range globs {
		if ok, _ := doublestar.Match(g, p); ok {
			return true
		}
	}
	return false
}

// scanned is a worker's report on one file.
type scanned struct {
	file  File
	match Match
	skip  string // reason the file was left out, if it was
	err   error
}

// ScanFiles matches the given files, slash-separated paths relative to
// opts.Root, without selecting them: the caller already did.
func ScanFiles(ctx context.Context, r *rules.Rules, opts Options, paths []string) (*Result, error) {
	root := opts.root()
	m := NewMatcher(r)
	workers := opts.Workers
	if workers <= 0 {
		// More readers than cores: a reader waiting on the disk, on a page
		// being read in, or (in apply) on a directory lock while it stages
		// a write leaves its core to another. On 2 cores with a warm cache,
		// check took 0.30 s with 2 and 0.25 s with 8.
		workers = min(4*runtime.GOMAXPROCS(0), maxWorkers)
	}
	jobs := make(chan string)
	results := make(chan scanned, workers)
	big := newBigBufs(r.Scan.MaxFileSize)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bufs := &readBufs{big: big}
			for p := range jobs {
				s, data := scanOne(root, p, r.Scan.MaxFileSize, m, opts.Inventory, bufs)
				if opts.OnContent != nil && len(s.file.Findings) > 0 {
					opts.OnContent(s.file, data)
				}
				bufs.release()
				results <- s
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, p := range paths {
			select {
			case jobs <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		big.close() // every worker is done with its content
		close(results)
	}()

	res := &Result{Root: root}
	usedAllow := make([]bool, len(r.Allow))
	usedKeep := make([]bool, len(r.Keep))
	hosts := map[string]*HostCount{}
	for s := range results {
		switch {
		case s.err != nil:
			res.Errors = append(res.Errors, FileError{Path: s.file.Path, Err: s.err})
			continue
		case s.skip != "":
			if notableSkip(s.skip) {
				res.Skips = append(res.Skips, Skip{Path: s.file.Path, Reason: s.skip})
			}
			continue
		}
		res.Stats.Files++
		res.Stats.Bytes += s.file.Size
		for _, i := range s.match.UsedAllow {
			usedAllow[i] = true
		}
		for _, i := range s.match.UsedKeep {
			usedKeep[i] = true
		}
		seen := map[string]bool{}
		for i, h := range s.match.Hosts {
			hc := hosts[h]
			if hc == nil {
				hc = &HostCount{Host: h, Template: s.match.template(i)}
				hosts[h] = hc
			}
			hc.Mentions++
			if s.match.Allowed[i] {
				hc.Allowed++
			}
			if !seen[h] {
				seen[h] = true
				hc.Files++
			}
		}
		for _, f := range s.file.Findings {
			res.Stats.Findings++
			if f.Fixable() {
				res.Stats.Fixable++
			}
		}
		if len(s.file.Findings) > 0 {
			res.Files = append(res.Files, s.file)
		}
		if opts.OnFile != nil {
			opts.OnFile(s.file)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].Path < res.Files[j].Path })
	sort.Slice(res.Errors, func(i, j int) bool { return res.Errors[i].Path < res.Errors[j].Path })
	sort.Slice(res.Skips, func(i, j int) bool { return res.Skips[i].Path < res.Skips[j].Path })
	if opts.Inventory {
		for _, hc := range hosts {
			res.Hosts = append(res.Hosts, *hc)
		}
		sort.Slice(res.Hosts, func(i, j int) bool { return res.Hosts[i].Host < res.Hosts[j].Host })
	}
	if !opts.Narrowed() {
		for i, used := range usedAllow {
			if !used {
				res.StaleAllow = append(res.StaleAllow, i)
			}
		}
		for i, used := range usedKeep {
			if !used {
				res.StaleKeep = append(res.StaleKeep, i)
			}
		}
	}
	return res, nil
}

// scanOne reads one file into a buffer from bufs and matches it; it
// returns the content read, valid until bufs.release.
func scanOne(root, p string, maxSize int64, m *Matcher, inventory bool, bufs *readBufs) (scanned, []byte) {
	s := scanned{file: File{Path: p}}
	full := filepath.Join(root, filepath.FromSlash(p))
	data, skip, err := readFile(full, maxSize, bufs)
	switch {
	case err != nil:
		s.err = err
		return s, nil
	case skip != "":
		s.skip = skip
		return s, nil
	}
	return matchData(m, p, data, inventory), data
}

// matchData matches the content of the file at p: its text, decoded
// when it is UTF-16 (see detect), unless it is binary, cannot be decoded
// or is a report domainshift wrote (see OwnReport).
func matchData(m *Matcher, p string, data []byte, inventory bool) scanned {
	s := scanned{file: File{Path: p, Size: int64(len(data))}}
	enc, skip := detect(data)
	if skip == "" && !enc.UTF16() {
		skip = ownSkip(data)
	}
	if skip != "" {
		s.skip = skip
		return s
	}
	text, skip := decodeText(enc, data)
	if skip != "" {
		s.skip = skip
		return s
	}
	s.match = m.Match(p, text)
	if !inventory {
		s.match.Hosts, s.match.Templates, s.match.Allowed = nil, nil, nil
	}
	if len(s.match.Findings) > 0 {
		s.file.Findings = s.match.Findings
		s.file.Hash = HashOf(data)
		s.file.Encoding = enc
	}
	return s
}

// notableSkip reports whether a skip is worth telling the user about:
// oversized files and text that could not be decoded may hold hosts;
// binaries and symlinks do not.
func notableSkip(reason string) bool {
	for _, p := range [...]string{"too large", "invalid UTF-16", "ambiguous UTF-16", "unsupported encoding", ownPrefix} {
		if strings.HasPrefix(reason, p) {
			return true
		}
	}
	return false
}

// tooLarge is the skip reason of a file over the size limit.
func tooLarge(size, limit int64) string {
	if size < 0 {
		return fmt.Sprintf("too large (over %s)", formatSize(limit))
	}
	return fmt.Sprintf("too large (%s > %s)", formatSize(size), formatSize(limit))
}

// growBuf returns buf with room for n bytes.
// Read buffers. Memory must not grow with the number of workers: each
// worker keeps a buffer for files up to smallRead bytes, and a larger file
// borrows one of bigBuffers shared buffers, waiting for one if need be.
// With the default 8 MiB size limit that is at most maxWorkers × 256 KiB
// plus 2 × 8 MiB, whatever the tree.
const (
	maxWorkers = 32
	smallRead  = 256 << 10
	bigBuffers = 2
)

// bigBufs are the shared buffers for large files. Each is made once, as
// large as the size limit allows (up to 64 MiB), outside the Go heap
// (allocBig), rather than grown file by file: growing would leave the
// smaller buffers as garbage. No slice of one may outlive the scan.
type bigBufs struct {
	free  chan *[]byte
	size  int // capacity of a new buffer
	mu    sync.Mutex
	frees []func()
}

func newBigBufs(limit int64) *bigBufs {
	b := &bigBufs{free: make(chan *[]byte, bigBuffers), size: int(min(limit+1, 64<<20))}
	for range bigBuffers {
		b.free <- new([]byte)
	}
	return b
}

// alloc returns a new buffer of n bytes or more.
func (b *bigBufs) alloc(n int) []byte {
	buf, free := allocBig(max(n, b.size))
	b.mu.Lock()
	b.frees = append(b.frees, free)
	b.mu.Unlock()
	return buf
}

// close frees every buffer; the scan is over.
func (b *bigBufs) close() {
	for _, free := range b.frees {
		free()
	}
	b.frees = nil
}

// readBufs is one worker's source of read buffers.
type readBufs struct {
	own  []byte
	big  *bigBufs
	held *[]byte // the big buffer lent for the current file
}

// get returns a buffer of n bytes, the worker's own or a borrowed big one.
func (b *readBufs) get(n int) []byte {
	if n <= smallRead {
		b.own = growBuf(b.own, n)
		return b.own
	}
	if b.held == nil {
		b.held = <-b.big.free
	}
	if cap(*b.held) < n {
		*b.held = b.big.alloc(n)
	}
	*b.held = (*b.held)[:n]
	return *b.held
}

// release gives back the big buffer of the current file, if it has one,
// once its content is no longer used.
func (b *readBufs) release() {
	if b.held != nil {
		b.big.free <- b.held
		b.held = nil
	}
}

func growBuf(buf []byte, n int) []byte {
	if cap(buf) < n {
		return make([]byte, n, max(n, 64<<10))
	}
	return buf[:n]
}

// formatSize prints a byte count in binary units.
func formatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
