package scanner

import (
	"context"
	"fmt"
	"github.com/domainshift/domainshift/internal/own"
	"iter"
	"path/filepath"
	"runtime"
	"slices"
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
	NoHash    bool     // leave File.Hash zero: the caller reports and never writes, so the hash would only cost

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
	sel, err := newSelector(root, r, opts)
	if err != nil {
		return nil, err
	}
	if inGitWorkTree(ctx, root) {
		return scanGit(ctx, r, opts, sel)
	}
	paths, err := walkFiles(ctx, root)
	if err != nil {
		return nil, err
	}
	return ScanFiles(ctx, r, opts, sel.filter(paths))
}

// selectPaths leaves out the rules file, the skipped files and
// domainshift's own files, and applies the narrowing paths and the include
// and exclude globs.
func selectPaths(root string, r *rules.Rules, opts Options, paths []string) ([]string, error) {
	sel, err := newSelector(root, r, opts)
	if err != nil {
		return nil, err
	}
	return sel.filter(paths), nil
}

// selector decides which listed files a scan reads.
type selector struct {
	include, exclude, narrow []string
	skip                     map[string]bool // the rules file and the skipped files, relative to the root
}

func newSelector(root string, r *rules.Rules, opts Options) (*selector, error) {
	s := &selector{
		include: append(append([]string(nil), r.Scan.Include...), opts.Include...),
		exclude: append(append([]string(nil), r.Scan.Exclude...), opts.Exclude...),
		narrow:  opts.Paths,
		skip:    map[string]bool{},
	}
	for _, g := range append(append([]string(nil), opts.Include...), opts.Exclude...) {
		if !doublestar.ValidatePattern(g) {
			return nil, fmt.Errorf("invalid glob %q", g)
		}
	}
	if absRoot, err := filepath.Abs(root); err == nil {
		for _, f := range append([]string{r.File}, opts.Skip...) {
			abs, err := filepath.Abs(f)
			if f == "" || err != nil {
				continue
			}
			if rel, err := filepath.Rel(absRoot, abs); err == nil && filepath.IsLocal(rel) {
				s.skip[filepath.ToSlash(rel)] = true
			}
		}
	}
	return s, nil
}

// keep reports whether the file at p is scanned.
func (s *selector) keep(p string) bool {
	switch {
	case s.skip[p], isOwnFile(p):
	case len(s.narrow) > 0 && !underAny(p, s.narrow):
	case len(s.include) > 0 && !matchAny(s.include, p):
	case matchAny(s.exclude, p):
	default:
		return true
	}
	return false
}

// filter returns the paths kept, in a new slice.
func (s *selector) filter(paths []string) []string {
	out := paths[:0:0]
	for _, p := range paths {
		if s.keep(p) {
			out = append(out, p)
		}
	}
	return out
}

// isOwnFile reports whether p is domainshift's journal or one of its
// temporary files, which are never scanned.
func isOwnFile(p string) bool {
	return own.InLegacyDir(p) || own.IsTemp(p[strings.LastIndexByte(p, '/')+1:])
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
	t := openTree(filepath.Clean(opts.root()))
	defer t.close()
	return scanSeq(ctx, r, opts, t, slices.Values(paths))
}

