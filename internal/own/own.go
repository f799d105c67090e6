// Package own names the files and directories domainshift itself writes,
// in one place for the packages that write them (rewrite) and those that
// must never scan them (scanner).
package own

import "strings"

// StateName is the name of the directory that holds the undo state
// (journal, originals, review decisions, lock) in the git directory or in
// the user's state directory.
const StateName = "domainshift"

// LegacyDir is the directory under the root where domainshift kept its
// undo state before it moved out of the tree. undo still reads one; it is
// never created any more, and the scanner skips it.
const LegacyDir = ".domainshift"

// TempSuffix ends the name of every temp file domainshift creates next to
// a file it replaces: ".NAME.domainshift-tmp".
const TempSuffix = ".domainshift-tmp"

// TempName is the name of the temp file used while replacing the file
// named base.
func TempName(base string) string { return "." + base + TempSuffix }

// IsTemp reports whether base, a file name, is one of domainshift's temp
// files: TempName's, or one an earlier version made with a further suffix
// (".NAME.domainshift-tmp-1").
func IsTemp(base string) bool {
	i := strings.Index(base, TempSuffix)
	return i > 1 && base[0] == '.'
}

// InLegacyDir reports whether p, a slash-separated path relative to the
// root, is the legacy state directory or under it.
func InLegacyDir(p string) bool {
	return p == LegacyDir || strings.HasPrefix(p, LegacyDir+"/") || strings.Contains(p, "/"+LegacyDir+"/") || strings.HasSuffix(p, "/"+LegacyDir)
}
