package rewrite

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/domainshift/domainshift/scanner"
)

// Batch is a write in progress. Stage prepares each file: its new content
// goes to a temp file next to it and its original is kept for undo (a hard
// link, so no copy), while the file itself is untouched; it may run while
// the scan is still reading other files. Finish makes all of it durable at
// once (one syncfs on Linux rather than an fsync per file) while it
// re-reads each file and checks it is still what was scanned, commits the
// journal, then renames each temp file over its file if the file's Lstat
// still matches the one taken before the re-read. A killed run leaves
// every file either as it was or as it is meant to be, and the next run
// removes its temp files.
type Batch struct {
	root string
	opts WriteOptions

	once     sync.Once
	startErr error
	jw       *journalWriter
	spares   *spares  // the stale originals the temp files may reuse
	prev     *journal // the journal when the run began, if there was a readable one
	unlock   func()

	dirs dirChecks

	mu     sync.Mutex
	staged []stagedFile
	res    Result
}

type stagedFile struct {
	plan   FilePlan
	path   string // the file, under the root
	linked bool   // the file has other hard links
	tmp    string
	st     fs.FileInfo // Lstat of the original: when staged, then from the re-read
	sum    uint64      // verifySum of the content staged from
	entry  journalEntry
}

// Begin starts a write under root. Nothing happens on disk until the
// first Stage, which takes the lock of the state directory, cleans up
// after a killed run and opens a new journal.
func Begin(root string, opts WriteOptions) *Batch {
	return &Batch{root: root, opts: opts}
}

// start opens the journal, once.
func (b *Batch) start() error {
	b.once.Do(func() {
		dir := b.opts.StateDir
		if dir == "" {
			var err error
			if dir, err = LocateState(b.root, ""); err != nil {
				b.startErr = err
				return
			}
		}
		if err := prepareState(b.root, dir); err != nil {
			b.startErr = err
			return
		}
		unlock, err := lockState(dir)
		if err != nil {
			b.startErr = err
			return
		}
		prev, perr := removeTempFiles(b.root, dir, false) // prev is nil if none or unreadable
		if reuseSpares {
			b.spares = collectSpares(dir, prev, perr)
		} else {
			removeStaleFor(dir, prev, perr)
		}
		jw, err := newJournal(dir)
		if err != nil {
			unlock()
			b.startErr = err
			return
		}
		if prev != nil && reuseSpares {
			jw.spare = backupPrefix + prev.id // the next run's spares
		}
		b.jw, b.unlock, b.prev = jw, unlock, prev
	})
	return b.startErr
}

func (b *Batch) workers() int {
	if b.opts.Workers > 0 {
		return b.opts.Workers
	}
	return 4
}

// Stage prepares the file of p. data is the file's content as scanned (the
// content p.Size and p.Hash describe), or nil to read the file and check
// it. Stage may be called from several goroutines at once; a file that
// cannot be staged is reported in the Result of Finish.
func (b *Batch) Stage(p FilePlan, data []byte) {
	s, err := b.stage(p, data)
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		b.res.add(p.Path, err)
		return
	}
	b.staged = append(b.staged, s)
}

func (b *Batch) stage(p FilePlan, data []byte) (stagedFile, error) {
	if err := b.start(); err != nil {
		return stagedFile{}, err
	}
	path, err := planPath(b.root, p)
	if err != nil {
		return stagedFile{}, err
	}
	var st fs.FileInfo
	if data == nil {
		in := getBuf()
		defer putBuf(in)
		*in, st, err = readPlanned(path, p, *in, &b.dirs)
		data = *in
	} else {
		st, err = statPlanned(path, p, &b.dirs)
	}
	if err != nil {
		return stagedFile{}, err
	}
	if int64(len(data)) != p.Size {
		return stagedFile{}, ErrChanged
	}
	entry := journalEntry{Path: p.Path, Size: p.Size, Original: hashHex(p.Hash), Edits: p.Edits}
	var parts [][]byte
	if p.Encoding.UTF16() {
		out, err := Encoded(data, p)
		if err != nil {
			return stagedFile{}, err
		}
		parts = [][]byte{out}
		// The journal's edits are in the text; undo compares the bytes.
		entry.Edits, entry.Written = nil, hashHex(scanner.HashOf(out))
	} else {
		// The new content is written from the pieces of the content it
		// replaces and the replacements, never built or held twice.
		parts, err = Segments(data, p.Edits)
		if err != nil {
			return stagedFile{}, err
		}
	}
	if err := b.jw.willStage(p.Path); err != nil {
		return stagedFile{}, err
	}
	tmp, err := writeTemp(path, parts, st, b.spares)
	if err != nil {
		return stagedFile{}, err
	}
	name, err := b.jw.keep(path, data)
	if err != nil {
		_ = os.Remove(tmp)
		return stagedFile{}, err
	}
	entry.Backup = name
	return stagedFile{plan: p, path: path, tmp: tmp, st: st, linked: otherLinks(st), sum: verifySum(data), entry: entry}, nil
}

