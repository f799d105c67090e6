package rewrite

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/domainshift/domainshift/scanner"
)

// StateDir is the directory under the root where rewrite keeps its journal.
// A .gitignore holding "*" keeps it out of git.
const StateDir = ".domainshift"

const (
	journalName  = "journal"
	doneName     = "journal.done"
	journalMagic = "domainshift journal 1\n"
	footerLen    = 21 // "%020d\n": the offset of the manifest
)

// ErrNoJournal: there is no apply to undo.
var ErrNoJournal = errors.New("no apply to undo")

// The journal is one file, written completely (temp file, sync, rename)
// before the first file is replaced, so that undo works after a crash at
// any moment. Layout: the magic line, the original content of every file
// back to back, the JSON manifest on one line, then a footer line with the
// manifest's offset.
type manifest struct {
	Version int            `json:"version"`
	ID      string         `json:"id"` // matches the done marker once the run finished
	Files   []journalEntry `json:"files"`
}

type journalEntry struct {
	Path     string `json:"path"`     // slash-separated, relative to the root
	Offset   int64  `json:"offset"`   // of the original content in the journal
	Size     int64  `json:"size"`     // of the original content
	Original string `json:"original"` // hex SHA-256 of the original content
	Written  string `json:"written"`  // hex SHA-256 of what apply writes
}

func hashHex(h scanner.Hash) string { return hex.EncodeToString(h[:]) }

// journalWriter builds a journal in a temp file and commits it by rename.
type journalWriter struct {
	dir   string // <root>/.domainshift
	f     *os.File
	off   int64
	files []journalEntry
	id    string // set by commit
}

// prepareState creates the state directory with its .gitignore.
func prepareState(root string) (string, error) {
	dir := filepath.Join(root, StateDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", StateDir, unwrapPath(err))
	}
	ignore := filepath.Join(dir, ".gitignore")
	if _, err := os.Lstat(ignore); errors.Is(err, fs.ErrNotExist) {
		if err := os.WriteFile(ignore, []byte("# written by domainshift: undo journal, never committed\n*\n"), 0o644); err != nil {
			return "", fmt.Errorf("write %s/.gitignore: %w", StateDir, unwrapPath(err))
		}
	}
	return dir, nil
}

func newJournal(dir string) (*journalWriter, error) {
	f, err := os.Create(filepath.Join(dir, journalName+tempSuffix))
	if err != nil {
		return nil, fmt.Errorf("create journal: %w", unwrapPath(err))
	}
	j := &journalWriter{dir: dir, f: f}
	if err := j.write([]byte(journalMagic)); err != nil {
		j.abort()
		return nil, err
	}
	return j, nil
}

func (j *journalWriter) write(b []byte) error {
	n, err := j.f.Write(b)
	j.off += int64(n)
	if err != nil {
		return fmt.Errorf("write journal: %w", unwrapPath(err))
	}
	return nil
}

// add records a file's original content and the hash of its new content.
func (j *journalWriter) add(path string, original []byte, written scanner.Hash) error {
	return j.addEntry(path, original, hashHex(written))
}

func (j *journalWriter) addEntry(path string, original []byte, written string) error {
	e := journalEntry{Path: path, Offset: j.off, Size: int64(len(original)),
		Original: hashHex(scanner.HashOf(original)), Written: written}
	if err := j.write(original); err != nil {
		return err
	}
	j.files = append(j.files, e)
	return nil
}

// commit makes the journal the current one, durably.
func (j *journalWriter) commit() error {
	return j.finish(j.files)
}

// finish writes the manifest for files after the originals and commits.
func (j *journalWriter) finish(files []journalEntry) error {
	j.id = strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.Itoa(os.Getpid())
	m, err := json.Marshal(manifest{Version: 1, ID: j.id, Files: files})
	if err != nil {
		return err
	}
	at := j.off
	if err := j.write(append(m, '\n')); err != nil {
		j.abort()
		return err
	}
	if err := j.write(fmt.Appendf(nil, "%020d\n", at)); err != nil {
		j.abort()
		return err
	}
	if err := j.f.Sync(); err != nil {
		j.abort()
		return fmt.Errorf("sync journal: %w", unwrapPath(err))
	}
	if err := j.f.Close(); err != nil {
		j.abort()
		return fmt.Errorf("close journal: %w", unwrapPath(err))
	}
	if err := os.Rename(j.f.Name(), filepath.Join(j.dir, journalName)); err != nil {
		_ = os.Remove(j.f.Name())
		return fmt.Errorf("commit journal: %w", unwrapPath(err))
	}
	return syncDir(j.dir)
}

