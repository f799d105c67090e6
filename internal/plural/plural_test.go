package plural

import "testing"

func TestForms(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{Count(0, "file"), "0 files"},
		{Count(1, "file"), "1 file"},
		{Count(2, "deprecated mention"), "2 deprecated mentions"},
		{Word(1, "error"), "error"},
		{Word(3, "error"), "errors"},
		{Of(1, "entry", "entries"), "entry"},
		{Of(2, "entry", "entries"), "entries"},
		{Of(-1, "entry", "entries"), "entries"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