// Abort gives up a batch that will not be finished: its temp files and
// kept originals go, and the previous journal stays.
func (b *Batch) Abort() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.jw == nil {
		return
	}
	b.discard()
	b.staged = nil
	b.unlock()
}

// Finish replaces every staged file and returns what was done. The error
// is for problems that stop everything (the journal cannot be written);
// then no file was touched. It runs in four phases: stageJournal,
// syncAndVerify, rename and finalize.
func (b *Batch) Finish() (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	res := &b.res
	if b.startErr != nil {
		return nil, b.startErr
	}
	if b.jw == nil { // nothing was staged
		res.sort()
		return res, nil
	}
	defer b.unlock()
	if len(b.staged) == 0 {
		b.jw.abort() // keep the previous journal: this run changed nothing
		res.sort()
		return res, nil
	}
	pj, err := b.stageJournal()
	if err != nil {
		b.discard()
		return nil, err
	}
	verified, err := b.syncAndVerify(pj)
	if err != nil {
		_ = os.Remove(pj.manifest)
		b.discard()
		for _, s := range verified {
			res.add(s.plan.Path, fmt.Errorf("sync temp file: %w", err))
		}
		res.sort()
		return res, nil
	}
	if err := b.jw.publish(pj.manifest); err != nil {
		b.discard()
		return nil, err
	}
	b.finalize(b.rename(verified), pj.carried)
	res.sort()
	return res, nil
}

// discard removes the temp files of every staged file and gives up the
// new journal, which leaves the files and the previous journal as they
// were.
func (b *Batch) discard() {
	for _, s := range b.staged {
		_ = os.Remove(s.tmp)
	}
	b.jw.abort()
}

// pendingJournal is the journal Finish stages before it touches a file:
// written but not yet published, so a crash leaves the previous one.
type pendingJournal struct {
	entries  []journalEntry // the staged files, then the carried ones
	carried  []journalEntry // files an unfinished previous run wrote
	manifest string         // the staged manifest, published after the sync
}

// stageJournal is Finish's first phase: it stages the manifest that
// names every staged file, plus the files an unfinished previous run left
// as it wrote them (a killed apply, an interrupted undo), which stay
// undoable.
func (b *Batch) stageJournal() (pendingJournal, error) {
	var pj pendingJournal
	pj.entries = make([]journalEntry, 0, len(b.staged))
	planned := make(map[string]bool, len(b.staged))
	for _, s := range b.staged {
		pj.entries = append(pj.entries, s.entry)
		planned[s.plan.Path] = true
	}
	carried, err := carryOver(b.root, b.jw, b.prev, planned)
	if err != nil {
		return pj, err
	}
	pj.carried = carried
	pj.entries = append(pj.entries, carried...)
	if pj.manifest, err = b.jw.stageManifest(pj.entries); err != nil {
		return pj, err
	}
	return pj, nil
}

// syncAndVerify is Finish's second phase: it flushes the temp files, the
// kept originals and the staged manifest at once while each file is
// re-read and compared with the scanned content. It returns the files
// still as scanned, each with its Lstat from the re-read, which the rename
// that follows compares with first (inode, size, mode, modification and
// change time). A file that changed is recorded in the Result and its temp
// file removed. The error is the sync's; then nothing may be renamed.
func (b *Batch) syncAndVerify(pj pendingJournal) ([]stagedFile, error) {
	staged, res := b.staged, &b.res
	durable := make([]string, 0, 2*len(staged)+1)
	for _, s := range staged {
		durable = append(durable, s.tmp)
	}
	for _, e := range pj.entries {
		durable = append(durable, filepath.Join(b.jw.backups, filepath.FromSlash(e.Backup)))
	}
	durable = append(durable, pj.manifest)
	durable = append(durable, b.jw.dirs()...)

	syncErr := make(chan error, 1)
	go func() {
		syncErr <- syncFiles(b.root, durable)
	}()
	verified := make([]stagedFile, 0, len(staged))
	type check struct {
		st  fs.FileInfo
		err error
	}
	parallel(staged, b.workers(), func(s stagedFile) check {
		if b.opts.BeforeWrite != nil {
			b.opts.BeforeWrite(s.plan.Path)
		}
		st, err := verify(s)
		if err != nil {
			_ = os.Remove(s.tmp)
		}
		return check{st, err}
	}, func(s stagedFile, c check) {
		if c.err != nil {
			res.add(s.plan.Path, c.err)
			return
		}
		s.st = c.st
		verified = append(verified, s)
	})
	return verified, <-syncErr
}

