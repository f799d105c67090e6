package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/domainshift/domainshift/internal/plural"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/domainshift/domainshift/scanner"
)

// progressDelayEnv names the variable that sets how long a scan runs
// before its progress line shows (a Go duration; 0 shows it at once).
const progressDelayEnv = "DOMAINSHIFT_PROGRESS_DELAY"

const (
	defaultProgressDelay = 300 * time.Millisecond // a shorter scan shows nothing
	progressEvery        = 100 * time.Millisecond // how often the line is redrawn
)

// setProgress decides whether cmd's scans may show a progress line: on a
// terminal's stderr (not a dumb one), without -q, and not while a
// machine-readable format goes to stdout, where a person is not reading.
func (a *app) setProgress(cmd *cobra.Command) error {
	a.progressDelay = defaultProgressDelay
	if v := os.Getenv(progressDelayEnv); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return usageError("write a duration such as 300ms, or 0 to show it at once", "invalid %s %q", progressDelayEnv, v)
		}
		a.progressDelay = d
	}
	f, ok := a.stderr.(*os.File)
	a.progress = ok && isatty.IsTerminal(f.Fd()) && os.Getenv("TERM") != "dumb" && !a.quiet && !machineOnStdout(cmd)
	return nil
}

// machineOnStdout reports whether cmd's --format flags, paired in order
// with its --output flags ("-" or none being stdout), put a format other
// than text on stdout.
func machineOnStdout(cmd *cobra.Command) bool {
	formats, outputs := flagValues(cmd, "format"), flagValues(cmd, "output")
	for i, format := range formats {
		out := "-"
		if i < len(outputs) {
			out = outputs[i]
		}
		if format != "" && format != "text" && out == "-" {
			return true
		}
	}
	return false
}

// flagValues returns the values of cmd's flag name, none when it has no
// such flag.
func flagValues(cmd *cobra.Command, name string) []string {
	f := cmd.Flags().Lookup(name)
	if f == nil {
		return nil
	}
	if s, ok := f.Value.(pflag.SliceValue); ok {
		return s.GetSlice()
	}
	return []string{f.Value.String()}
}

// startProgress counts what the scan of opts does, through its OnFile
// (the scanner only reports; the drawing is here), and when the command
// may show progress draws one line on stderr from the progress delay on,
// redrawn in place. The returned stop erases it.
func (a *app) startProgress(opts *scanner.Options) (stop func()) {
	if !a.progress {
		return func() {}
	}
	p := &progressLine{w: a.stderr, start: time.Now()}
	next := opts.OnFile
	opts.OnFile = func(f scanner.File) {
		p.files.Add(1)
		p.bytes.Add(f.Size)
		p.findings.Add(int64(len(f.Findings)))
		if next != nil {
			next(f)
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	if a.progressDelay == 0 {
		p.draw(time.Now()) // at once, however short the scan
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		wait := time.NewTimer(a.progressDelay)
		defer wait.Stop()
		select {
		case <-wait.C:
		case <-done:
			return
		}
		tick := time.NewTicker(progressEvery)
		defer tick.Stop()
		for {
			p.draw(time.Now())
			select {
			case <-tick.C:
			case <-done:
				return
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		p.clear()
	}
}

// progressLine is the line a running scan shows on a terminal.
type progressLine struct {
	w                      io.Writer
	start                  time.Time
	files, bytes, findings atomic.Int64
	drawn                  bool // only touched by draw and clear, which never run at once
}

// draw redraws the line as of now: \r and erase to the end of the line,
// so that it stays one line.
func (p *progressLine) draw(now time.Time) {
	mb := float64(p.bytes.Load()) / 1e6
	rate := 0.0
	if s := now.Sub(p.start).Seconds(); s > 0 {
		rate = mb / s
	}
	fmt.Fprintf(p.w, "\rscanning: %s, %.1f MB, %s, %.1f MB/s\x1b[K",
		plural.Count(int(p.files.Load()), "file"), mb, plural.Count(int(p.findings.Load()), "finding"), rate)
	p.drawn = true
}

// clear erases the line if it was drawn, so that what follows starts on
// a clean line.
func (p *progressLine) clear() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}
