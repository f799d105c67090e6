// Package plural is the one place where a count chooses the form of its
// noun, so every output says "1 file" and "2 files" the same way.
package plural

import "strconv"

// Count returns "1 file" or "2 files".
func Count(n int, word string) string { return strconv.Itoa(n) + " " + Word(n, word) }

// Word returns word, or word+"s" unless n is 1.
func Word(n int, word string) string { return Of(n, word, word+"s") }

// Of returns one when n is 1 and many otherwise, for nouns whose plural
// is not word+"s" ("entry", "entries").
func Of(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
