// Package baseline records the findings a repository accepts today, so that
// `check --baseline` fails only on new ones. A finding is identified by its
// Fingerprint, which does not depend on line or column numbers, so findings
// survive lines moving around them.
package baseline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/domainshift/domainshift/scanner"
)

// Version is the version of the baseline file format.
const Version = 1

// Baseline is the content of a baseline file.
type Baseline struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"` // sorted by path, rule, fingerprint
}

// Entry is one accepted finding: Path and Fingerprint are what is
// compared, Rule is there for the person reading the file. The matched
// text is deliberately not stored: a baseline that spelled out deprecated
// hosts would itself be full of findings, and `apply` would rewrite it.
type Entry struct {
	Rule        string `json:"rule"`
	Path        string `json:"path"`
	Fingerprint string `json:"fingerprint"`
}

// Fingerprints returns the fingerprint of each finding of fs, which must be
// ordered by path and offset as scanner.Result.Findings returns them.
//
// A fingerprint is a hash of the rule, the path, the matched text and the
// normalized content of the finding's line (scanner.LineHash), followed by
// ":n" for the n-th finding in the file with that same hash. Moving lines
// or editing other lines keeps every fingerprint; editing the finding's own
// line makes it new.
func Fingerprints(fs []scanner.Finding) []string {
	out := make([]string, len(fs))
	seen := map[string]int{}
	for i, f := range fs {
		k := key(f)
		seen[k]++
		out[i] = k + ":" + strconv.Itoa(seen[k])
	}
	return out
}

// Index remembers the fingerprints of every finding of a complete scan, so
// that a report of only some of them (the findings a baseline does not
// accept, those on changed lines) gives each the fingerprint it has among
// all the findings of its file: numbering the occurrences of the subset
// alone would give a new finding the fingerprint of an accepted twin.
type Index map[indexKey]string

type indexKey struct {
	path, rule string
	offset     int
}

// NewIndex indexes fs, ordered as for Fingerprints.
func NewIndex(fs []scanner.Finding) Index {
	ix := make(Index, len(fs))
	for i, fp := range Fingerprints(fs) {
		ix[indexKey{fs[i].Path, fs[i].Rule, fs[i].Offset}] = fp
	}
	return ix
}

// Fingerprints returns the fingerprint of each finding of fs (ordered as
// for Fingerprints): the indexed one, or for a finding ix does not know
// (or a nil ix) the one it has among fs.
func (ix Index) Fingerprints(fs []scanner.Finding) []string {
	out := Fingerprints(fs)
	for i, f := range fs {
		if fp, ok := ix[indexKey{f.Path, f.Rule, f.Offset}]; ok {
			out[i] = fp
		}
	}
	return out
}

// WithPaths returns ix for the same findings with every path p written
// as path(p), so that a report that names files differently (relative to
// another directory) keeps their fingerprints.
func (ix Index) WithPaths(path func(string) string) Index {
	out := make(Index, len(ix))
	for k, fp := range ix {
		k.path = path(k.path)
		out[k] = fp
	}
	return out
}

// key is a fingerprint without its occurrence number.
func key(f scanner.Finding) string {
	h := sha256.New()
	for _, s := range []string{f.Rule, f.Path, f.Match, f.LineHash} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:10])
}

// New returns the baseline that accepts exactly fs (ordered as for
// Fingerprints).
func New(fs []scanner.Finding) *Baseline {
	b := &Baseline{Version: Version, Findings: make([]Entry, len(fs))}
	for i, fp := range Fingerprints(fs) {
		b.Findings[i] = Entry{Rule: fs[i].Rule, Path: fs[i].Path, Fingerprint: fp}
	}
	slices.SortFunc(b.Findings, compareEntries)
	return b
}

func compareEntries(a, b Entry) int {
	for _, c := range [][2]string{{a.Path, b.Path}, {a.Rule, b.Rule}, {a.Fingerprint, b.Fingerprint}} {
		if n := strings.Compare(c[0], c[1]); n != 0 {
			return n
		}
	}
	return 0
}

// Marshal returns the file content of b: indented JSON with a final
// newline, the same bytes for the same findings.
func (b *Baseline) Marshal() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(b) // strings and ints only: cannot fail
	return buf.Bytes()
}

// VersionError is a baseline file of a format version this domainshift
// does not read; Newer tells whether a later domainshift wrote it.
type VersionError struct {
	Version int
}

func (e *VersionError) Error() string {
	if e.Newer() {
		return fmt.Sprintf("written by a newer domainshift (baseline format %d; this one reads %d)", e.Version, Version)
	}
	return fmt.Sprintf("unsupported baseline version %d (want %d)", e.Version, Version)
}

// Newer reports whether the file is from a later format version.
func (e *VersionError) Newer() bool { return e.Version > Version }

