package rewrite

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/domainshift/domainshift/scanner"
)

const (
	journalName   = "journal"
	prevName      = "journal.prev" // the journal a run replaced, until it ends
	doneName      = "journal.done"
	pendingName   = "pending"
	lockName      = "lock"
	backupPrefix  = "originals-"
	journalFormat = 4 // 4: the edits rather than a hash of what was written; 3: originals in subdirectories; 2 and 3 are read too
)

// originalsPerDir is how many originals share a subdirectory of the
// originals directory: originals-ID/0/0 to 0/63, then 1/64 and so on.
// Small directories keep each hard link cheap; on ext4, linking 1,400
// files into one directory cost three times the CPU of linking them into
// directories of 64, with every writer waiting on that one directory.
const originalsPerDir = 64

// ErrNoJournal: there is no apply to undo.
var ErrNoJournal = errors.New("no apply to undo")

// The journal is what undo needs: a JSON manifest (STATE/journal, in the
// state directory of LocateState) and a
// directory of the original files (STATE/originals-ID, in
// subdirectories of originalsPerDir). Each original
// is a hard link to the file's old inode, which the rename of the new
// content leaves untouched, so keeping it costs neither a copy nor a
// write; where a link is impossible (another file system, no permission)
// it is a copy. Everything is made durable before the first file is
// replaced, so undo works after a crash at any moment.
type manifest struct {
	Version int            `json:"version"`
	ID      string         `json:"id"` // names the originals directory; matches the done marker once the run finished
	Files   []journalEntry `json:"files"`
}

type journalEntry struct {
	Path     string `json:"path"`     // slash-separated, relative to the root
	Backup   string `json:"backup"`   // slash-separated name of the original in the originals directory
	Size     int64  `json:"size"`     // of the original content
	Original string `json:"original"` // hex SHA-256 of the original content

	// What apply writes: the original with Edits applied (format 4), or
	// content with the hex SHA-256 Written (formats 2 and 3). Keeping the
	// edits spares apply hashing all it writes, and undo compares bytes.
	Edits   []Edit `json:"edits,omitempty"`
	Written string `json:"written,omitempty"`
}

// holdsWritten reports whether cur is what apply wrote over orig, the
// original content of e.
func (e journalEntry) holdsWritten(orig, cur []byte) bool {
	if e.Written != "" {
		return hashHex(scanner.HashOf(cur)) == e.Written
	}
	want, err := Apply(orig, e.Edits)
	return err == nil && bytes.Equal(want, cur)
}

func hashHex(h scanner.Hash) string { return hex.EncodeToString(h[:]) }

// newID returns a journal id: unique per run, safe in a file name.
func newID() string {
	return strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.Itoa(os.Getpid())
}

// journalWriter collects the originals of a run in a new originals
// directory and commits the manifest that lists them.
type journalWriter struct {
	dir     string // the state directory
	id      string
	backups string // <dir>/originals-<id>

	mu        sync.Mutex
	next      int             // number of the next original
	subdirs   []*originalsDir // by number / originalsPerDir
	files     []journalEntry  // as committed
	published bool            // the journal is this run's
	restored  bool            // the run wrote nothing and put the previous journal back
	spare     string          // the originals directory kept for the next run's spares, if any
	pending   *os.File        // paths that may have a temp file, one per line
}

func newJournal(dir string) (*journalWriter, error) {
	j := &journalWriter{dir: dir, id: newID()}
	j.backups = filepath.Join(dir, backupPrefix+j.id)
	if err := os.Mkdir(j.backups, 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", j.backups, unwrapPath(err))
	}
	f, err := os.OpenFile(filepath.Join(dir, pendingName), os.O_WRONLY|os.O_CREATE|os.O_APPEND|oNoFollow, 0o600)
	if err != nil {
		_ = os.Remove(j.backups)
		return nil, fmt.Errorf("create %s: %w", filepath.Join(dir, pendingName), unwrapPath(err))
	}
	j.pending = f
	return j, nil
}

// willStage records that path may get a temp file, so that a run killed
// before it commits leaves nothing the next run cannot find and remove.
func (j *journalWriter) willStage(path string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, err := j.pending.WriteString(path + "\n"); err != nil {
		return fmt.Errorf("write %s: %w", j.pending.Name(), unwrapPath(err))
	}
	return nil
}

// originalsDir is a subdirectory of the originals directory, made by the
// first original that goes into it.
type originalsDir struct {
	path string
	once sync.Once
	err  error
}