// scanSeq matches the files paths yields, as the pool's workers take them.
func scanSeq(ctx context.Context, r *rules.Rules, opts Options, t *tree, paths iter.Seq[string]) (*Result, error) {
	agg := newAggregate(opts.root(), r, opts)
	for batch := range runPool(ctx, r, opts, t, paths) {
		for _, s := range batch {
			agg.add(s)
		}
		putBatch(batch)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return agg.result(), nil
}

// runPool reads and matches the files paths yields with a pool of workers
// and sends the reports, one per file, in batches in completion order, on
// the channel it returns, which is closed once every worker is done (early
// if ctx ends).
func runPool(ctx context.Context, r *rules.Rules, opts Options, t *tree, paths iter.Seq[string]) <-chan []scanned {
	m := NewMatcher(r)
	workers := opts.Workers
	if workers <= 0 {
		// More readers than cores: a reader waiting on the disk, on a page
		// being read in, or (in apply) on a directory lock while it stages
		// a write leaves its core to another. On 2 cores with a warm cache,
		// check took 0.30 s with 2 and 0.25 s with 8.
		workers = min(4*runtime.GOMAXPROCS(0), maxWorkers)
	}
	// Paths go to the workers, and reports come back, poolBatch at a time:
	// one channel operation per file woke a goroutine per file, and on a
	// 32,000-file tree the scheduler's futex and nanosleep calls outnumbered
	// the reads.
	jobs := make(chan []string, workers)
	results := make(chan []scanned, workers)
	big := newBigBufs(r.Scan.MaxFileSize)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			bufs := &readBufs{big: big}
			for batch := range jobs {
				out := getBatch()
				for _, p := range batch {
					s, data := scanOne(t, p, r.Scan.MaxFileSize, m, opts.Inventory, !opts.NoHash, bufs)
					if opts.OnContent != nil && len(s.file.Findings) > 0 {
						opts.OnContent(s.file, data)
					}
					bufs.release()
					out = append(out, s)
				}
				results <- out
			}
		})
	}
	go func() {
		defer close(jobs)
		batch := make([]string, 0, poolBatch)
		for p := range paths {
			if batch = append(batch, p); len(batch) < poolBatch {
				continue
			}
			select {
			case jobs <- batch:
				batch = make([]string, 0, poolBatch)
			case <-ctx.Done():
				return
			}
		}
		if len(batch) > 0 {
			select {
			case jobs <- batch:
			case <-ctx.Done():
			}
		}
	}()
	go func() {
		wg.Wait()
		big.close() // every worker is done with its content
		close(results)
	}()
	return results
}

// poolBatch is how many files a worker takes at a time.
const poolBatch = 16

// batches recycles the workers' report batches: made anew, they were a
// fifth of what a check allocated on a 32,000-file tree.
var batches = sync.Pool{New: func() any { return new([]scanned) }}

// getBatch returns an empty batch with room for poolBatch reports.
func getBatch() []scanned {
	b := *batches.Get().(*[]scanned)
	if cap(b) < poolBatch {
		b = make([]scanned, 0, poolBatch)
	}
	return b[:0]
}

// putBatch recycles a batch whose reports have been used.
func putBatch(b []scanned) {
	clear(b) // drop the findings and paths it points to
	b = b[:0]
	batches.Put(&b)
}

// aggregate builds a Result from the workers' reports: counts, the files
// with findings, the host inventory and the allow and keep entries used.
// It keeps nothing of a file without findings.
type aggregate struct {
	res       *Result
	opts      Options
	usedAllow []bool
	usedKeep  []bool
	hosts     map[string]*HostCount
}

func newAggregate(root string, r *rules.Rules, opts Options) *aggregate {
	return &aggregate{
		res:       &Result{Root: root},
		opts:      opts,
		usedAllow: make([]bool, len(r.Allow)),
		usedKeep:  make([]bool, len(r.Keep)),
		hosts:     map[string]*HostCount{},
	}
}

// add records one file's report.
func (a *aggregate) add(s scanned) {
	res := a.res
	switch {
	case s.err != nil:
		res.Errors = append(res.Errors, FileError{Path: s.file.Path, Err: s.err})
		return
	case s.skip != "":
		if notableSkip(s.skip) {
			res.Skips = append(res.Skips, Skip{Path: s.file.Path, Reason: s.skip})
		}
		return
	}
	res.Stats.Files++
	res.Stats.Bytes += s.file.Size
	for _, i := range s.match.UsedAllow {
		a.usedAllow[i] = true
	}
	for _, i := range s.match.UsedKeep {
		a.usedKeep[i] = true
	}
	a.countHosts(s.match)
	for _, f := range s.file.Findings {
		res.Stats.Findings++
		if f.Fixable() {
			res.Stats.Fixable++
		}
	}
	if len(s.file.Findings) > 0 {
		res.Files = append(res.Files, s.file)
	}
	if a.opts.OnFile != nil {
		a.opts.OnFile(s.file)
	}
}

