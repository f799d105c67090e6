// Package scanner selects the files of a repository (git-aware, honouring
// ignore files, include and exclude globs, skipping binaries, symlinks and
// oversized files) and finds every host reference that rules.toml cares
// about, returning findings with byte-exact spans. It never prints and never
// writes.
package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/domainshift/domainshift/rules"
)

// Finding is one problem at one span of one file.
type Finding struct {
	Rule        string
	Path        string // slash-separated, relative to the root
	Line        int    // 1-based
	Column      int    // 1-based, in bytes
	Offset      int    // byte offset of the span
	Length      int    // byte length of the span
	Match       string // the bytes of the span
	Replacement string
	Severity    rules.Severity
	Message     string
	Environment string

	Host      string // the decoded lower-case host the finding is about (a templated host's placeholders as written)
	Reason    string // the reason rules.toml gives, if any
	RuleIndex int    // index into rules.Deprecated for deprecated-host, else -1

	// CharColumn is Column counted in Unicode code points (1-based), for
	// reports whose consumers count characters (SARIF, checkstyle).
	CharColumn int
	// LineHash identifies the content of the finding's line independently
	// of where the line is: see LineHash. Baselines and SARIF fingerprints
	// use it so that line shifts do not change a finding's identity.
	LineHash string
}

// LineHash returns a short hex hash of line with surrounding whitespace
// trimmed and inner runs of whitespace collapsed to one space, so that
// re-indenting a line or changing its line ending keeps the hash.
func LineHash(line []byte) string {
	h := sha256.Sum256([]byte(strings.Join(strings.Fields(string(line)), " ")))
	return hex.EncodeToString(h[:8])
}

// Fixable reports whether the finding carries a replacement.
func (f Finding) Fixable() bool { return f.Replacement != "" }

// Hash is the SHA-256 of a file's content as it was scanned.
type Hash [sha256.Size]byte

// HashOf returns the Hash of data.
func HashOf(data []byte) Hash { return sha256.Sum256(data) }

// File is the outcome of scanning one file.
type File struct {
	Path string
	Size int64
	Hash Hash // of the content as stored; set when the file has findings
	// Encoding is how the content is stored, set when the file has
	// findings: their offsets are in the text decoded from it.
	Encoding Encoding
	Findings []Finding

	// AllFindings, set by ScanSince and ScanStaged, are every finding of
	// the content scanned, of which Findings are those on changed lines:
	// what fingerprints and baselines number occurrences among.
	AllFindings []Finding
}

// FileError is a file that could not be scanned.
type FileError struct {
	Path string
	Err  error
}

func (e *FileError) Error() string { return e.Path + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Skip is a file that was left out on purpose, with the reason.
type Skip struct {
	Path   string
	Reason string // "binary", "symlink", "too large (12 MiB > 8 MiB)"
}

// Stats sums up a scan.
type Stats struct {
	Files    int   // files scanned
	Bytes    int64 // bytes scanned
	Findings int   // findings reported
	Fixable  int   // findings with a replacement
}

// HostCount is one line of the host inventory.
type HostCount struct {
	Host     string   // lower case; a templated host's placeholders as written
	Template Template // how a templated host is written; zero for a plain host
	Mentions int
	Files    int
	Allowed  int // mentions whose findings were all exempted by allow entries or inline comments
}

// Result is the outcome of a scan, in a deterministic order.
type Result struct {
	Root   string
	Files  []File      // files with findings, by path
	Errors []FileError // files that could not be read, by path
	Skips  []Skip      // files left out on purpose (only the notable ones: too large, undecodable text, domainshift's reports)
	Stats  Stats
	Hosts  []HostCount // the inventory, when Options.Inventory; by host

	// StaleAllow and StaleKeep are the indices of the allow and keep entries
	// that matched nothing in this scan.
	StaleAllow []int
	StaleKeep  []int
}

// Findings returns every finding, ordered by path and offset.
func (r *Result) Findings() []Finding {
	var out []Finding
	for _, f := range r.Files {
		out = append(out, f.Findings...)
	}
	return out
}
