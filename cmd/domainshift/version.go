package main

import "runtime/debug"

// buildVersion is set by release builds (-ldflags "-X main.buildVersion=v1.2.3",
// as the Dockerfile and .goreleaser.yaml do); empty otherwise.
var buildVersion string

// version returns the version a release build was stamped with, else the
// module version the binary was built from, or "devel" for a build from a
// work tree.
func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
