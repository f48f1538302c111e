package sales_test

import (
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

func crm(entities ...string) authz.Perms {
	var ps []authz.Perm
	for _, e := range entities {
		ps = append(ps, authz.Perm{Module: "crm", Entity: e})
	}
	return authz.Grant(authz.Actions, ps...)
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
