package apidocs_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/platform/apidocs"
)

// TestDecorateGroupsEveryTag: Redoc hides a tag that is in no x-tagGroups
// group, so every tag of the document is in exactly one, a new area in
// "Other"; the bearer scheme names the quoted form.
func TestDecorateGroupsEveryTag(t *testing.T) {
	doc := apidocs.Decorate(map[string]any{
		"info":       map[string]any{"description": "d"},
		"tags":       []any{map[string]any{"name": "HRM"}, map[string]any{"name": "Warehouse"}},
		"components": map[string]any{"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http"}}},
	})
	b, _ := json.Marshal(doc["x-tagGroups"])
	if string(b) != `[{"name":"People (HRM)","tags":["HRM"]},{"name":"Other","tags":["Warehouse"]}]` {
		t.Fatalf("groups %s", b)
	}

	var live struct {
		Tags       []struct{ Name, Description string }
		Groups     []struct{ Tags []string } `json:"x-tagGroups"`
		Components struct {
			SecuritySchemes map[string]struct{ Description string }
		}
	}
	raw, _ := json.Marshal(app.OpenAPI())
	if err := json.Unmarshal(raw, &live); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, g := range live.Groups {
		for _, tag := range g.Tags {
			seen[tag]++
		}
	}
	for _, tag := range live.Tags {
		if seen[tag.Name] != 1 {
			t.Errorf("tag %s is in %d groups", tag.Name, seen[tag.Name])
		}
		if tag.Description == "" {
			t.Errorf("tag %s has no description", tag.Name)
		}
	}
	if d := live.Components.SecuritySchemes["bearer"].Description; !strings.Contains(d, `Bearer "<token>"`) {
		t.Errorf("bearer scheme: %q", d)
	}
}