// rename is Finish's third phase, once the journal is published: it
// renames each verified temp file over its file, records each outcome in
// the Result, syncs the directories it renamed in and returns the paths
// written. Renames in different directories do not wait on each other, so
// each worker takes one directory at a time: two renames in one directory
// queue on its lock. Files with other names are renamed one at a time
// after the rest: renaming one name of a file moves the change time its
// other names show.
func (b *Batch) rename(verified []stagedFile) map[string]bool {
	res := &b.res
	dirs := map[string]bool{}
	written := make(map[string]bool, len(b.staged))
	done := func(s stagedFile, err error) {
		if err != nil {
			res.add(s.plan.Path, err)
			return
		}
		res.Written = append(res.Written, Written{Path: s.plan.Path, Edits: len(s.plan.Edits)})
		if s.linked {
			res.Linked = append(res.Linked, s.plan.Path)
		}
		written[s.plan.Path] = true
		dirs[filepath.Dir(s.path)] = true
	}
	groups, linked := byDir(verified)
	parallel(groups, b.workers(), func(g []stagedFile) []error {
		errs := make([]error, len(g))
		for i, s := range g {
			errs[i] = renameOne(s)
		}
		return errs
	}, func(g []stagedFile, errs []error) {
		for i, s := range g {
			done(s, errs[i])
		}
	})
	for _, s := range linked {
		done(s, renameOne(s))
	}
	dirList := make([]string, 0, len(dirs))
	for d := range dirs {
		dirList = append(dirList, d)
	}
	_ = syncDirs(b.root, dirList) // the data is synced; at worst a power cut undoes a rename
	return written
}

// byDir groups the files with one name by directory, in the order of
// files, and returns the files with other names apart.
func byDir(files []stagedFile) (groups [][]stagedFile, linked []stagedFile) {
	index := map[string]int{}
	for _, s := range files {
		if s.linked {
			linked = append(linked, s)
			continue
		}
		d := filepath.Dir(s.path)
		i, ok := index[d]
		if !ok {
			i = len(groups)
			index[d] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], s)
	}
	return groups, linked
}

// renameOne renames the temp file of s over its file if the file's Lstat
// still matches the one taken when it was re-read.
func renameOne(s stagedFile) error {
	if s.linked {
		// Renaming another name of this file over its new content
		// moved its link count and change time; if that is all that
		// changed, read it again.
		if cur, err := os.Lstat(s.path); err == nil && sameMeta(s.st, cur) && !sameCtime(s.st, cur) {
			if st, err := verify(s); err == nil {
				s.st = st
			}
		}
	}
	return renameStaged(s.tmp, s.path, s.st)
}

// finalize is Finish's last phase: when some staged files were not
// written, it narrows the journal to the files written and the carried
// ones, so undo does not report the others as changed; then it marks the
// journal done and closes it. A journal it cannot update is reported in
// Result.JournalErr.
func (b *Batch) finalize(written map[string]bool, carried []journalEntry) {
	res := &b.res
	if len(written) < len(b.staged) {
		for _, e := range carried {
			written[e.Path] = true
		}
		if err := b.jw.narrow(written); err != nil {
			// The full journal stays; undo reports the files not written
			// as changed, which is safe.
			res.JournalErr = err
		}
	}
	if res.JournalErr == nil && !b.jw.restored {
		res.JournalErr = markDone(b.jw.dir, b.jw.id)
	}
	b.jw.finish()
}

// carryOver keeps in jw the files of prev, an unfinished previous journal,
// that still hold what that run wrote and that this run does not write,
// and returns their entries.
func carryOver(root string, jw *journalWriter, prev *journal, planned map[string]bool) ([]journalEntry, error) {
	if prev == nil || prev.done {
		return nil, nil // none, damaged or finished: nothing to carry
	}
	var carried []journalEntry
	for _, e := range prev.files {
		if planned[e.Path] {
			continue
		}
		cur, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(e.Path)))
		if err != nil {
			continue
		}
		orig, err := prev.original(e)
		if err != nil || !e.holdsWritten(orig, cur) {
			continue
		}
		name, err := jw.keep(filepath.Join(prev.backups, filepath.FromSlash(e.Backup)), orig)
		if err != nil {
			return nil, err
		}
		e.Backup = name
		carried = append(carried, e)
	}
	return carried, nil
}

// bufPool holds the buffers that staging reads files into:
// writing thousands of files then reuses a few buffers rather than
// allocating (and faulting in) fresh memory for each.
var bufPool = sync.Pool{New: func() any { return new([]byte) }}

func getBuf() *[]byte { return bufPool.Get().(*[]byte) }

func putBuf(b *[]byte) {
	if cap(*b) > 4<<20 { // a rare big file: let it go
		return
	}
	*b = (*b)[:0]
	bufPool.Put(b)
}
