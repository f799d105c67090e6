package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"

	"github.com/spf13/pflag"
)

// profiler writes the CPU and heap profiles and the execution trace that
// the hidden --cpuprofile, --memprofile and --trace flags ask for: how the
// performance work measures where a real run spends its time, and when
// its cores sit idle, with the binary users run.
type profiler struct {
	cpu, mem, trace    string
	cpuFile, traceFile *os.File
}

func (p *profiler) flags(f *pflag.FlagSet) {
	f.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile to `FILE`")
	f.StringVar(&p.mem, "memprofile", "", "write a heap profile (all allocations) to `FILE` at exit")
	f.StringVar(&p.trace, "trace", "", "write an execution trace (go tool trace) to `FILE`")
	_ = f.MarkHidden("cpuprofile")
	_ = f.MarkHidden("memprofile")
	_ = f.MarkHidden("trace")
}

// start begins the CPU profile and the trace, if asked for.
func (p *profiler) start() error {
	if p.mem != "" {
		runtime.MemProfileRate = 4096
	}
	if err := startTo(&p.traceFile, p.trace, "trace", trace.Start); err != nil {
		return err
	}
	return startTo(&p.cpuFile, p.cpu, "cpu profile", pprof.StartCPUProfile)
}

// startTo creates the file name and calls begin with it, unless name is
// empty or *f is already open; what names the output in errors.
func startTo(f **os.File, name, what string, begin func(io.Writer) error) error {
	if name == "" || *f != nil {
		return nil
	}
	out, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := begin(out); err != nil {
		out.Close()
		return fmt.Errorf("%s: %w", what, err)
	}
	*f = out
	return nil
}

// stop ends the CPU profile and the trace and writes the heap profile.
func (p *profiler) stop() error {
	if p.traceFile != nil {
		trace.Stop()
		err := p.traceFile.Close()
		p.traceFile = nil
		if err != nil {
			return fmt.Errorf("trace: %w", err)
		}
	}
	if p.cpuFile != nil {
		pprof.StopCPUProfile()
		if err := p.cpuFile.Close(); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		p.cpuFile = nil
	}
	if p.mem == "" {
		return nil
	}
	f, err := os.Create(p.mem)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	return f.Close()
}
