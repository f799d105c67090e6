package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/domainshift/domainshift/verify/verifytest"
)

// TestVerifyLiveScripts runs testdata/script/verify_live/*.txtar, the
// verify scripts that need loopback servers: they start them with the
// verifyserver command. (The scripts that need no server live with the
// others in testdata/script.)
func TestVerifyLiveScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script/verify_live",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			env.Setenv("HOME", filepath.Join(env.WorkDir, ".home"))
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"verifyserver": verifyServerCmd,
			"schema":       schemaCmd,
		},
	})
}

// verifyServerCmd starts the loopback servers of verifytest for the rest
// of the script:
//
//	verifyserver [-cut DURATION] [TEMPLATE OUTPUT]...
//
// It writes the test CA to $WORK/ca.pem, sets $TLSPORT, $PLAINPORT and
// $PROXYPORT (the proxy cuts connections after -cut, 300ms by default),
// and writes each TEMPLATE to OUTPUT with those variables expanded (rules
// files need the ports).
func verifyServerCmd(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! verifyserver")
	}
	var opts verifytest.Options
	if len(args) >= 2 && args[0] == "-cut" {
		d, err := time.ParseDuration(args[1])
		ts.Check(err)
		opts.Cut, args = d, args[2:]
	}
	if len(args)%2 != 0 {
		ts.Fatalf("usage: verifyserver [-cut DURATION] [TEMPLATE OUTPUT]...")
	}
	srv, err := verifytest.Start(opts)
	ts.Check(err)
	ts.Defer(srv.Close)
	ts.Check(srv.CA.WriteFile(ts.MkAbs("ca.pem")))
	ts.Setenv("TLSPORT", verifytest.Port(srv.TLSAddr))
	ts.Setenv("PLAINPORT", verifytest.Port(srv.PlainAddr))
	ts.Setenv("PROXYPORT", verifytest.Port(srv.ProxyAddr))
	for i := 0; i < len(args); i += 2 {
		data, err := os.ReadFile(ts.MkAbs(args[i]))
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[i+1]), []byte(os.Expand(string(data), ts.Getenv)), 0o644))
	}
}
