package org_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestPlatformCataloguesAreSuperAdminOnly(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	co := e.NewCompany()
	other := e.NewCompany()
	boss := e.NewMember(co, authz.All())
	emp := e.NewMember(co, authz.Perms{})

	me := e.Must(200, "GET", api+"/auth/me", sa, nil).ID()
	perm := e.Must(201, "POST", api+"/permissions", sa, map[string]any{"permissions": authz.Grant([]string{authz.View}, authz.Perm{Module: "crm", Entity: "lead"})}).ID()
	feat := e.Must(201, "POST", api+"/features", sa, map[string]any{"featureName": "Feature " + testkit.Unique()}).ID()
	subs := e.Must(200, "GET", api+"/client-subscriptions?client_id="+co.ID, sa, nil).List()
	if len(subs) != 1 {
		t.Fatalf("client-subscriptions of the company: %v", subs)
	}
	sub := subs[0]["id"].(string)

	items := map[string]string{
		"/clients": other.ID, "/permissions": perm, "/subscriptions": other.PlanID, "/features": feat,
		"/auth": other.ID, "/super-admin": me, "/client-subscriptions": sub,
	}
	creatable := map[string]map[string]any{
		"/clients":              account("cl"),
		"/permissions":          {"permissions": map[string]any{}},
		"/subscriptions":        {"name": "Sneaky", "currency": "USD", "price": 1, "duration": "Lifetime", "max_users": 1000, "max_clients": 1000, "storage_limit": 1},
		"/features":             {"featureName": "Sneaky " + testkit.Unique()},
		"/subscriptions/assign": {"client_id": co.ID, "plan_id": co.PlanID, "start_date": "2020-01-01", "status": "active"},
	}
	callers := []struct {
		name, token string
	}{{"company owner", co.Token}, {"employee holding every permission", boss.Token}, {"employee", emp.Token}}
	for _, caller := range callers {
		t.Run(caller.name+" gets 403", func(t *testing.T) {
			for base, id := range items {
				wantError(t, "GET "+base, e.Do("GET", api+base, caller.token, nil), 403)
				wantError(t, "GET "+base+"/id", e.Do("GET", api+base+"/"+id, caller.token, nil), 403)
				wantError(t, "PUT "+base+"/id", e.Do("PUT", api+base+"/"+id, caller.token, map[string]any{"status": "inactive", "username": "hijack" + testkit.Unique()}), 403)
				wantError(t, "DELETE "+base+"/id", e.Do("DELETE", api+base+"/"+id, caller.token, nil), 403)
			}
			for path, body := range creatable {
				wantError(t, "POST "+path, e.Do("POST", api+path, caller.token, body), 403)
			}
		})
	}
	t.Run("nothing changed", func(t *testing.T) {
		for base, id := range items {
			e.Must(200, "GET", api+base+"/"+id, sa, nil)
		}
		if n := len(e.Must(200, "GET", api+"/client-subscriptions?client_id="+co.ID, sa, nil).List()); n != 1 {
			t.Fatalf("%d subscriptions", n)
		}
		if got := e.Must(200, "GET", api+"/subscriptions/"+other.PlanID, sa, nil).Data()["status"]; got != "active" {
			t.Fatalf("plan status %v", got)
		}
	})
}

// fixture is one row of each company-owned kind.
type fixture struct {
	department, designation, branch, role, employee, user, subClient, rolePerm string
}

func makeRows(t *testing.T, e *testkit.Env, co *testkit.Company, permDoc string) fixture {
	t.Helper()
	var f fixture
	f.department = e.Must(201, "POST", api+"/departments", co.Token, map[string]any{"department_name": "Research"}).ID()
	f.designation = e.Must(201, "POST", api+"/designations", co.Token, map[string]any{"designation_name": "Analyst"}).ID()
	f.branch = e.Must(201, "POST", api+"/branches", co.Token, map[string]any{"branchName": "North"}).ID()
	f.role = e.Must(201, "POST", api+"/roles", co.Token, map[string]any{"role_name": "Private"}).ID()
	f.employee = e.Must(201, "POST", api+"/employees", co.Token, account("em")).ID()
	u := account("us")
	u["role_id"] = f.role
	f.user = e.Must(201, "POST", api+"/auth/signup", co.Token, u).ID()
	f.subClient = e.Must(201, "POST", api+"/sub-clients", co.Token, account("sc")).ID()
	f.rolePerm = e.Must(201, "POST", api+"/role-permissions", co.Token, map[string]any{"role_id": f.role, "permission_id": permDoc}).ID()
	return f
}

func (f fixture) items() map[string]string {
	return map[string]string{"/departments": f.department, "/designations": f.designation, "/branches": f.branch, "/roles": f.role,
		"/employees": f.employee, "/users": f.user, "/sub-clients": f.subClient, "/role-permissions": f.rolePerm}
}

