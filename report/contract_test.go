package report

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/domainshift/domainshift/scanner"
)

// contracts pairs every schema in schema/ with the type whose JSON the
// schema describes. Each is report's own type, filled field by field
// from the engines' values, so that renaming or adding an engine field
// cannot change what a script reads.
var contracts = map[string]any{
	"report":       jsonReport{},
	"hosts":        hostsJSON{},
	"diff":         diffJSON{},
	"apply":        ApplySummary{},
	"merge":        Fleet{},
	"gitlab":       []gitlabIssue{},
	"verify":       verifyJSON{},
	"verify-watch": watchJSON{},
}

// notWritten are the schemas of documents report does not write, and who does.
var notWritten = map[string]string{
	"rules": "rules.toml, an input",
}

// TestContracts: the JSON field set of every output type is its schema's,
// level by level: the same properties, the non-omitempty fields required
// and the omitempty ones not, and the same JSON types. A field added,
// renamed or retyped without its schema fails here, before a consumer
// does.
func TestContracts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "schema", "*.schema.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no schemas in ../schema: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".schema.json")
		_, written := contracts[name]
		if _, other := notWritten[name]; written == other {
			t.Errorf("schema/%s: name it in contracts (the type report writes) or in notWritten, not both", filepath.Base(f))
		}
	}
	for name, v := range contracts {
		t.Run(name, func(t *testing.T) {
			s := loadSchema(t, name+".schema.json")
			c := &contract{t: t, root: s}
			c.compare(name, reflect.TypeOf(v), s)
			if c.fields == 0 {
				t.Error("no field compared")
			}
		})
	}
}

// TestMergeReads: what `report merge` reads of a check report and of a
// hosts inventory is there in every such document, under the names and
// types their schemas give.
func TestMergeReads(t *testing.T) {
	mf := reflect.TypeFor[mergeFile]()
	version, _ := mf.FieldByName("Version")
	for _, tc := range []struct{ schema, field string }{
		{"report", "Findings"},
		{"hosts", "Hosts"},
	} {
		t.Run(tc.schema, func(t *testing.T) {
			s := loadSchema(t, tc.schema+".schema.json")
			f, ok := mf.FieldByName(tc.field)
			if !ok {
				t.Fatalf("mergeFile has no field %s", tc.field)
			}
			read := reflect.StructOf([]reflect.StructField{
				{Name: "Version", Type: version.Type, Tag: version.Tag},
				{Name: f.Name, Type: f.Type, Tag: f.Tag},
			})
			c := &contract{t: t, root: s, reads: true}
			c.compare("merge reads "+tc.schema, read, s)
			if c.fields < 4 {
				t.Errorf("only %d fields compared", c.fields)
			}
		})
	}
}