func (d *originalsDir) make() error {
	d.once.Do(func() {
		if err := os.Mkdir(d.path, 0o700); err != nil {
			d.err = fmt.Errorf("keep the original in %s: %w", d.path, unwrapPath(err))
		}
	})
	return d.err
}

// keep puts the original of the file at path into the originals directory:
// a hard link to it when possible, else a copy of content (what the file
// holds). It returns the name of the original.
func (j *journalWriter) keep(path string, content []byte) (string, error) {
	j.mu.Lock()
	n := j.next
	j.next++
	sub := strconv.Itoa(n / originalsPerDir)
	if n%originalsPerDir == 0 {
		j.subdirs = append(j.subdirs, &originalsDir{path: filepath.Join(j.backups, sub)})
	}
	d := j.subdirs[n/originalsPerDir]
	j.mu.Unlock()
	if err := d.make(); err != nil {
		return "", err
	}
	name := sub + "/" + strconv.Itoa(n)
	dst := filepath.Join(j.backups, sub, strconv.Itoa(n))
	if path != "" && os.Link(path, dst) == nil {
		return name, nil
	}
	if err := writeNoFollow(dst, content, 0o600); err != nil {
		_ = os.Remove(dst)
		return "", fmt.Errorf("keep the original in %s: %w", j.backups, unwrapPath(err))
	}
	return name, nil
}

// dirs returns the originals directory and its subdirectories, whose
// entries must be made durable with the originals.
func (j *journalWriter) dirs() []string {
	j.mu.Lock()
	defer j.mu.Unlock()
	dirs := []string{j.backups}
	for _, d := range j.subdirs {
		dirs = append(dirs, d.path)
	}
	return dirs
}

// stageManifest writes the manifest listing files to a temp file, not
// yet synced, and returns its name; publish makes it the journal.
func (j *journalWriter) stageManifest(files []journalEntry) (string, error) {
	data, err := json.Marshal(manifest{Version: journalFormat, ID: j.id, Files: files})
	if err != nil {
		return "", err
	}
	tmp, err := writeTemp(filepath.Join(j.dir, journalName), [][]byte{data, {'\n'}}, newFileInfo{0o644}, nil)
	if err != nil {
		return "", fmt.Errorf("write journal: %w", err)
	}
	j.files = files
	return tmp, nil
}

// publish renames the synced manifest tmp over the journal and makes the
// rename durable: from then on undo restores the files it lists.
func (j *journalWriter) publish(tmp string) error {
	// Keep the journal this one replaces until the run ends: if the run
	// writes nothing after all, narrow puts it back.
	prev := filepath.Join(j.dir, prevName)
	_ = os.Remove(prev)
	_ = os.Link(filepath.Join(j.dir, journalName), prev)
	if err := os.Rename(tmp, filepath.Join(j.dir, journalName)); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("commit journal: %w", unwrapPath(err))
	}
	j.published = true
	if err := syncDir(j.dir); err != nil {
		return fmt.Errorf("commit journal: %w", unwrapPath(err))
	}
	return nil
}

// commit makes a manifest listing files the current journal, durably. The
// originals must already be durable.
func (j *journalWriter) commit(files []journalEntry) error {
	tmp, err := j.stageManifest(files)
	if err != nil {
		return err
	}
	if err := fsyncPath(tmp); err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("sync journal: %w", err)
	}
	return j.publish(tmp)
}

// narrow commits a journal that lists only the files in keep, after some
// planned files turned out not to be written, so that undo does not report
// them; with nothing to keep the journal goes.
func (j *journalWriter) narrow(keep map[string]bool) error {
	var files []journalEntry
	for _, e := range j.files {
		if keep[e.Path] {
			files = append(files, e)
		} else {
			_ = os.Remove(filepath.Join(j.backups, filepath.FromSlash(e.Backup)))
		}
	}
	if len(files) == 0 {
		// Nothing was written: the previous journal, if there was one,
		// is the current one again, so the last apply that wrote
		// something can still be undone.
		err := os.Rename(filepath.Join(j.dir, prevName), filepath.Join(j.dir, journalName))
		if err == nil {
			j.restored = true
		} else {
			err = os.Remove(filepath.Join(j.dir, journalName))
		}
		_ = os.RemoveAll(j.backups)
		j.published = false
		return err
	}
	return j.commit(files)
}

