package schema

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// semantic lists the invalid fixtures whose error no JSON Schema can see:
// relations between entries (cycles, duplicates, references to other
// tables) and checks of a value's meaning. Every other invalid fixture
// that parses as TOML is structurally wrong and must fail the schema.
var semantic = map[string]bool{
	"cycle.toml":                        true,
	"keep-and-deprecated.toml":          true,
	"keep-shadows-rule.toml":            true,
	"allow-shadows-rule.toml":           true,
	"duplicate-host.toml":               true,
	"endpoint-deprecated.toml":          true,
	"export-unknown-env.toml":           true,
	"replacement-deprecated.toml":       true,
	"replace-star-without-capture.toml": true,
	"self-cycle-wildcard.toml":          true,
	"invalid-glob.toml":                 true,
}

func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Rules))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("rules.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("rules.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// instance decodes a TOML file into the JSON value an editor validates:
// tables are objects, dates are "YYYY-MM-DD" strings. ok is false when
// the file is not TOML at all (a syntax error, not a schema matter).
func instance(t *testing.T, path string) (v any, ok bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if _, err := toml.Decode(string(data), &m); err != nil {
		return nil, false
	}
	return jsonValue(m), true
}

func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = jsonValue(e)
		}
		return out
	case []map[string]any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = jsonValue(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = jsonValue(e)
		}
		return out
	case int64:
		return v
	case time.Time:
		if v.Location().String() == "date-local" { // how the decoder marks a TOML local date
			return v.Format(time.DateOnly)
		}
		return v.Format(time.RFC3339)
	default:
		return v
	}
}

func fixtures(t *testing.T, dir string) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "rules", dir, "*.toml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures in %s: %v", dir, err)
	}
	return paths
}

// TestValidFixtures: every valid rules file, the project's own included,
// passes the schema an editor checks it with.
func TestValidFixtures(t *testing.T) {
	sch := compile(t)
	paths := append(fixtures(t, "valid"), filepath.Join("..", "rules.toml"))
	for _, p := range paths {
		v, ok := instance(t, p)
		if !ok {
			t.Errorf("%s: not TOML", p)
			continue
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}

// TestInvalidFixtures: every structurally invalid rules file fails the
// schema, so the editor flags what `domainshift check` would refuse.
func TestInvalidFixtures(t *testing.T) {
	sch := compile(t)
	structural := 0
	for _, p := range fixtures(t, "invalid") {
		name := filepath.Base(p)
		v, ok := instance(t, p)
		switch {
		case !ok:
			continue // a TOML syntax error: the editor's TOML parser reports it
		case semantic[name]:
			if err := sch.Validate(v); err != nil {
				t.Errorf("%s is listed as semantic but the schema rejects it (take it off the list): %v", name, err)
			}
		default:
			structural++
			if err := sch.Validate(v); err == nil {
				t.Errorf("%s: the schema accepts a file that domainshift refuses", name)
			}
		}
	}
	if structural < 20 {
		t.Errorf("only %d structural fixtures checked", structural)
	}
}

// TestDescriptions: every property says what it is for, so an editor's
// hover is never empty.
func TestDescriptions(t *testing.T) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Rules))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		if props, ok := m["properties"].(map[string]any); ok {
			for k, p := range props {
				pm, _ := p.(map[string]any)
				desc, _ := pm["description"].(string)
				items, _ := pm["items"].(map[string]any)
				if itemDesc, _ := items["description"].(string); desc == "" && itemDesc == "" {
					t.Errorf("%s.%s has no description", strings.TrimPrefix(path, "."), k)
				}
				walk(path+"."+k, p)
			}
		}
		for _, k := range []string{"items", "additionalProperties"} {
			walk(path, m[k])
		}
	}
	walk("", doc)
}
