package crud_test

import (
	"encoding/json"
	"testing"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/testkit"
)

// aliasedNote is a test resource over the notes table whose title and
// description also take other input names.
type aliasedNote struct {
	crud.Base
	RelatedID   string  `db:"related_id" json:"related_id" v:"readonly"`
	Title       string  `db:"note_title" json:"title" v:"required,alias=note_title|heading"`
	Kind        string  `db:"notetype" json:"kind" v:"required,filter"`
	Description *string `db:"description" json:"description" v:"text,alias=desc"`
}

var aliased = &crud.Resource[aliasedNote]{
	Name: "Aliased", Path: "/test-aliased", Table: "notes", Tag: "Test",
	Fixed: map[string]string{"related_id": "aliased-test"},
}

// fieldsNamed returns the fields named by a 422 answer's errors.
func fieldsNamed(t *testing.T, r *testkit.Response) []string {
	t.Helper()
	if r.Status != 422 {
		t.Fatalf("status %d, want 422: %s", r.Status, r.Raw)
	}
	var out []string
	errs, _ := r.Body["errors"].([]any)
	for _, e := range errs {
		f, _ := e.(map[string]any)["field"].(string)
		out = append(out, f)
	}
	return out
}

// TestFieldAlias: an alias is read when its field's canonical name is
// absent, refused (422 naming the alias, nothing stored) when it differs from
// a value sent under another name, and answers use the canonical name.
func TestFieldAlias(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	const base = "/api/v1/test-aliased"
	count := func() int { return len(e.do(200, "GET", base, co.Token, nil).List()) }

	r := e.do(201, "POST", base, co.Token, map[string]any{"note_title": " Call back ", "kind": "call", "desc": "Monday"})
	d := r.Data()
	if d["title"] != "Call back" || d["description"] != "Monday" {
		t.Fatalf("created through aliases: %s", r.Raw)
	}
	for _, alias := range []string{"note_title", "heading", "desc"} {
		if _, ok := d[alias]; ok {
			t.Fatalf("answer uses the alias %s: %s", alias, r.Raw)
		}
	}
	id := r.ID()
	e.do(201, "POST", base, co.Token, map[string]any{"heading": "Second", "kind": "call"})
	e.do(201, "POST", base, co.Token, map[string]any{"title": "Same", "note_title": " Same ", "heading": "Same", "kind": "call"})

	n := count()
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"title": "A", "note_title": "B", "kind": "call"}, "note_title"},
		{map[string]any{"note_title": "A", "heading": "B", "kind": "call"}, "heading"},
		{map[string]any{"title": "A", "kind": "call", "description": "x", "desc": nil}, "desc"},
		{map[string]any{"kind": "call", "desc": "no title"}, "title"},
	} {
		r := e.do(422, "POST", base, co.Token, c.body)
		if got := fieldsNamed(t, r); len(got) != 1 || got[0] != c.field {
			t.Fatalf("%v: errors name %v, want [%s]", c.body, got, c.field)
		}
	}
	// Every failure is listed: an alias conflict and a bad field together.
	if got := fieldsNamed(t, e.do(422, "POST", base, co.Token, map[string]any{"title": "A", "heading": "B", "kind": 5})); len(got) != 2 {
		t.Fatalf("errors name %v, want heading and kind", got)
	}
	if count() != n {
		t.Fatal("a refused create stored a row")
	}

	u := e.do(200, "PUT", base+"/"+id, co.Token, map[string]any{"heading": "Renamed", "desc": "Tuesday"}).Data()
	if u["title"] != "Renamed" || u["description"] != "Tuesday" {
		t.Fatalf("updated through aliases: %v", u)
	}
	if got := fieldsNamed(t, e.do(422, "PUT", base+"/"+id, co.Token, map[string]any{"description": "x", "desc": "y"})); len(got) != 1 || got[0] != "desc" {
		t.Fatalf("update conflict names %v, want [desc]", got)
	}
	if got := e.do(200, "GET", base+"/"+id, co.Token, nil).Data(); got["description"] != "Tuesday" || got["title"] != "Renamed" {
		t.Fatalf("a refused update changed the row: %v", got)
	}
}

// TestFieldAliasDocumented: the input schema lists each alias as a property
// saying what it stands for, and a required field may be sent under any name.
func TestFieldAliasDocumented(t *testing.T) {
	doc := crud.OpenAPI("test", []crud.Mountable{aliased}, nil)
	b, _ := json.Marshal(doc)
	var d struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Type        any    `json:"type"`
					Description string `json:"description"`
				} `json:"properties"`
				Required []string `json:"required"`
				AllOf    []struct {
					AnyOf []struct {
						Required []string `json:"required"`
					} `json:"anyOf"`
				} `json:"allOf"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	in, ok := d.Components.Schemas[crud.SchemaName("Aliased")+"Input"]
	if !ok {
		t.Fatalf("no input schema: %s", b)
	}
	for alias, canon := range map[string]string{"note_title": "title", "heading": "title", "desc": "description"} {
		p, ok := in.Properties[alias]
		if !ok {
			t.Fatalf("alias %s not documented: %s", alias, b)
		}
		if want := "Another name for `" + canon + "`"; len(p.Description) < len(want) || p.Description[:len(want)] != want {
			t.Errorf("alias %s described as %q", alias, p.Description)
		}
	}
	for _, r := range in.Required {
		if r == "title" {
			t.Fatalf("title is required although an alias may stand for it: %v", in.Required)
		}
	}
	if len(in.AllOf) != 1 || len(in.AllOf[0].AnyOf) != 3 {
		t.Fatalf("allOf = %+v, want one anyOf over title, note_title, heading", in.AllOf)
	}
	// The answer schema keeps the canonical names only.
	if _, ok := d.Components.Schemas[crud.SchemaName("Aliased")].Properties["desc"]; ok {
		t.Fatal("the row schema names an alias")
	}
}