// finish ends the run: the pending list goes, and so does every originals
// directory but the current journal's and, when this run's journal
// replaced one, the replaced journal's, whose originals are the next
// run's spares.
func (j *journalWriter) finish() {
	_ = j.pending.Close()
	_ = os.Remove(j.pending.Name())
	_ = os.Remove(filepath.Join(j.dir, prevName))
	if j.published {
		removeStaleBut(j.dir, backupPrefix+j.id, j.spare)
	} else {
		removeStale(j.dir)
	}
}

// abort removes what the run made; the previous journal stays.
func (j *journalWriter) abort() {
	_ = os.RemoveAll(j.backups)
	j.finish()
}

// markDone records that the run of the journal with this id finished, so
// the next Write replaces the journal rather than carrying its files over.
func markDone(dir, id string) error {
	return replaceNoFollow(filepath.Join(dir, doneName), []byte(id), 0o644)
}

// journal is a committed journal.
type journal struct {
	id      string
	done    bool // the run that wrote it (apply or undo) finished
	files   []journalEntry
	backups string // the originals directory
}

// openJournal reads the current journal in the state directory dir;
// ErrNoJournal if there is none.
func openJournal(dir string) (*journal, error) { return readJournal(dir, true) }

// readJournal is openJournal; without whole, a journal whose run finished
// is read no further than its id, and its files are left out. The run
// that follows one needs no more than that, and every Stage waits while
// the first one decodes it: with 1,305 entries, decoding them cost a
// second apply 25 ms.
func readJournal(dir string, whole bool) (*journal, error) {
	data, err := readNoFollow(filepath.Join(dir, journalName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoJournal
	}
	if err != nil {
		return nil, fmt.Errorf("read journal: %w", unwrapPath(err))
	}
	mark, _ := readNoFollow(filepath.Join(dir, doneName))
	if !whole {
		if id, ok := manifestID(data); ok && id == string(mark) {
			return &journal{id: id, done: true, backups: filepath.Join(dir, backupPrefix+id)}, nil
		}
	}
	m, err := parseManifest(data)
	if err != nil {
		return nil, fmt.Errorf("journal %s is damaged: %w", filepath.Join(dir, journalName), err)
	}
	return &journal{id: m.ID, done: string(mark) == m.ID, files: m.Files,
		backups: filepath.Join(dir, backupPrefix+m.ID)}, nil
}

// manifestID returns the id of a manifest from its first two members, the
// version and the id, as stageManifest writes them, checked as
// parseManifest checks them; ok is false when they are not both there
// first and valid.
func manifestID(data []byte) (id string, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", false
	}
	var m manifest
	for _, f := range []struct {
		key string
		dst any
	}{{"version", &m.Version}, {"id", &m.ID}} {
		if key, err := dec.Token(); err != nil || key != f.key || dec.Decode(f.dst) != nil {
			return "", false
		}
	}
	if m.Version < 2 || m.Version > journalFormat || !simpleName(m.ID) {
		return "", false
	}
	return m.ID, true
}

func parseManifest(data []byte) (*manifest, error) {
	if bytes.HasPrefix(data, []byte("domainshift journal 1\n")) {
		return nil, errors.New("it was written by an older domainshift, which keeps originals inside it; undo with that version")
	}
	var m manifest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	if m.Version < 2 || m.Version > journalFormat {
		return nil, fmt.Errorf("unknown version %d (written by another domainshift version)", m.Version)
	}
	if m.ID == "" || !simpleName(m.ID) {
		return nil, fmt.Errorf("bad id %q", m.ID)
	}
	for _, e := range m.Files {
		// One of the two records what was written; from format 4 on,
		// either, since a run carries over entries of an unfinished older
		// one as they are.
		if !filepath.IsLocal(filepath.FromSlash(e.Path)) || !backupName(e.Backup) || e.Size < 0 ||
			(len(e.Edits) > 0) == (e.Written != "") || m.Version < 4 && len(e.Edits) > 0 {
			return nil, fmt.Errorf("bad entry for %q", e.Path)
		}
	}
	return &m, nil
}

