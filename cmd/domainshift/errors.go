package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
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
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(stderr, "domainshift: %s\n", line)
	}
	if hint != "" {
		fmt.Fprintf(stderr, "hint: %s\n", hint)
	}
	return code
}
