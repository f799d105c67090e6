package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/domainshift/domainshift/rewrite"
	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

// Messages from the commands below.
type (
	// scanStartedMsg carries the stream of a scan that has begun.
	scanStartedMsg struct{ s *scanStream }
	// fileMsg is one scanned file, with or without findings.
	fileMsg scanner.File
	// scanDoneMsg ends the stream.
	scanDoneMsg struct {
		res *scanner.Result
		err error
	}
	// writtenMsg is the outcome of w.
	writtenMsg struct {
		res *rewrite.Result
		err error
	}
	// saveErrMsg reports that decisions could not be saved.
	saveErrMsg struct{ err error }
)

// scanStream hands the scanner's files to the UI one message at a time, as
// glow does with its file search: each fileMsg schedules the next read.
type scanStream struct {
	files chan scanner.File
	done  chan scanDoneMsg
}

// startScan returns the command that starts scanning in the background.
func startScan(ctx context.Context, r *rules.Rules, opts scanner.Options) tea.Cmd {
	return func() tea.Msg {
		s := &scanStream{files: make(chan scanner.File, 64), done: make(chan scanDoneMsg, 1)}
		opts.OnFile = func(f scanner.File) {
			select {
			case s.files <- f:
			case <-ctx.Done():
			}
		}
		go func() {
			res, err := scanner.Scan(ctx, r, opts)
			close(s.files)
			s.done <- scanDoneMsg{res, err}
		}()
		return scanStartedMsg{s}
	}
}

// next returns the command that reads the next file, or the end.
func (s *scanStream) next() tea.Cmd {
	return func() tea.Msg {
		if f, ok := <-s.files; ok {
			return fileMsg(f)
		}
		return <-s.done
	}
}

// writeAccepted returns the command that writes plans through rewrite's
// safe path: stale check, journal, atomic replace.
func writeAccepted(root, stateDir string, plans []rewrite.FilePlan) tea.Cmd {
	return func() tea.Msg {
		res, err := rewrite.Write(root, plans, rewrite.WriteOptions{StateDir: stateDir})
		return writtenMsg{res, err}
	}
}

// saveDecisions returns the command that saves a snapshot of decisions.
func saveDecisions(s *store, seq int, ds []savedDecision) tea.Cmd {
	return func() tea.Msg {
		if err := s.save(seq, ds); err != nil {
			return saveErrMsg{err}
		}
		return nil
	}
}

// plans returns what w writes: the accepted changes of every file not yet
// written, by path.
func (r *review) plans() []rewrite.FilePlan {
	var out []rewrite.FilePlan
	for _, f := range r.files {
		if f.written || f.accepted == 0 {
			continue
		}
		var fds []scanner.Finding
		for i := range f.changes {
			if c := &f.changes[i]; c.decision == Accepted && c.fixable() {
				fds = append(fds, c.Finding)
			}
		}
		out = append(out, rewrite.FilePlan{Path: f.path, Size: f.size, Hash: f.hash, Edits: rewrite.Edits(fds), Encoding: f.enc})
	}
	return out
}
