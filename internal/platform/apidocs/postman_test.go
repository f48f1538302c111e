package apidocs_test

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/platform/apidocs"
)

// collection generates the collection from the service's document and
// returns it decoded as plain JSON, as Postman reads it.
func collection(t *testing.T, base string) (doc map[string]any, raw []byte, c map[string]any) {
	t.Helper()
	docJSON, err := json.Marshal(app.OpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	col, err := apidocs.Postman(docJSON, base)
	if err != nil {
		t.Fatal(err)
	}
	raw, err = json.Marshal(col)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(docJSON, &doc); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return doc, raw, c
}

// TestPostmanCollectionMatchesPublishedSchema validates the generated
// collection against Postman's published v2.1.0 collection schema (kept in
// testdata, compiled from postmanlabs/schemas as schema.getpostman.com
// serves it).
func TestPostmanCollectionMatchesPublishedSchema(t *testing.T) {
	_, raw, _ := collection(t, "http://127.0.0.1:5353/api/v1")
	sch := compileSchema(t)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("the collection does not follow the v2.1.0 schema: %v", err)
	}
	// The schema is not vacuous: a collection without its required parts,
	// or with an unknown auth type deep in a folder, fails.
	var broken map[string]any
	_ = json.Unmarshal(raw, &broken)
	delete(broken["info"].(map[string]any), "schema")
	if err := sch.Validate(broken); err == nil {
		t.Fatal("a collection without info.schema passed the schema")
	}
	_ = json.Unmarshal(raw, &broken)
	folder := broken["item"].([]any)[1].(map[string]any)
	folder["item"].([]any)[0].(map[string]any)["request"].(map[string]any)["auth"] = map[string]any{"type": "magic"}
	if err := sch.Validate(broken); err == nil {
		t.Fatal("a request with an unknown auth type passed the schema")
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("testdata/postman-collection-v2.1.0.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const url = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
	if err := c.AddResource(url, s); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile the Postman schema: %v", err)
	}
	return sch
}

// TestPostmanCollectionContent checks what a user importing the collection
// relies on: variables, auth, the login script, one folder per business
// area holding every documented operation once, and example bodies.
func TestPostmanCollectionContent(t *testing.T) {
	doc, _, c := collection(t, "https://crm.example.com/api/v1")
	vars := map[string]string{}
	for _, v := range c["variable"].([]any) {
		vm := v.(map[string]any)
		vars[vm["key"].(string)] = vm["value"].(string)
	}
	if vars["baseUrl"] != "https://crm.example.com/api/v1" || len(vars) != 2 {
		t.Fatalf("variables %v", vars)
	}
	if _, ok := vars["token"]; !ok {
		t.Fatal("no token variable")
	}
	auth := c["auth"].(map[string]any)
	if auth["type"] != "bearer" || auth["bearer"].([]any)[0].(map[string]any)["value"] != "{{token}}" {
		t.Fatalf("collection auth %v", auth)
	}

	items := c["item"].([]any)
	login := items[0].(map[string]any)
	req := login["request"].(map[string]any)
	if req["method"] != "POST" || req["url"].(map[string]any)["raw"] != "{{baseUrl}}/auth/login" {
		t.Fatalf("first item is not the login: %v", login["name"])
	}
	if req["auth"].(map[string]any)["type"] != "noauth" {
		t.Fatalf("login sends the token: %v", req["auth"])
	}
	script := strings.Join(toStrings(login["event"].([]any)[0].(map[string]any)["script"].(map[string]any)["exec"]), "\n")
	if !strings.Contains(script, `pm.collectionVariables.set("token", body.data.token)`) {
		t.Fatalf("the login script does not store the token:\n%s", script)
	}

	// Every operation of the document is in the folder of its tag, once.
	want := map[string]string{} // "METHOD /path" → tag
	for p, ops := range doc["paths"].(map[string]any) {
		for m, op := range ops.(map[string]any) {
			want[strings.ToUpper(m)+" "+p] = op.(map[string]any)["tags"].([]any)[0].(string)
		}
	}
	got := map[string]string{"POST /auth/login": "Accounts"}
	var folders []string
	for _, it := range items[1:] {
		f := it.(map[string]any)
		folders = append(folders, f["name"].(string))
		for _, r := range f["item"].([]any) {
			rq := r.(map[string]any)["request"].(map[string]any)
			u := rq["url"].(map[string]any)
			var segs []string
			for _, s := range toStrings(u["path"]) {
				if strings.HasPrefix(s, ":") {
					s = "{" + s[1:] + "}"
				}
				segs = append(segs, s)
			}
			key := rq["method"].(string) + " /" + strings.Join(segs, "/")
			if _, dup := got[key]; dup {
				t.Errorf("%s twice", key)
			}
			got[key] = f["name"].(string)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d requests for %d operations", len(got), len(want))
	}
	for k, tag := range want {
		if got[k] != tag {
			t.Errorf("%s: in folder %q, its tag is %q", k, got[k], tag)
		}
	}
	for _, area := range []string{"HRM", "CRM", "Sales", "Billing", "Projects"} {
		if !contains(folders, area) {
			t.Errorf("no folder %s in %v", area, folders)
		}
	}

	// The declared example is the body of a create, and of the update too.
	hrm := folder(t, items, "HRM")
	for _, name := range []string{"Create a department", "Update a department (partial: absent fields keep their values)"} {
		r := request(t, hrm, name)
		var body map[string]any
		if err := json.Unmarshal([]byte(r["body"].(map[string]any)["raw"].(string)), &body); err != nil {
			t.Fatal(err)
		}
		if body["department_name"] != "Sales" {
			t.Errorf("%s: body %v, want the declared example", name, body)
		}
	}
	// A request of another company's record keeps its path variable.
	get := request(t, hrm, "Get a department")
	if get["url"].(map[string]any)["raw"] != "{{baseUrl}}/departments/:id" {
		t.Errorf("url %v", get["url"])
	}
}

func folder(t *testing.T, items []any, name string) []any {
	t.Helper()
	for _, it := range items {
		if f := it.(map[string]any); f["name"] == name {
			return f["item"].([]any)
		}
	}
	t.Fatalf("no folder %s", name)
	return nil
}

func request(t *testing.T, items []any, name string) map[string]any {
	t.Helper()
	for _, it := range items {
		if r := it.(map[string]any); r["name"] == name {
			return r["request"].(map[string]any)
		}
	}
	t.Fatalf("no request %q", name)
	return nil
}

func toStrings(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