// TestContractsCatch: the comparison fails on each way a type and its
// schema can drift apart.
func TestContractsCatch(t *testing.T) {
	type inner struct {
		N int `json:"n"`
	}
	type doc struct {
		A string         `json:"a"`
		B int            `json:"b,omitempty"`
		C []inner        `json:"c"`
		D map[string]int `json:"d"`
	}
	const good = `{"type": "object", "required": ["a", "c", "d"], "additionalProperties": false, "properties": {
		"a": {"type": "string"}, "b": {"type": "integer"},
		"c": {"type": "array", "items": {"$ref": "#/$defs/inner"}},
		"d": {"type": "object", "additionalProperties": {"type": "integer"}}},
		"$defs": {"inner": {"type": "object", "required": ["n"], "additionalProperties": false, "properties": {"n": {"type": "integer"}}}}}`
	check := func(schema string) []string {
		var s map[string]any
		if err := json.Unmarshal([]byte(schema), &s); err != nil {
			t.Fatal(err)
		}
		c := &contract{root: s}
		c.compare("doc", reflect.TypeFor[doc](), s)
		return c.problems
	}
	if p := check(good); len(p) > 0 {
		t.Fatalf("the matching schema fails: %q", p)
	}
	t.Run("a read field the schema lacks", func(t *testing.T) {
		type reader struct {
			A string `json:"a"`
			X int    `json:"x"`
		}
		var s map[string]any
		if err := json.Unmarshal([]byte(good), &s); err != nil {
			t.Fatal(err)
		}
		c := &contract{root: s, reads: true}
		c.compare("reader", reflect.TypeFor[reader](), s)
		if want := []string{"reader: x is read but not required", "reader: field x is not in the schema"}; !slices.Equal(c.problems, want) {
			t.Errorf("problems %q, want %q", c.problems, want)
		}
	})
	t.Run("an engine type", func(t *testing.T) {
		type leaky struct {
			Skips []scanner.Skip `json:"skips"`
		}
		var s map[string]any
		if err := json.Unmarshal([]byte(`{"type": "object", "required": ["skips"], "additionalProperties": false, "properties": {
			"skips": {"type": "array", "items": {"type": "object", "required": ["Path", "Reason"], "additionalProperties": false,
				"properties": {"Path": {"type": "string"}, "Reason": {"type": "string"}}}}}}`), &s); err != nil {
			t.Fatal(err)
		}
		c := &contract{root: s}
		c.compare("leaky", reflect.TypeFor[leaky](), s)
		if want := "leaky.skips[]: scanner.Skip is not report's own type"; !slices.Contains(c.problems, want) {
			t.Errorf("problems %q, want %q", c.problems, want)
		}
	})
	t.Run("a $ref to another schema", func(t *testing.T) {
		for ref, want := range map[string][]string{
			"gitlab.schema.json":                nil,
			"gitlab.schema.json#/items":         {"issues: schema type object, Go []report.gitlabIssue writes array"},
			"report.schema.json#/$defs/finding": {"issues: schema type object, Go []report.gitlabIssue writes array"},
			"no-such.schema.json":               {"issues: cannot resolve $ref \"no-such.schema.json\": open ../schema/no-such.schema.json: no such file or directory", "issues: schema type none, Go []report.gitlabIssue writes array"},
			"gitlab.schema.json#/$defs/no-such": {"issues: cannot resolve $ref \"gitlab.schema.json#/$defs/no-such\"", "issues: schema type none, Go []report.gitlabIssue writes array"},
		} {
			s := map[string]any{"$ref": ref}
			c := &contract{root: s}
			c.compare("issues", reflect.TypeFor[[]gitlabIssue](), s)
			if !slices.Equal(c.problems, want) {
				t.Errorf("$ref %s: problems %q, want %q", ref, c.problems, want)
			}
		}
		// report.schema.json's own "#/$defs/finding" resolves in its document.
		s := map[string]any{"$ref": "report.schema.json"}
		c := &contract{root: s}
		c.compare("report", reflect.TypeFor[jsonReport](), s)
		if len(c.problems) > 0 || c.fields < 12 {
			t.Errorf("$ref report.schema.json: %d fields compared, problems %q", c.fields, c.problems)
		}
	})
	for _, tc := range []struct{ name, from, to, want string }{
		{"a field the schema lacks", `"a": {"type": "string"}, `, ``, "doc: field a is not in the schema"},
		{"a property the type lacks", `"b": {"type": "integer"}`, `"b": {"type": "integer"}, "e": {"type": "string"}`, "doc: schema property e is not a field"},
		{"a field of an element", `"properties": {"n": {"type": "integer"}}`, `"properties": {"m": {"type": "integer"}}`, "doc.c[]: field n is not in the schema"},
		{"a retyped field", `"a": {"type": "string"}`, `"a": {"type": "integer"}`, "doc.a: schema type integer, Go string writes string"},
		{"a retyped map value", `"additionalProperties": {"type": "integer"}`, `"additionalProperties": {"type": "string"}`, "doc.d{}: schema type string, Go int writes integer"},
		{"a required omitempty field", `["a", "c", "d"]`, `["a", "b", "c", "d"]`, "doc: b is omitempty but required"},
		{"an optional field always written", `["a", "c", "d"]`, `["a", "c"]`, "doc: d is always written but not required"},
		{"extra properties allowed", `"required": ["a", "c", "d"], "additionalProperties": false`, `"required": ["a", "c", "d"]`, "doc: the schema allows properties no field writes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(good, tc.from) {
				t.Fatalf("%q is not in the schema", tc.from)
			}
			p := check(strings.Replace(good, tc.from, tc.to, 1))
			if !slices.Contains(p, tc.want) {
				t.Errorf("problems %q, want %q", p, tc.want)
			}
		})
	}
}

func loadSchema(t *testing.T, file string) map[string]any {
	t.Helper()
	s, err := readSchema(file)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// readSchema reads schema/FILE.
func readSchema(file string) (map[string]any, error) {
	data, err := os.ReadFile(filepath.Join("..", "schema", file))
	if err != nil {
		return nil, err
	}
	var s map[string]any
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("schema/%s: %w", file, err)
	}
	return s, nil
}

// contract compares a Go type with the schema of its JSON.
type contract struct {
	t        *testing.T // nil: only collect problems
	root     map[string]any
	reads    bool // the type decodes documents of the schema: it may leave properties out
	problems []string
	fields   int
}

func (c *contract) problem(format string, args ...any) {
	p := fmt.Sprintf(format, args...)
	c.problems = append(c.problems, p)
	if c.t != nil {
		c.t.Error(p)
	}
}

