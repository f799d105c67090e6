package export

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/domainshift/domainshift/rewrite"
	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

// File is one [[exports]] entry with the content it should have.
type File struct {
	Export  rules.Export
	Content []byte
}

// SourceName is how headers name the rules file: its path relative to
// root, slash-separated, or its base name when it lies outside root. It
// never holds a machine-specific absolute path.
func SourceName(root, rulesFile string) string {
	absRoot, err1 := filepath.Abs(root)
	absRules, err2 := filepath.Abs(rulesFile)
	if err1 == nil && err2 == nil {
		if rel, err := filepath.Rel(absRoot, absRules); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.Base(rulesFile)
}

// Generate renders every [[exports]] entry of r; paths are relative to root.
func Generate(root string, r *rules.Rules) ([]File, error) {
	src := SourceName(root, r.File)
	var out []File
	for _, e := range r.Exports {
		if err := checkPath(e.Path); err != nil {
			return nil, fmt.Errorf("exports[%d]: %w", e.Index, err)
		}
		env, ok := r.Environment(e.Env)
		if !ok {
			return nil, fmt.Errorf("exports[%d]: unknown environment %q", e.Index, e.Env)
		}
		opts := Options{Source: src}
		if e.Format == "go" {
			opts.Package = goPackage(root, e.Path)
		}
		data, err := Render(env, e.Format, opts)
		if err != nil {
			return nil, fmt.Errorf("exports[%d]: %w", e.Index, err)
		}
		out = append(out, File{Export: e, Content: data})
	}
	return out, nil
}

// checkPath rejects export paths that would write outside the root.
func checkPath(p string) error {
	if p == "" || strings.Contains(p, `\`) || path.IsAbs(p) || filepath.IsAbs(p) {
		return fmt.Errorf("path %q must be relative to the root, with forward slashes", p)
	}
	if c := path.Clean(p); c == ".." || strings.HasPrefix(c, "../") || c == "." {
		return fmt.Errorf("path %q must name a file under the root", p)
	}
	return nil
}

// Drift is a declared export whose file is missing or differs from what
// Generate renders.
type Drift struct {
	Export  rules.Export
	Missing bool
	Line    int    // 1-based first line that differs
	Offset  int    // byte offset of that line in the file
	Text    string // that line of the file, without its newline; empty when missing
}

// Check compares every file with its content on disk under root. A file
// that cannot be read (other than missing) is returned as a FileError.
func Check(root string, files []File) ([]Drift, []scanner.FileError) {
	var drifts []Drift
	var errs []scanner.FileError
	for _, f := range files {
		got, err := readRegular(filepath.Join(root, filepath.FromSlash(f.Export.Path)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			drifts = append(drifts, Drift{Export: f.Export, Missing: true, Line: 1})
		case err != nil:
			errs = append(errs, scanner.FileError{Path: f.Export.Path, Err: err})
		case !equivalent(got, f.Content):
			d := Drift{Export: f.Export}
			d.Line, _, _ = firstDiff(normalize(got), f.Content)
			d.Offset, d.Text = lineAt(got, d.Line)
			drifts = append(drifts, d)
		}
	}
	return drifts, errs
}

// utf8BOM is the byte order mark some Windows editors put in front of a file.
var utf8BOM = []byte("\xef\xbb\xbf")

// equivalent reports whether the file content got is what export renders,
// want, up to how the file is stored: CRLF line endings (a checkout with
// core.autocrlf on Windows) and a UTF-8 byte order mark (an editor's) are
// not drift, so that check agrees on every platform and export --write
// does not fight git.
func equivalent(got, want []byte) bool {
	return bytes.Equal(got, want) || bytes.Equal(normalize(got), want)
}

// normalize drops a leading BOM and turns CRLF line endings into LF.
func normalize(b []byte) []byte {
	b = bytes.TrimPrefix(b, utf8BOM)
	if bytes.Contains(b, []byte("\r\n")) {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	return b
}

// styled returns want stored as the existing file got is: with its BOM,
// and with CRLF line endings when its first line ends in CRLF.
func styled(got, want []byte) []byte {
	var out []byte
	if bytes.HasPrefix(got, utf8BOM) {
		out = append(out, utf8BOM...)
	}
	if i := bytes.IndexByte(got, '\n'); i > 0 && got[i-1] == '\r' {
		return append(out, bytes.ReplaceAll(want, []byte("\n"), []byte("\r\n"))...)
	}
	return append(out, want...)
}

// lineAt returns the byte offset and the text (without its line ending)
// of the 1-based line n of b, or the end of b and "" past its last line.
func lineAt(b []byte, n int) (int, string) {
	off := 0
	for ; n > 1; n-- {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return len(b), ""
		}
		off += i + 1
	}
	line := b[off:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if off == 0 && bytes.HasPrefix(line, utf8BOM) {
		off, line = len(utf8BOM), line[len(utf8BOM):]
	}
	return off, strings.TrimSuffix(string(line), "\r")
}

// readRegular reads a regular file without following a symlink.
func readRegular(p string) ([]byte, error) {
	st, err := os.Lstat(p)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file (domainshift never follows symlinks)")
	}
	return os.ReadFile(p)
}

// firstDiff returns the 1-based number, offset and text of the first line
// of got that differs from want.
func firstDiff(got, want []byte) (line, off int, text string) {
	line = 1
	for {
		gi := bytes.IndexByte(got[off:], '\n')
		wi := bytes.IndexByte(want[off:], '\n')
		gl, wl := lineOf(got[off:], gi), lineOf(want[off:], wi)
		if !bytes.Equal(gl, wl) || gi < 0 || wi < 0 {
			return line, off, strings.TrimSuffix(string(gl), "\n")
		}
		off += gi + 1
		line++
	}
}

// lineOf is b up to and including its first newline at i (all of b when i < 0).
func lineOf(b []byte, i int) []byte {
	if i < 0 {
		return b
	}
	return b[:i+1]
}

// Finding turns the drift into a check finding: severity error, at the
// first differing line of the export path.
func (d Drift) Finding() scanner.Finding {
	f := scanner.Finding{
		Rule:        rules.RuleSSOTDrift,
		Path:        d.Export.Path,
		Line:        d.Line,
		Column:      1,
		Offset:      d.Offset,
		Length:      len(d.Text),
		Match:       d.Text,
		Severity:    rules.SeverityError,
		Environment: d.Export.Env,
		RuleIndex:   -1,
	}
	what := fmt.Sprintf("%s export of environment %s", d.Export.Format, d.Export.Env)
	if d.Missing {
		f.Message = fmt.Sprintf("generated file missing (exports[%d]: %s); run `domainshift export --write`", d.Export.Index, what)
	} else {
		f.Message = fmt.Sprintf("generated file out of date at line %d (exports[%d]: %s); run `domainshift export --write`", d.Line, d.Export.Index, what)
	}
	return f
}

// Write writes every file whose content on disk differs, atomically,
// creating parent directories, keeping an existing file's CRLF line endings
// and BOM; it returns the paths it wrote. It stops at
// the first error; the files written before it stay written.
func Write(root string, files []File) ([]string, error) {
	var written []string
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.Export.Path))
		got, err := readRegular(p)
		if err == nil && equivalent(got, f.Content) {
			continue
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return written, fmt.Errorf("%s: %w", f.Export.Path, unwrapPath(err))
		}
		if err := writeAtomic(p, styled(got, f.Content)); err != nil {
			return written, fmt.Errorf("write %s: %w", f.Export.Path, err)
		}
		written = append(written, f.Export.Path)
	}
	return written, nil
}

// writeAtomic creates the directory of p and replaces p with data through
// rewrite's atomic write, keeping the permission bits of an existing file.
func writeAtomic(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return unwrapPath(err)
	}
	return rewrite.WriteFile(p, data, 0o644)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
