// Package tui is the interactive review of domainshift: a bubbletea program
// that streams findings from the scanner while it runs, shows each change
// as a hunk with the old and new host highlighted, records the person's
// decisions (saving them as they go, so a review can be resumed), and
// writes only the accepted changes through rewrite's safe path. It talks to
// the scanner and rewrite only through their APIs.
package tui

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/domainshift/domainshift/internal/plural"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/domainshift/domainshift/rewrite"
	"github.com/domainshift/domainshift/rules"
	"github.com/domainshift/domainshift/scanner"
)

// Config is what a review works on.
type Config struct {
	Root    string          // the directory finding paths are relative to
	Rules   *rules.Rules    // the loaded rules
	Options scanner.Options // the scan; OnFile is set by the review
	Resume  bool            // load the decisions saved by an earlier review

	// StateDir is where the decisions, the journal and the lock go; empty:
	// rewrite.LocateState(Root, "").
	StateDir string

	// Context cancels the scan; nil means context.Background.
	Context context.Context
	// QueryBackground asks the terminal for its background colour when the
	// program starts. The answer, if one ever comes, arrives as a message
	// and picks the colours for it; until then, and on terminals that never
	// answer, the colours are ones that read on dark and light.
	QueryBackground bool
}

// mode is what the screen shows and where keys go.
type mode int

const (
	modeReview mode = iota
	modeFilter
	modeHelp
	modeDialog
	modeWriting
	modeResult
)

// contextSteps are the hunk context sizes c cycles through.
var contextSteps = [...]int{rewrite.DefaultContext, 6, 12}

// Model is the root model: it owns the review state, routes messages to
// the file list, the change view, the help, the dialogs and the result
// screen, and runs the commands that scan, save and write.
type Model struct {
	cfg    Config
	ctx    context.Context
	cancel context.CancelFunc
	keys   KeyMap
	styles Styles
	help   help.Model

	width, height int
	mode          mode
	rv            review

	// The scan.
	stream     *scanStream
	scanning   bool
	scanned    int // files scanned so far
	found      int // findings so far
	unreadable int
	scanErr    error

	// Saved decisions.
	store   *store
	seq     int
	pending map[string][]savedDecision // loaded, by path, for files not seen yet
	resumed int
	dropped int

	dlg     dialog
	context int // index into contextSteps
	status  string
	isError bool
	result  *rewrite.Result
	quit    bool

	hunk    hunkCache
	touched bool // a key was pressed on the review screen
}

// New returns the review model for cfg. With cfg.Resume it loads the
// saved decisions, which apply as the files are scanned.
func New(cfg Config) (*Model, error) {
	ctx := cfg.Context
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithCancel(ctx)
	m := &Model{
		cfg:      cfg,
		ctx:      ctx,
		cancel:   cancel,
		keys:     DefaultKeyMap(),
		styles:   DefaultStyles(BackgroundUnknown),
		help:     help.New(),
		scanning: true,
		store:    &store{root: cfg.Root, dir: cfg.StateDir},
	}
	m.help.ShortSeparator = "  "
	m.help.Styles = m.styles.Help
	switch {
	case cfg.Resume:
		byPath, _, err := m.store.load()
		if err != nil {
			cancel()
			return nil, err
		}
		m.pending = byPath
	case m.store.has():
		m.status = "an earlier review saved decisions: quit and run 'domainshift review --resume' to load them"
	}
	return m, nil
}

// Init starts the scan and, if asked, the background colour query; the
// program never waits for its answer.
func (m *Model) Init() tea.Cmd {
	scan := startScan(m.ctx, m.cfg.Rules, m.cfg.Options)
	if !m.cfg.QueryBackground {
		return scan
	}
	return tea.Batch(scan, tea.RequestBackgroundColor)
}

