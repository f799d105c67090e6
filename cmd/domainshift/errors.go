package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// Exit codes, the same for every command.
const (
	exitOK       = 0
	exitFindings = 1 // check found problems, verify saw a failure
	exitError    = 2 // usage, config or I/O error
)

// exitError carries an exit code, and optionally a hint, up to run.
type codeError struct {
	code int
	err  error  // nil: nothing more to print
	hint string // one line saying what to do, if anything
}

func (e *codeError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *codeError) Unwrap() error { return e.err }

// errFindings is returned by a command that ran fine and found problems.
var errFindings = &codeError{code: exitFindings}

// withHint wraps err with a hint line; the exit code is 2.
func withHint(err error, hint string) error {
	return &codeError{code: exitError, err: err, hint: hint}
}

// usageError is a usage error (exit 2) with a hint.
func usageError(hint, format string, args ...any) error {
	return &codeError{code: exitError, err: fmt.Errorf(format, args...), hint: hint}
}

// usageHint gives a usage error from cobra's parsing of the command line
// the hint that points at the help of the command c it was parsing. An
// unknown command loses cobra's blank lines and "Did you mean this?" list,
// which become the hint.
func usageHint(c *cobra.Command, err error) error {
	help := "run '" + c.CommandPath() + " --help' for usage"
	msg, rest, _ := strings.Cut(err.Error(), "\n")
	var suggest []string
	for _, line := range strings.Split(rest, "\n") {
		if s := strings.TrimSpace(line); s != "" && line != s && strings.HasPrefix(line, "\t") {
			suggest = append(suggest, "'"+c.CommandPath()+" "+s+"'")
		}
	}
	if len(suggest) > 0 {
		help = "did you mean " + strings.Join(suggest, " or ") + "? " + help
	}
	return &codeError{code: exitError, err: errors.New(msg), hint: help}
}

// printError prints err the way users see it and returns the exit code.
func printError(stderr io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	code, hint := exitError, ""
	var ce *codeError
	if errors.As(err, &ce) {
		code, hint = ce.code, ce.hint
		if ce.err == nil {
			return code
		}
	}
	for _, line := range strings.Split(strings.TrimRight(err.Error(), "\n"), "\n") {
		if line == "" {
			fmt.Fprintln(stderr) // a paragraph break, not a message
			continue
		}
		fmt.Fprintf(stderr, "domainshift: %s\n", line)
	}
	if hint != "" {
		fmt.Fprintf(stderr, "hint: %s\n", hint)
	}
	return code
}