// simpleName reports whether s is a plain file name: no separator, not
// "." or "..".
func simpleName(s string) bool {
	return s != "" && s != "." && s != ".." && !strings.ContainsAny(s, `/\`)
}

// backupName reports whether s names an original: a plain file name (as
// journal format 2 has them) or a subdirectory and a file name.
func backupName(s string) bool {
	dir, name, ok := strings.Cut(s, "/")
	if !ok {
		return simpleName(s)
	}
	return simpleName(dir) && simpleName(name)
}

// original returns the original content of e, checked against its hash.
func (j *journal) original(e journalEntry) ([]byte, error) {
	b, err := readNoFollow(filepath.Join(j.backups, filepath.FromSlash(e.Backup)))
	if err != nil {
		return nil, fmt.Errorf("read the original from %s: %w", j.backups, unwrapPath(err))
	}
	if int64(len(b)) != e.Size || hashHex(scanner.HashOf(b)) != e.Original {
		return nil, fmt.Errorf("the original kept in %s is damaged", j.backups)
	}
	return b, nil
}

// removeTemps removes what a killed run may have left: temp files next to
// the files it listed as pending or journaled (the only files any run
// writes), a half-written journal and originals directories that no
// journal lists. It returns what readJournal returns, which stays true
// while the caller holds the lock: with whole, the files of a finished
// journal too.
func removeTemps(root, dir string, whole bool) (*journal, error) {
	j, err := removeTempFiles(root, dir, whole)
	removeStaleFor(dir, j, err)
	return j, err
}

// removeTempFiles is removeTemps but for the originals directories, which
// it leaves.
func removeTempFiles(root, dir string, whole bool) (*journal, error) {
	_ = os.Remove(tempPath(filepath.Join(dir, journalName)))
	_ = os.Remove(filepath.Join(dir, prevName))
	var paths []string
	if f, err := os.OpenFile(filepath.Join(dir, pendingName), os.O_RDONLY|oNoFollow, 0); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			paths = append(paths, sc.Text())
		}
		_ = f.Close()
	}
	j, jerr := readJournal(dir, whole)
	if jerr == nil && !j.done {
		// A run that finished renamed or removed each of its temp
		// files; only an unfinished one can have left some.
		for _, e := range j.files {
			paths = append(paths, e.Path)
		}
	}
	for _, p := range paths {
		if filepath.IsLocal(filepath.FromSlash(p)) {
			_ = os.Remove(tempPath(filepath.Join(root, filepath.FromSlash(p))))
		}
	}
	_ = os.Remove(filepath.Join(dir, pendingName))
	return j, jerr
}

// removeStale removes the originals directories the current journal does
// not use.
func removeStale(dir string) {
	j, err := readJournal(dir, false)
	removeStaleFor(dir, j, err)
}

// removeStaleFor is removeStale given what openJournal returned.
func removeStaleFor(dir string, j *journal, err error) {
	if keep, ok := inUse(j, err); ok {
		removeStaleBut(dir, keep)
	}
}

// inUse names the originals directory that j, what openJournal returned,
// still needs ("" with no journal); not ok if the journal is unreadable or
// from another version, which may need any of them.
func inUse(j *journal, err error) (keep string, ok bool) {
	switch {
	case err == nil:
		return backupPrefix + j.id, true
	case errors.Is(err, ErrNoJournal):
		return "", true
	}
	return "", false
}

// removeStaleBut removes the originals directories in dir other than the
// ones named keep.
func removeStaleBut(dir string, keep ...string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), backupPrefix) && !slices.Contains(keep, e.Name()) {
			removeOriginals(filepath.Join(dir, e.Name()))
		}
	}
}

// removeWorkers is how many originals removeOriginals unlinks at once.
const removeWorkers = 16

// removeOriginals removes an originals directory. Its files are unlinked
// many at a time: the last link of a file frees its blocks, and on a file
// system mounted with discard each unlink then waits for the device,
// after its directory is unlocked, so the waits of many overlap.
func removeOriginals(backups string) {
	parallel(originalFiles(backups), removeWorkers, func(f string) struct{} {
		_ = os.Remove(f)
		return struct{}{}
	}, func(string, struct{}) {})
	_ = os.RemoveAll(backups)
}

// originalFiles lists the entries of the subdirectories of an originals
// directory, where originals are kept.
func originalFiles(backups string) []string {
	var files []string
	subs, _ := os.ReadDir(backups)
	for _, s := range subs {
		if !s.IsDir() {
			continue
		}
		sub := filepath.Join(backups, s.Name())
		entries, _ := os.ReadDir(sub)
		for _, e := range entries {
			files = append(files, filepath.Join(sub, e.Name()))
		}
	}
	return files
}