// countHosts adds one file's host mentions to the inventory.
func (a *aggregate) countHosts(m Match) {
	var seen map[string]bool
	for i, h := range m.Hosts {
		hc := a.hosts[h]
		if hc == nil {
			hc = &HostCount{Host: h, Template: m.template(i)}
			a.hosts[h] = hc
		}
		hc.Mentions++
		if m.Allowed[i] {
			hc.Allowed++
		}
		if seen == nil {
			seen = map[string]bool{}
		}
		if !seen[h] {
			seen[h] = true
			hc.Files++
		}
	}
}

// result sorts what was recorded and names the stale allow and keep
// entries, unless the scan was narrowed.
func (a *aggregate) result() *Result {
	res := a.res
	sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].Path < res.Files[j].Path })
	sort.Slice(res.Errors, func(i, j int) bool { return res.Errors[i].Path < res.Errors[j].Path })
	sort.Slice(res.Skips, func(i, j int) bool { return res.Skips[i].Path < res.Skips[j].Path })
	if a.opts.Inventory {
		for _, hc := range a.hosts {
			res.Hosts = append(res.Hosts, *hc)
		}
		sort.Slice(res.Hosts, func(i, j int) bool { return res.Hosts[i].Host < res.Hosts[j].Host })
	}
	if !a.opts.Narrowed() {
		for i, used := range a.usedAllow {
			if !used {
				res.StaleAllow = append(res.StaleAllow, i)
			}
		}
		for i, used := range a.usedKeep {
			if !used {
				res.StaleKeep = append(res.StaleKeep, i)
			}
		}
	}
	return res
}

// scanOne reads one file into a buffer from bufs and matches it; it
// returns the content read, valid until bufs.release.
func scanOne(t *tree, p string, maxSize int64, m *Matcher, inventory, hash bool, bufs *readBufs) (scanned, []byte) {
	s := scanned{file: File{Path: p}}
	data, skip, err := readFile(t, p, maxSize, bufs)
	switch {
	case err != nil:
		s.err = err
		return s, nil
	case skip != "":
		s.skip = skip
		return s, nil
	}
	return matchData(m, p, data, inventory, hash), data
}

// joinPath is filepath.Join(root, filepath.FromSlash(p)) for a clean
// root, without Join's Clean for the paths git and the walker give, which
// are clean already: Clean cost check 8% of its user time on a
// 32,000-file tree.
func joinPath(root, p string) string {
	switch {
	case filepath.Separator != '/' || !cleanRel(p) || root == "" || root[len(root)-1] == '/':
		return filepath.Join(root, filepath.FromSlash(p))
	case root == ".":
		return p
	}
	return root + "/" + p
}

// cleanRel reports whether the slash-separated p is relative and clean:
// no empty, "." or ".." element.
func cleanRel(p string) bool {
	if p == "" {
		return false
	}
	for start := 0; start <= len(p); {
		end := strings.IndexByte(p[start:], '/')
		if end < 0 {
			end = len(p)
		} else {
			end += start
		}
		if e := p[start:end]; e == "" || e == "." || e == ".." {
			return false
		}
		start = end + 1
	}
	return true
}

// matchData matches the content of the file at p: its text, decoded
// when it is UTF-16 (see detect), unless it is binary, cannot be decoded
// or is a report domainshift wrote (see OwnReport). With hash, a file with
// findings gets the Hash of data.
func matchData(m *Matcher, p string, data []byte, inventory, hash bool) scanned {
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
		if hash {
			s.file.Hash = HashOf(data)
		}
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
	path []byte // the path of the file, for the system call
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

// growBuf returns buf with room for n bytes, n at most smallRead. It
// doubles the capacity, from 64 KiB to smallRead: growing to each larger
// file's size made a new buffer for most files over 64 KiB.
func growBuf(buf []byte, n int) []byte {
	if cap(buf) < n {
		return make([]byte, n, max(n, min(2*cap(buf), smallRead), 64<<10))
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