// narrow replaces the committed journal with one that lists only the
// files in keep, after some planned files turned out not to be written, so
// that undo does not report them; with nothing to keep the journal goes.
// The originals are copied as they are, so offsets stay valid.
func (j *journalWriter) narrow(keep map[string]bool) error {
	var files []journalEntry
	for _, e := range j.files {
		if keep[e.Path] {
			files = append(files, e)
		}
	}
	current := filepath.Join(j.dir, journalName)
	if len(files) == 0 {
		return os.Remove(current)
	}
	old, err := os.Open(current)
	if err != nil {
		return fmt.Errorf("open journal: %w", unwrapPath(err))
	}
	defer old.Close()
	nj, err := newJournal(j.dir)
	if err != nil {
		return err
	}
	blobs := j.off - int64(len(journalMagic))
	if _, err := io.Copy(nj.f, io.NewSectionReader(old, int64(len(journalMagic)), blobs)); err != nil {
		nj.abort()
		return fmt.Errorf("write journal: %w", unwrapPath(err))
	}
	nj.off += blobs
	if err := nj.finish(files); err != nil {
		return err
	}
	j.id = nj.id
	return nil
}

// markDone records that the run of the journal with this id finished, so
// the next Write replaces the journal rather than carrying its files over.
func markDone(dir, id string) error {
	return os.WriteFile(filepath.Join(dir, doneName), []byte(id), 0o644)
}

func (j *journalWriter) abort() {
	_ = j.f.Close()
	_ = os.Remove(j.f.Name())
}

// journal is a committed journal, open for reading originals.
type journal struct {
	f     *os.File
	id    string
	done  bool // the run that wrote it (apply or undo) finished
	files []journalEntry
}

// openJournal opens the current journal; ErrNoJournal if there is none.
func openJournal(root string) (*journal, error) {
	path := filepath.Join(root, StateDir, journalName)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoJournal
	}
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", unwrapPath(err))
	}
	m, err := readManifest(f)
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("journal %s/%s is damaged: %w", StateDir, journalName, err)
	}
	mark, _ := os.ReadFile(filepath.Join(root, StateDir, doneName))
	return &journal{f: f, id: m.ID, done: m.ID != "" && string(mark) == m.ID, files: m.Files}, nil
}

func readManifest(f *os.File) (*manifest, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := st.Size()
	if size < int64(len(journalMagic))+footerLen {
		return nil, errors.New("too short")
	}
	head := make([]byte, len(journalMagic))
	if _, err := f.ReadAt(head, 0); err != nil || string(head) != journalMagic {
		return nil, errors.New("not a domainshift journal")
	}
	foot := make([]byte, footerLen)
	if _, err := f.ReadAt(foot, size-footerLen); err != nil {
		return nil, err
	}
	at, err := strconv.ParseInt(string(bytes.TrimSuffix(foot, []byte("\n"))), 10, 64)
	if err != nil || at < int64(len(journalMagic)) || at >= size-footerLen {
		return nil, errors.New("bad footer")
	}
	raw := make([]byte, size-footerLen-at)
	if _, err := f.ReadAt(raw, at); err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	if m.Version != 1 {
		return nil, fmt.Errorf("unknown version %d", m.Version)
	}
	for _, e := range m.Files {
		if e.Offset < int64(len(journalMagic)) || e.Size < 0 || e.Offset+e.Size > at || !filepath.IsLocal(filepath.FromSlash(e.Path)) {
			return nil, fmt.Errorf("bad entry for %q", e.Path)
		}
	}
	return &m, nil
}

// original returns the original content of e, checked against its hash.
func (j *journal) original(e journalEntry) ([]byte, error) {
	b := make([]byte, e.Size)
	if _, err := j.f.ReadAt(b, e.Offset); err != nil && !(errors.Is(err, io.EOF) && e.Size == 0) {
		return nil, fmt.Errorf("read journal: %w", err)
	}
	if hashHex(scanner.HashOf(b)) != e.Original {
		return nil, fmt.Errorf("journal copy of %s is damaged", e.Path)
	}
	return b, nil
}

func (j *journal) close() { _ = j.f.Close() }

// removeTemps removes the temp files a killed run may have left next to
// the files of the current journal (the only files any run writes), and
// a half-written journal.
func removeTemps(root string) {
	_ = os.Remove(filepath.Join(root, StateDir, journalName+tempSuffix))
	j, err := openJournal(root)
	if err != nil {
		return
	}
	defer j.close()
	for _, e := range j.files {
		_ = os.Remove(tempPath(filepath.Join(root, filepath.FromSlash(e.Path))))
	}
}