func TestTenancy(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	doc := e.Must(201, "POST", api+"/permissions", sa, map[string]any{"permissions": authz.Grant([]string{authz.View}, authz.Perm{Module: "hrm", Entity: "branch"})}).ID()
	a, b := e.NewCompany(), e.NewCompany()
	rowsA := makeRows(t, e, a, doc)
	rowsB := makeRows(t, e, b, doc) // same names in another company: no conflict
	bBoss := e.NewMember(b, authz.All())

	for _, caller := range []struct{ name, token string }{{"owner", b.Token}, {"member holding every permission", bBoss.Token}} {
		t.Run("company B's "+caller.name+" cannot see or touch company A's rows", func(t *testing.T) {
			for base, id := range rowsA.items() {
				list := e.Must(200, "GET", api+base, caller.token, nil)
				if ids(list)[id] {
					t.Errorf("GET %s lists company A's row", base)
				}
				if !ids(list)[rowsB.items()[base]] {
					t.Errorf("GET %s misses company B's own row", base)
				}
				wantError(t, "GET "+base, e.Do("GET", api+base+"/"+id, caller.token, nil), 404)
				wantError(t, "PUT "+base, e.Do("PUT", api+base+"/"+id, caller.token, map[string]any{"department_name": "Stolen", "firstName": "Stolen"}), 404)
				wantError(t, "DELETE "+base, e.Do("DELETE", api+base+"/"+id, caller.token, nil), 404)
			}
			// A's accounts are not reachable through the other account routes either.
			wantError(t, "GET /employees/user", e.Do("GET", api+"/employees/"+rowsA.user, caller.token, nil), 404)
			wantError(t, "GET /users/owner", e.Do("GET", api+"/users/"+a.ID, caller.token, nil), 404)
			wantError(t, "GET /sub-clients/owner", e.Do("GET", api+"/sub-clients/"+a.ID, caller.token, nil), 404)
		})
	}

	t.Run("company A's rows are intact", func(t *testing.T) {
		for base, id := range rowsA.items() {
			r := e.Must(200, "GET", api+base+"/"+id, a.Token, nil)
			if r.Data()["company_id"] != a.ID {
				t.Errorf("%s: company_id %v", base, r.Data()["company_id"])
			}
		}
		if got := e.Must(200, "GET", api+"/departments/"+rowsA.department, a.Token, nil).Data()["department_name"]; got != "Research" {
			t.Errorf("department renamed to %v", got)
		}
	})

	t.Run("B cannot attach A's role or sign up into it", func(t *testing.T) {
		wantError(t, "role-permission", e.Do("POST", api+"/role-permissions", b.Token, map[string]any{"role_id": rowsA.role, "permission_id": doc}), 422)
		u := account("us")
		u["role_id"] = rowsA.role
		wantError(t, "signup", e.Do("POST", api+"/auth/signup", b.Token, u), 422)
	})

	t.Run("platform roles are invisible to companies", func(t *testing.T) {
		for _, tok := range []string{e.SuperAdmin(), a.Token} {
			role := parseClaims(t, tok, testkit.Secret)["role"].(string)
			e.Must(404, "GET", api+"/roles/"+role, b.Token, nil)
			e.Must(404, "PUT", api+"/roles/"+role, bBoss.Token, map[string]any{"permissions": map[string]any{}})
			if ids(e.Must(200, "GET", api+"/roles", b.Token, nil))[role] {
				t.Fatal("company lists a platform role")
			}
		}
	})

	t.Run("company_id in a body is ignored", func(t *testing.T) {
		r := e.Must(201, "POST", api+"/departments", b.Token, map[string]any{"department_name": "Planted", "company_id": a.ID})
		if r.Data()["company_id"] != b.ID {
			t.Fatalf("created in %v", r.Data()["company_id"])
		}
		r = e.Must(200, "PUT", api+"/departments/"+r.ID(), b.Token, map[string]any{"company_id": a.ID})
		if r.Data()["company_id"] != b.ID {
			t.Fatalf("moved to %v", r.Data()["company_id"])
		}
		for _, row := range e.Must(200, "GET", api+"/departments", a.Token, nil).List() {
			if row["department_name"] == "Planted" {
				t.Fatal("company A sees B's department")
			}
		}
	})

	t.Run("super-admin reads across companies", func(t *testing.T) {
		for base, id := range rowsA.items() {
			e.Must(200, "GET", api+base+"/"+id, sa, nil)
			list := ids(e.Must(200, "GET", api+base, sa, nil))
			if !list[id] || !list[rowsB.items()[base]] {
				t.Errorf("GET %s as super-admin misses a company's row", base)
			}
		}
		r := e.Must(200, "PUT", api+"/departments/"+rowsA.department, sa, map[string]any{"description": "by the platform"})
		if r.Data()["company_id"] != a.ID {
			t.Fatalf("company_id %v", r.Data()["company_id"])
		}
	})

	t.Run("super-admin must name the company of a new company row", func(t *testing.T) {
		wantError(t, "without company_id", e.Do("POST", api+"/departments", sa, map[string]any{"department_name": "Platform"}), 422)
		wantError(t, "unknown company", e.Do("POST", api+"/departments", sa, map[string]any{"department_name": "Platform", "company_id": "AAAAAAAAAAAAAAAAAAAAAAA"}), 422)
		wantError(t, "an employee is not a company", e.Do("POST", api+"/departments", sa, map[string]any{"department_name": "Platform", "company_id": rowsA.employee}), 422)
		wantError(t, "wrong type", e.Do("POST", api+"/departments", sa, map[string]any{"department_name": "Platform", "company_id": 12}), 422)
		r := e.Must(201, "POST", api+"/departments", sa, map[string]any{"department_name": "Platform", "company_id": a.ID})
		if r.Data()["company_id"] != a.ID {
			t.Fatalf("company_id %v", r.Data()["company_id"])
		}
		e.Must(200, "GET", api+"/departments/"+r.ID(), a.Token, nil)
		e.Must(404, "GET", api+"/departments/"+r.ID(), b.Token, nil)
		// Accounts too: the employee lands in company A and takes one of its seats.
		emp := account("em")
		wantError(t, "employee without company_id", e.Do("POST", api+"/employees", sa, emp), 422)
		emp["company_id"] = a.ID
		r = e.Must(201, "POST", api+"/employees", sa, emp)
		if r.Data()["company_id"] != a.ID {
			t.Fatalf("employee company_id %v", r.Data()["company_id"])
		}
		e.Must(200, "GET", api+"/employees/"+r.ID(), a.Token, nil)
	})
}