// Parse decodes a baseline file's content.
func Parse(data []byte) (*Baseline, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errors.New("not a baseline file: it is empty")
	}
	if bytes.HasPrefix(data, []byte("<<<<<<< ")) || bytes.Contains(data, []byte("\n<<<<<<< ")) {
		// Two branches both rewrote it; regenerating is the resolution.
		return nil, errors.New("not a baseline file: it has git conflict markers")
	}
	var b Baseline
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf(`not a baseline file: want {"version": %d, "findings": [...]}, found a JSON %s at %s`, Version, te.Value, orTop(te.Field))
		}
		return nil, fmt.Errorf("not a baseline file: %w", err)
	}
	if dec.More() {
		return nil, errors.New("not a baseline file: data after the JSON object")
	}
	if b.Version != Version {
		return nil, &VersionError{Version: b.Version}
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" || e.Path == "" {
			return nil, fmt.Errorf("findings[%d] has no path or no fingerprint", i)
		}
	}
	return &b, nil
}

func orTop(field string) string {
	if field == "" {
		return "the top level"
	}
	return field
}

// Load reads and parses the baseline file at path. A missing file is an
// error that matches fs.ErrNotExist.
func Load(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data)
}

// Comparison is what Compare found.
type Comparison struct {
	New   []scanner.Finding // findings the baseline does not accept, in order
	Known int               // findings the baseline accepts, Moved included
	Moved int               // of those, findings accepted by an entry of a file that is gone
	Stale []Entry           // entries that matched no finding, sorted
}

// Compare splits fs (ordered as for Fingerprints) into the findings b
// accepts and the new ones, and lists b's entries that matched nothing.
//
// gone, when not nil, tells whether a file named in b no longer exists.
// A finding b does not accept where it is then counts as known, and Moved,
// when an entry of such a file accepts the same finding (rule, matched
// text and line) at that file's path: the file was renamed or moved, which
// should not turn its accepted findings into new ones. A copy of a file
// that still exists gets nothing from it.
func (b *Baseline) Compare(fs []scanner.Finding, gone func(path string) bool) Comparison {
	accepted := make(map[string]bool, len(b.Findings))
	for _, e := range b.Findings {
		accepted[e.Path+"\x00"+e.Fingerprint] = true
	}
	used := map[string]bool{}
	var c Comparison
	var unmatched []scanner.Finding
	for i, fp := range Fingerprints(fs) {
		key := fs[i].Path + "\x00" + fp
		if accepted[key] {
			used[key] = true
			c.Known++
			continue
		}
		unmatched = append(unmatched, fs[i])
	}
	moved := b.goneEntries(used, gone)
	for _, f := range unmatched {
		if e, ok := moved.take(f); ok {
			used[e.Path+"\x00"+e.Fingerprint] = true
			c.Known++
			c.Moved++
			continue
		}
		c.New = append(c.New, f)
	}
	for _, e := range b.Findings {
		if !used[e.Path+"\x00"+e.Fingerprint] {
			c.Stale = append(c.Stale, e)
		}
	}
	slices.SortFunc(c.Stale, compareEntries)
	return c
}

// goneFiles holds the unused entries of files that no longer exist, by
// path, in path order.
type goneFiles struct {
	paths   []string
	entries map[string][]Entry
}

// goneEntries collects the entries not used yet of the files gone reports
// as gone (asking once per file); none when gone is nil.
func (b *Baseline) goneEntries(used map[string]bool, gone func(string) bool) goneFiles {
	g := goneFiles{entries: map[string][]Entry{}}
	if gone == nil {
		return g
	}
	verdict := map[string]bool{}
	for _, e := range b.Findings {
		if used[e.Path+"\x00"+e.Fingerprint] {
			continue
		}
		v, ok := verdict[e.Path]
		if !ok {
			v = gone(e.Path)
			verdict[e.Path] = v
			if v {
				g.paths = append(g.paths, e.Path)
			}
		}
		if v {
			g.entries[e.Path] = append(g.entries[e.Path], e)
		}
	}
	slices.Sort(g.paths)
	return g
}

// take removes and returns an entry that accepts f as it would be in one
// of the gone files.
func (g goneFiles) take(f scanner.Finding) (Entry, bool) {
	for _, p := range g.paths {
		f.Path = p
		k := key(f)
		es := g.entries[p]
		for i, e := range es {
			if ek, _, _ := strings.Cut(e.Fingerprint, ":"); ek == k {
				g.entries[p] = slices.Delete(es, i, i+1)
				return e, true
			}
		}
	}
	return Entry{}, false
}

// CompareChanged is Compare for a scan that judges only some findings of
// its files, those on changed lines (check --since). changed are the
// findings to judge; all are every finding of the same files, changed ones
// included, ordered as for Fingerprints. Occurrence numbers are meaningless
// for a subset, so it counts instead: a changed finding is new when its file
// now has more findings like it than the baseline accepts. Stale entries are
// not computed: the scan did not see every line.
func (b *Baseline) CompareChanged(all, changed []scanner.Finding) Comparison {
	excess := map[string]int{} // path + key -> findings now minus findings accepted
	for _, f := range all {
		excess[f.Path+"\x00"+key(f)]++
	}
	for _, e := range b.Findings {
		k, _, _ := strings.Cut(e.Fingerprint, ":")
		excess[e.Path+"\x00"+k]--
	}
	var c Comparison
	for _, f := range changed {
		k := f.Path + "\x00" + key(f)
		if excess[k] > 0 {
			excess[k]--
			c.New = append(c.New, f)
			continue
		}
		c.Known++
	}
	return c
}
