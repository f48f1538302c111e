package sales_test

import (
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/crud/crudtest"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) {
	// Leads, deals and projects are owned by other packages; where those are
	// not linked in, stand-ins over the branches table play their part.
	crudtest.StandInKinds("lead", "deal", "project")
	testkit.Main(m)
}

const api = "/api/v1"

var warm sync.Once

// env returns the shared test server; the first caller creates a company
// before parallel tests do (concurrent first sign-ups race on platform roles).
func env(t *testing.T) *testkit.Env {
	t.Helper()
	e := testkit.New(t)
	warm.Do(func() { e.NewCompany() })
	return e
}

func crm(entities ...string) authz.Perms {
	var ps []authz.Perm
	for _, e := range entities {
		ps = append(ps, authz.Perm{Module: "crm", Entity: e})
	}
	return authz.Grant(authz.Actions, ps...)
}

func fieldErrors(r *testkit.Response) []string {
	var out []string
	errs, _ := r.Body["errors"].([]any)
	for _, x := range errs {
		if m, ok := x.(map[string]any); ok {
			f, _ := m["field"].(string)
			out = append(out, f)
		}
	}
	return out
}

// mustInvalid fails unless r is a 422 naming field.
func mustInvalid(t *testing.T, r *testkit.Response, field string) {
	t.Helper()
	if r.Status != 422 {
		t.Fatalf("status %d, want 422 naming %q: %.600s", r.Status, field, r.Raw)
	}
	for _, f := range fieldErrors(r) {
		if f == field {
			return
		}
	}
	t.Fatalf("422 does not name %q: %.600s", field, r.Raw)
}

// total is the number of rows a company sees at path.
func total(e *testkit.Env, path, token string) float64 {
	e.T.Helper()
	r := e.Must(200, "GET", api+path+"?page=1&limit=1", token, nil)
	p, _ := r.Body["pagination"].(map[string]any)
	n, _ := p["total"].(float64)
	return n
}

func newCustomer(e *testkit.Env, token string) string {
	e.T.Helper()
	u := testkit.Unique()
	return e.Must(201, "POST", api+"/customers", token, map[string]any{"name": "Customer " + u, "contact": "9876543210", "email": u + "@example.com"}).ID()
}