// Update routes msg: scan, write and size messages to the root, keys to
// whatever has the focus.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.help.SetWidth(msg.Width)
		return m, nil
	case tea.BackgroundColorMsg:
		bg := BackgroundLight
		if msg.IsDark() {
			bg = BackgroundDark
		}
		m.styles = DefaultStyles(bg)
		m.help.Styles = m.styles.Help
		m.hunk = hunkCache{} // rendered with the old styles
		return m, nil
	case scanStartedMsg:
		m.stream = msg.s
		return m, m.stream.next()
	case fileMsg:
		m.addFile(scanner.File(msg))
		return m, m.stream.next()
	case scanDoneMsg:
		return m, m.scanDone(msg)
	case writtenMsg:
		return m, m.written(msg)
	case saveErrMsg:
		m.setError("decisions not saved: %v", msg.err)
		return m, nil
	case tea.KeyPressMsg:
		if key.Matches(msg, m.keys.ForceQuit) {
			return m, m.exit()
		}
		m.status, m.isError = "", false
		var cmd tea.Cmd
		switch m.mode {
		case modeReview:
			m.touched = true
			cmd = m.reviewKey(msg)
		case modeFilter:
			m.filterKey(msg)
		case modeHelp:
			if key.Matches(msg, m.keys.Close) {
				m.mode = modeReview
			}
		case modeDialog:
			cmd = m.dialogKey(msg)
		case modeResult:
			cmd = m.resultKey(msg)
		}
		m.load()
		return m, cmd
	}
	return m, nil
}

// addFile takes one scanned file: progress, findings and resumed
// decisions.
func (m *Model) addFile(sf scanner.File) {
	m.scanned++
	m.found += len(sf.Findings)
	saved := m.pending[sf.Path]
	if saved != nil {
		delete(m.pending, sf.Path)
	}
	if len(sf.Findings) == 0 {
		m.dropped += len(saved)
		return
	}
	f := m.rv.add(sf)
	if saved != nil {
		m.applySaved(f, saved)
	}
	if !m.touched {
		// Files arrive in completion order; until the person acts, the
		// cursor stays on the first change in path order.
		m.rv.cur = ref{}
		m.rv.stale = true
	}
	m.load()
}

// applySaved applies the saved decisions that still fit the file's
// content and counts the others as dropped.
func (m *Model) applySaved(f *fileEntry, saved []savedDecision) {
	byKey := make(map[changeKey]int, len(f.changes))
	for i := range f.changes {
		byKey[keyOf(f, &f.changes[i])] = i
	}
	for _, s := range saved {
		i, ok := byKey[s.key()]
		if !ok || !f.changes[i].fixable() {
			m.dropped++
			continue
		}
		m.rv.set(ref{f, i}, s.decision())
		m.resumed++
	}
}

func (m *Model) scanDone(msg scanDoneMsg) tea.Cmd {
	m.scanning = false
	if msg.err != nil {
		m.scanErr = msg.err
		m.setError("scan failed: %v", msg.err)
		return nil
	}
	m.unreadable = len(msg.res.Errors)
	if m.cfg.Resume {
		m.status = fmt.Sprintf("resumed %s", plural.Count(m.resumed, "decision"))
		if m.dropped > 0 {
			m.status += fmt.Sprintf("; dropped %d whose file changed since", m.dropped)
		}
	}
	return nil
}

// load reads the current file's content for the change view, once.
func (m *Model) load() {
	if m.rv.current() == nil {
		return
	}
	f := m.rv.cur.f
	if f.loaded {
		return
	}
	f.loaded = true
	f.src, f.srcErr = rewrite.Source(m.cfg.Root, rewrite.FilePlan{Path: f.path, Size: f.size, Hash: f.hash, Encoding: f.enc})
}

// save returns the command that saves the decisions as they are now.
func (m *Model) save() tea.Cmd {
	m.seq++
	var carried []savedDecision
	for _, p := range slices.Sorted(maps.Keys(m.pending)) {
		carried = append(carried, m.pending[p]...)
	}
	return saveDecisions(m.store, m.seq, m.rv.snapshot(carried))
}

func (m *Model) exit() tea.Cmd {
	m.quit = true
	m.cancel()
	return tea.Quit
}

func (m *Model) setError(format string, args ...any) {
	m.status, m.isError = fmt.Sprintf(format, args...), true
}

// Summary is one line for the terminal after the program ends: what was
// decided and written.
func (m *Model) Summary() string {
	changes, files := m.rv.pending()
	s := fmt.Sprintf("%d accepted, %d rejected, %d undecided", m.rv.accepted, m.rv.rejected, m.rv.undecided())
	if changes > 0 {
		s += fmt.Sprintf("; %s in %s not written (decisions saved: 'domainshift review --resume')", plural.Count(changes, "accepted change"), plural.Count(files, "file"))
	}
	return s
}

// Written returns what the last write did, or nil.
func (m *Model) Written() *rewrite.Result { return m.result }
