package own

import "testing"

func TestIsTemp(t *testing.T) {
	for name, want := range map[string]bool{
		".a.txt.domainshift-tmp":  true,
		TempName("app.py"):        true,
		".a.py.domainshift-tmp-1": true,
		".domainshift-tmp":        false,
		"a.domainshift-tmp":       false,
		".a.txt":                  false,
	} {
		if got := IsTemp(name); got != want {
			t.Errorf("IsTemp(%q) = %v", name, got)
		}
	}
}

func TestInLegacyDir(t *testing.T) {
	for p, want := range map[string]bool{
		".domainshift":               true,
		".domainshift/journal":       true,
		"sub/.domainshift/journal":   true,
		"sub/.domainshift":           true,
		".domainshift-notes.md":      false,
		"docs/domainshift/README.md": false,
	} {
		if got := InLegacyDir(p); got != want {
			t.Errorf("InLegacyDir(%q) = %v", p, got)
		}
	}
}