// resolve follows a $ref: local ("#/$defs/finding"), or to another
// schema of schema/ ("verify.schema.json", "verify.schema.json#/$defs/step"),
// whose document is then the root that its own local refs resolve against.
func (c *contract) resolve(at string, s map[string]any) (schema, root map[string]any) {
	ref, ok := s["$ref"].(string)
	if !ok {
		return s, c.root
	}
	file, pointer, _ := strings.Cut(ref, "#")
	root = c.root
	if file != "" {
		doc, err := readSchema(file)
		if err != nil {
			c.problem("%s: cannot resolve $ref %q: %v", at, ref, err)
			return map[string]any{}, c.root
		}
		root = doc
	}
	var cur any = root
	for key := range strings.SplitSeq(strings.TrimPrefix(pointer, "/"), "/") {
		if key == "" {
			continue
		}
		m, _ := cur.(map[string]any)
		cur = m[key]
	}
	out, ok := cur.(map[string]any)
	if !ok {
		c.problem("%s: cannot resolve $ref %q", at, ref)
		return map[string]any{}, c.root
	}
	return out, root
}

var (
	timeType   = reflect.TypeFor[time.Time]()
	reportPath = reflect.TypeFor[Report]().PkgPath()
)

// jsonType is the JSON type encoding/json writes for t, "" for a
// composite.
func jsonType(t reflect.Type) string {
	if t == timeType {
		return "string"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "integer"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Struct, reflect.Map:
		return "object"
	case reflect.Slice, reflect.Array:
		return "array"
	}
	return ""
}

// schemaType is the JSON type s allows: its type, or that of its const
// or enum values.
func schemaType(s map[string]any) string {
	if ty, ok := s["type"].(string); ok {
		return ty
	}
	vals, _ := s["enum"].([]any)
	if v, ok := s["const"]; ok {
		vals = []any{v}
	}
	types := map[string]bool{}
	for _, v := range vals {
		switch v := v.(type) {
		case string:
			types["string"] = true
		case bool:
			types["boolean"] = true
		case float64:
			if v == float64(int64(v)) {
				types["integer"] = true
			} else {
				types["number"] = true
			}
		default:
			types["other"] = true
		}
	}
	if len(types) != 1 {
		return ""
	}
	return slices.Collect(maps.Keys(types))[0]
}

func (c *contract) compare(at string, t reflect.Type, s map[string]any) {
	s, root := c.resolve(at, s)
	defer func(outer map[string]any) { c.root = outer }(c.root)
	c.root = root
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() != "" && t.PkgPath() != reportPath && t != timeType {
		c.problem("%s: %s is not report's own type", at, t)
		return
	}
	want := jsonType(t)
	if got := schemaType(s); got != want {
		c.problem("%s: schema type %s, Go %s writes %s", at, orNone(got), t, orNone(want))
		return
	}
	switch {
	case t == timeType:
	case t.Kind() == reflect.Struct:
		c.compareObject(at, t, s)
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		items, _ := s["items"].(map[string]any)
		c.compare(at+"[]", t.Elem(), items)
	case t.Kind() == reflect.Map:
		values, _ := s["additionalProperties"].(map[string]any)
		c.compare(at+"{}", t.Elem(), values)
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// compareObject compares the fields of struct t with the properties of
// object schema s.
func (c *contract) compareObject(at string, t reflect.Type, s map[string]any) {
	props, _ := s["properties"].(map[string]any)
	if !c.reads && s["additionalProperties"] != false {
		c.problem("%s: the schema allows properties no field writes", at)
	}
	required := map[string]bool{}
	if req, ok := s["required"].([]any); ok {
		for _, r := range req {
			name, _ := r.(string)
			required[name] = true
		}
	}
	seen := map[string]bool{}
	for f := range fields(t) {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		seen[name] = true
		c.fields++
		omitempty := slices.Contains(strings.Split(opts, ","), "omitempty")
		switch {
		case c.reads && !required[name]:
			c.problem("%s: %s is read but not required", at, name)
		case c.reads:
		case omitempty && required[name]:
			c.problem("%s: %s is omitempty but required", at, name)
		case !omitempty && !required[name]:
			c.problem("%s: %s is always written but not required", at, name)
		}
		p, ok := props[name].(map[string]any)
		if !ok {
			c.problem("%s: field %s is not in the schema", at, name)
			continue
		}
		c.compare(at+"."+name, f.Type, p)
	}
	for _, name := range slices.Sorted(maps.Keys(props)) {
		if !seen[name] && !c.reads {
			c.problem("%s: schema property %s is not a field", at, name)
		}
	}
}

// fields yields the fields of t that encoding/json writes.
func fields(t reflect.Type) func(yield func(reflect.StructField) bool) {
	return func(yield func(reflect.StructField) bool) {
		for f := range t.Fields() {
			if !f.IsExported() || f.Tag.Get("json") == "-" {
				continue
			}
			if f.Anonymous {
				panic(fmt.Sprintf("%s embeds %s: compare embedded fields before using them in a JSON type", t, f.Type))
			}
			if !yield(f) {
				return
			}
		}
	}
}
