package rules

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/domainshift/domainshift/schema"
)

// TestSchemaKeys: the published JSON Schema of rules.toml names exactly
// the keys the loader accepts, table by table, so neither can gain or lose
// a key without the other.
func TestSchemaKeys(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(schema.Rules, &doc); err != nil {
		t.Fatal(err)
	}
	for table, keys := range knownKeys {
		if keys == nil {
			continue // a free-form table, such as the endpoints of an environment
		}
		node := doc
		if table != "" {
			for _, part := range strings.Split(table, ".") {
				node = child(t, table, node, part)
			}
		}
		if items, ok := node["items"].(map[string]any); ok {
			node = items
		}
		props, ok := node["properties"].(map[string]any)
		if !ok {
			t.Errorf("schema table %q has no properties", table)
			continue
		}
		var got []string
		for k := range props {
			got = append(got, k)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(keys))
		if !slices.Equal(got, want) {
			t.Errorf("schema table %q has keys %v, the loader accepts %v", table, got, want)
		}
		if node["additionalProperties"] != false {
			t.Errorf("schema table %q allows unknown keys; the loader refuses them", table)
		}
	}
}

// child steps from a schema node to the node of its key part ("*" is
// every entry of a map table).
func child(t *testing.T, table string, node map[string]any, part string) map[string]any {
	t.Helper()
	if items, ok := node["items"].(map[string]any); ok {
		node = items
	}
	var next any
	if part == "*" {
		next = node["additionalProperties"]
	} else if props, ok := node["properties"].(map[string]any); ok {
		next = props[part]
	}
	m, ok := next.(map[string]any)
	if !ok {
		t.Fatalf("schema has no node for %q (at %q)", table, part)
	}
	return m
}
