package report

import (
	"io"

	"github.com/domainshift/domainshift/rewrite"
)

// DiffJSONVersion is the version of diff's JSON shape
// (schema/diff.schema.json).
const DiffJSONVersion = 1

// DiffFile is one file of a diff with the content it was computed from.
type DiffFile struct {
	Diff   *rewrite.FileDiff
	Source []byte         // the content the edits apply to
	Edits  []rewrite.Edit // sorted by offset
}

type diffJSON struct {
	Version int            `json:"version"`
	Files   []diffFileJSON `json:"files"`
	Stats   diffStatsJSON  `json:"stats"`
}

type diffFileJSON struct {
	Path    string         `json:"path"`
	Added   int            `json:"added"`
	Removed int            `json:"removed"`
	Edits   []diffEditJSON `json:"edits"`
}

type diffEditJSON struct {
	Line   int    `json:"line"`   // 1-based
	Column int    `json:"column"` // 1-based, in bytes
	Offset int    `json:"offset"`
	Length int    `json:"length"`
	Old    string `json:"old"`
	New    string `json:"new"`
}

type diffStatsJSON struct {
	Files   int `json:"files"`
	Edits   int `json:"edits"`
	Added   int `json:"added"`
	Removed int `json:"removed"`
}

// WriteDiffJSON writes what diff would change as JSON: per file, its line
// counts and every edit with its position and old and new text.
func WriteDiffJSON(w io.Writer, files []DiffFile) error {
	out := diffJSON{Version: DiffJSONVersion, Files: make([]diffFileJSON, len(files))}
	for i, f := range files {
		fj := diffFileJSON{Path: f.Diff.Path, Added: f.Diff.Added, Removed: f.Diff.Removed, Edits: make([]diffEditJSON, len(f.Edits))}
		line, lineStart, at := 1, 0, 0
		for j, e := range f.Edits {
			for ; at < e.Offset && at < len(f.Source); at++ {
				if f.Source[at] == '\n' {
					line, lineStart = line+1, at+1
				}
			}
			fj.Edits[j] = diffEditJSON{
				Line: line, Column: e.Offset - lineStart + 1, Offset: e.Offset, Length: e.Len,
				Old: string(f.Source[e.Offset : e.Offset+e.Len]), New: string(e.New),
			}
		}
		out.Files[i] = fj
		out.Stats.Files++
		out.Stats.Edits += len(f.Edits)
		out.Stats.Added += f.Diff.Added
		out.Stats.Removed += f.Diff.Removed
	}
	return encodeJSON(w, out)
}
