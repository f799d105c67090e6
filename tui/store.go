package tui

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/domainshift/domainshift/rewrite"
)

// decisionsFile is where decisions are saved, in the state directory.
const decisionsFile = "review.json"

// savedDecision is one decision in review.json. A decision applies to a
// change only if the file still has the same content (hash) and the change
// sits at the same offset with the same old and new text.
type savedDecision struct {
	Path     string `json:"path"`
	Hash     string `json:"hash"` // hex SHA-256 of the file as scanned
	Offset   int    `json:"offset"`
	Old      string `json:"old"`
	New      string `json:"new"`
	Rule     string `json:"rule"`
	Decision string `json:"decision"` // "accept" or "reject"
}

type savedFile struct {
	Version   int             `json:"version"`
	Decisions []savedDecision `json:"decisions"`
}

// changeKey identifies the change a saved decision is about.
type changeKey struct {
	hash   string
	offset int
	old    string
	new    string
}

func keyOf(f *fileEntry, c *change) changeKey {
	return changeKey{hex.EncodeToString(f.hash[:]), c.Offset, c.Match, c.Replacement}
}

func (s savedDecision) key() changeKey { return changeKey{s.Hash, s.Offset, s.Old, s.New} }

func (s savedDecision) decision() Decision {
	switch s.Decision {
	case "accept":
		return Accepted
	case "reject":
		return Rejected
	}
	return Undecided
}

// store writes review.json. Saves run in commands, so they may finish out
// of order; seq makes sure an older snapshot never replaces a newer one.
type store struct {
	root string
	dir  string // the state directory; empty: the default of root
	mu   sync.Mutex
	seq  int
}

// path is the decisions file; "" when the state directory is unknown.
func (s *store) path() string {
	dir := s.dir
	if dir == "" {
		var err error
		if dir, err = rewrite.LocateState(s.root, ""); err != nil {
			return ""
		}
	}
	return filepath.Join(dir, decisionsFile)
}

// load reads the saved decisions, by path; none if there is no file.
func (s *store) load() (map[string][]savedDecision, int, error) {
	p := s.path()
	if p == "" {
		return nil, 0, nil
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	var sf savedFile
	if err := json.Unmarshal(data, &sf); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", p, err)
	}
	if sf.Version != 1 {
		return nil, 0, fmt.Errorf("%s: unknown version %d", p, sf.Version)
	}
	byPath := map[string][]savedDecision{}
	for _, d := range sf.Decisions {
		if d.decision() != Undecided {
			byPath[d.Path] = append(byPath[d.Path], d)
		}
	}
	return byPath, len(sf.Decisions), nil
}

// has reports whether an earlier review saved decisions.
func (s *store) has() bool {
	p := s.path()
	if p == "" {
		return false
	}
	_, err := os.Lstat(p)
	return err == nil
}

// save writes snapshot number seq, unless a later one is already written.
// It writes a temp file and renames it, so review.json is always whole.
func (s *store) save(seq int, ds []savedDecision) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if seq <= s.seq {
		return nil
	}
	s.seq = seq
	path, err := rewrite.StateFile(s.root, s.dir, decisionsFile)
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []savedDecision{}
	}
	data, err := json.MarshalIndent(savedFile{Version: 1, Decisions: ds}, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return err
	}
	return nil
}

// snapshot returns the decisions to save: those of every file not written
// yet, plus the loaded ones for files this review did not scan.
func (r *review) snapshot(carried []savedDecision) []savedDecision {
	out := append([]savedDecision(nil), carried...)
	for _, f := range r.files {
		if f.written || f.accepted+f.rejected == 0 {
			continue
		}
		h := hex.EncodeToString(f.hash[:])
		for i := range f.changes {
			c := &f.changes[i]
			var d string
			switch c.decision {
			case Accepted:
				d = "accept"
			case Rejected:
				d = "reject"
			default:
				continue
			}
			out = append(out, savedDecision{Path: f.path, Hash: h, Offset: c.Offset, Old: c.Match, New: c.Replacement, Rule: c.Rule, Decision: d})
		}
	}
	return out
}
