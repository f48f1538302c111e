package billing_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/crud/crudtest"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) {
	// Projects are owned by another package; where it is not linked in, a
	// stand-in over the branches table plays their part.
	crudtest.StandInKinds("project")
	testkit.Main(m)
}

const api = "/api/v1"

type fixturer struct {
	e  *testkit.Env
	co *testkit.Company
}

func (f fixturer) Create(path string, body map[string]any) string {
	return f.e.Must(201, "POST", api+path, f.co.Token, body).ID()
}
func (f fixturer) CreatePlatform(path string, body map[string]any) string {
	return f.e.Must(201, "POST", api+path, f.e.SuperAdmin(), body).ID()
}
func (f fixturer) Unique() string { return testkit.Unique() }
func (f fixturer) Self() string   { return f.co.ID }
func (f fixturer) Parent() string { return "" }

// project makes a project of co.
func project(e *testkit.Env, co *testkit.Company) string {
	e.T.Helper()
	k, ok := crud.LookupParentKind("project")
	if !ok {
		e.T.Fatal("no project kind")
	}
	return k.Make(fixturer{e, co})
}

// mustFail fails unless r has status want and names field.
func mustFail(t *testing.T, r *testkit.Response, want int, field string) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d naming %q: %.600s", r.Status, want, field, r.Raw)
	}
	if field == "" {
		return
	}
	for _, f := range r.FieldErrors() {
		if f == field {
			return
		}
	}
	t.Fatalf("%d does not name %q: %.600s", want, field, r.Raw)
}

// total is the number of rows a company sees at path.
func total(e *testkit.Env, path, token string) float64 {
	e.T.Helper()
	r := e.Must(200, "GET", api+path+"?page=1&limit=1", token, nil)
	p, _ := r.Body["pagination"].(map[string]any)
	n, _ := p["total"].(float64)
	return n
}

func customer(e *testkit.Env, token string) string {
	e.T.Helper()
	u := testkit.Unique()
	return e.Must(201, "POST", api+"/customers", token, map[string]any{"name": "Customer " + u, "contact": "9876543210", "email": u + "@example.com"}).ID()
}

func want(t *testing.T, row map[string]any, fields map[string]any) {
	t.Helper()
	for k, v := range fields {
		if row[k] != v {
			t.Fatalf("%s = %#v, want %#v (row %v)", k, row[k], v, row)
		}
	}
}
