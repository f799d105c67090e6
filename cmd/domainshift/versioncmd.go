package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

func (a *app) versionCommand() *cobra.Command {
	var short bool
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version and build information",
		Long: `version prints the domainshift version (the module version for a binary
installed with go install, "devel" for one built from a work tree), the Go
version and platform it was built with and, when the build recorded them,
the VCS revision, its commit time and whether the work tree was modified.

Exit status: 0, or 2 on a usage error.`,
		Example: `  domainshift version
  domainshift version --short   # just the version, for scripts`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			w := cmd.OutOrStdout()
			if short {
				_, err := fmt.Fprintln(w, version())
				return err
			}
			bi, _ := debug.ReadBuildInfo()
			return writeVersion(w, version(), bi)
		},
	}
	cmd.Flags().BoolVar(&short, "short", false, "print only the version")
	return cmd
}

// writeVersion prints the version and what bi recorded about the build;
// bi may be nil.
func writeVersion(w io.Writer, v string, bi *debug.BuildInfo) error {
	goVersion := runtime.Version()
	if bi != nil && bi.GoVersion != "" {
		goVersion = bi.GoVersion
	}
	lines := [][2]string{{"go", goVersion}, {"platform", runtime.GOOS + "/" + runtime.GOARCH}}
	if bi != nil {
		settings := map[string]string{}
		for _, s := range bi.Settings {
			settings[s.Key] = s.Value
		}
		for _, k := range []struct{ key, label string }{{"vcs.revision", "revision"}, {"vcs.time", "time"}, {"vcs.modified", "modified"}} {
			if val := settings[k.key]; val != "" {
				lines = append(lines, [2]string{k.label, val})
			}
		}
	}
	if _, err := fmt.Fprintf(w, "domainshift %s\n", v); err != nil {
		return err
	}
	for _, l := range lines {
		if _, err := fmt.Fprintf(w, "  %-9s %s\n", l[0], l[1]); err != nil {
			return err
		}
	}
	return nil
}
