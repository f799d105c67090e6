package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaDir holds the JSON Schemas of every JSON output, as published;
// found from this file, since some tests change the working directory.
var schemaDir = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "schema")
}()

// compileSchema compiles schema/NAME.schema.json, with the other schemas
// of the directory available to its $refs.
func compileSchema(name string) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	files, err := filepath.Glob(filepath.Join(schemaDir, "*.schema.json"))
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		// $id is the published address; its last element names the file.
		if err := c.AddResource("https://github.com/domainshift/domainshift/schema/"+filepath.Base(f), doc); err != nil {
			return nil, err
		}
	}
	return c.Compile("https://github.com/domainshift/domainshift/schema/" + name + ".schema.json")
}

// validateJSON validates data against schema/NAME.schema.json.
func validateJSON(name string, data []byte) error {
	sch, err := compileSchema(name)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return sch.Validate(inst)
}

// schemaCmd is the testscript command
//
//	schema NAME FILE
//
// which fails unless FILE (or stdout, the last command's output) is valid
// under schema/NAME.schema.json.
func schemaCmd(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: schema NAME FILE|stdout")
	}
	var data []byte
	if args[1] == "stdout" {
		data = []byte(ts.ReadFile("stdout"))
	} else {
		var err error
		data, err = os.ReadFile(ts.MkAbs(args[1]))
		ts.Check(err)
	}
	err := validateJSON(args[0], data)
	switch {
	case err != nil && !neg:
		ts.Fatalf("%s is not a valid %s document: %v", args[1], args[0], err)
	case err == nil && neg:
		ts.Fatalf("%s is a valid %s document", args[1], args[0])
	}
}

// TestSchemasCompile: every schema in schema/ is a valid draft 2020-12
// schema, and rejects what its contract rules out.
func TestSchemasCompile(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(schemaDir, "*.schema.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no schemas in %s: %v", schemaDir, err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".schema.json")
		if _, err := compileSchema(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, tc := range []struct{ schema, doc string }{
		{"report", `{"version": 2, "findings": [], "stats": {"files": 0, "bytes": 0, "findings": 0, "fixable": 0}}`},
		{"report", `{"version": 1, "findings": [], "stats": {"files": 0, "bytes": 0, "findings": 0, "fixable": 0}, "extra": 1}`},
		{"hosts", `{"version": 1, "hosts": [{"host": "a.example.com", "status": "deprecated -> b.example.com", "replacement": "", "environments": [], "roles": [], "mentions": 1, "files": 1}]}`},
		{"gitlab", `[{"description": "d", "check_name": "c", "fingerprint": "f", "severity": "error", "location": {"path": "a", "lines": {"begin": 1}}}]`},
	} {
		if err := validateJSON(tc.schema, []byte(tc.doc)); err == nil {
			t.Errorf("%s accepts %s", tc.schema, tc.doc)
		}
	}
}
