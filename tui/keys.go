package tui

import "charm.land/bubbles/v2/key"

// KeyMap is every key binding of the review UI. The help bar and the full
// help (?) are built from it, so what they show is what the keys do.
type KeyMap struct {
	Up         key.Binding
	Down       key.Binding
	NextFile   key.Binding
	PrevFile   key.Binding
	Accept     key.Binding
	Reject     key.Binding
	AcceptFile key.Binding
	RejectFile key.Binding
	AcceptSame key.Binding
	Undo       key.Binding
	Filter     key.Binding
	Context    key.Binding
	Write      key.Binding
	Help       key.Binding
	Quit       key.Binding
	ForceQuit  key.Binding

	// Dialogs and the filter prompt.
	Yes    key.Binding
	No     key.Binding
	Apply  key.Binding
	Cancel key.Binding
	Back   key.Binding // from the result screen to the review
	Close  key.Binding // closes the full help
}

// DefaultKeyMap returns the bindings described in issue 4 and the README.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("k/↑", "previous")),
		Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("j/↓", "next")),
		NextFile:   key.NewBinding(key.WithKeys("tab", "right"), key.WithHelp("tab/→", "next file")),
		PrevFile:   key.NewBinding(key.WithKeys("shift+tab", "left"), key.WithHelp("shift+tab/←", "previous file")),
		Accept:     key.NewBinding(key.WithKeys("y", "space"), key.WithHelp("y/space", "accept")),
		Reject:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "reject")),
		AcceptFile: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "accept file")),
		RejectFile: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "reject file")),
		AcceptSame: key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "accept all identical")),
		Undo:       key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo decision")),
		Filter:     key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter path/host")),
		Context:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "more context")),
		Write:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "write")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:       key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit now")),

		Yes:    key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:     key.NewBinding(key.WithKeys("n", "N", "esc", "q"), key.WithHelp("n/esc", "no")),
		Apply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear")),
		Back:   key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter", "back to review")),
		Close:  key.NewBinding(key.WithKeys("?", "esc", "q"), key.WithHelp("?/esc", "close help")),
	}
}

// ShortHelp is the one-line help bar.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Down, k.NextFile, k.Accept, k.Reject, k.Write, k.Quit, k.Help}
}

// FullHelp is what ? shows, one column per group.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.NextFile, k.PrevFile, k.Filter, k.Context},
		{k.Accept, k.Reject, k.AcceptFile, k.RejectFile, k.AcceptSame, k.Undo},
		{k.Write, k.Help, k.Quit, k.ForceQuit},
	}
}

// dialogKeys is the help of a yes/no dialog.
type dialogKeys struct{ yes, no key.Binding }

func (d dialogKeys) ShortHelp() []key.Binding  { return []key.Binding{d.yes, d.no} }
func (d dialogKeys) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }

// filterKeys is the help while typing a filter.
type filterKeys struct{ apply, cancel key.Binding }

func (f filterKeys) ShortHelp() []key.Binding  { return []key.Binding{f.apply, f.cancel} }
func (f filterKeys) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }
