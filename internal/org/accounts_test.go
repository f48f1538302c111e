package org_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestAccountNamesAreUniqueAcrossKinds(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	co := e.NewCompany()
	me := e.Must(200, "GET", api+"/auth/me", sa, nil).Data()
	emp := e.Must(201, "POST", api+"/employees", co.Token, account("em")).Data()
	sub := e.Must(201, "POST", api+"/sub-clients", co.Token, account("sc")).Data()
	existing := map[string]map[string]any{
		"super-admin": me, "client": {"username": co.Username, "email": co.Username + "@example.com"}, "employee": emp, "sub-client": sub,
	}
	for kind, row := range existing {
		// A fresh company per kind: conflicts with other companies' names are
		// answered a limited number of times per caller.
		other := e.NewCompany()
		creators := map[string]func(body map[string]any) *testkit.Response{
			"client":     func(b map[string]any) *testkit.Response { return e.Do("POST", api+"/clients", sa, b) },
			"employee":   func(b map[string]any) *testkit.Response { return e.Do("POST", api+"/employees", other.Token, b) },
			"sub-client": func(b map[string]any) *testkit.Response { return e.Do("POST", api+"/sub-clients", other.Token, b) },
			"user": func(b map[string]any) *testkit.Response {
				b["role_id"] = defaultRole(t, e, other, "employee")
				return e.Do("POST", api+"/auth/signup", other.Token, b)
			},
			"super-admin": func(b map[string]any) *testkit.Response {
				b["password"], b["secret_key"] = testkit.SuperAdminPassword, e.SAKey
				r := rawCall(e.Server.Handler, "POST", api+"/super-admin", nil, freshIP(), b)
				return &testkit.Response{Status: r.Status, Raw: r.Raw, Body: r.Body}
			},
		}
		for newKind, create := range creators {
			t.Run("a "+newKind+" cannot take the username of a "+kind, func(t *testing.T) {
				b := account("x")
				b["username"] = strings.ToUpper(row["username"].(string))
				wantError(t, "username", create(b), 409)
			})
			t.Run("a "+newKind+" cannot take the e-mail of a "+kind, func(t *testing.T) {
				b := account("x")
				b["email"] = strings.ToUpper(row["email"].(string))
				wantError(t, "email", create(b), 409)
			})
		}
	}
	t.Run("updates cannot take a name either", func(t *testing.T) {
		wantError(t, "username", e.Do("PUT", api+"/employees/"+emp["id"].(string), co.Token, map[string]any{"username": strings.ToUpper(co.Username)}), 409)
		wantError(t, "email", e.Do("PUT", api+"/sub-clients/"+sub["id"].(string), co.Token, map[string]any{"email": me["email"]}), 409)
		wantError(t, "super-admin", e.Do("PUT", api+"/auth/"+me["id"].(string), sa, map[string]any{"username": emp["username"]}), 409)
		// Keeping one's own name, in another case, is fine.
		r := e.Must(200, "PUT", api+"/employees/"+emp["id"].(string), co.Token, map[string]any{"username": strings.ToUpper(emp["username"].(string))})
		if r.Data()["username"] != strings.ToUpper(emp["username"].(string)) {
			t.Fatalf("username %v", r.Data()["username"])
		}
	})
	t.Run("e-mails are stored in lower case", func(t *testing.T) {
		b := account("Mixed")
		b["email"] = "Mixed." + testkit.Unique() + "@Example.COM"
		r := e.Must(201, "POST", api+"/employees", co.Token, b)
		if r.Data()["email"] != strings.ToLower(b["email"].(string)) {
			t.Fatalf("email %v", r.Data()["email"])
		}
		e.Login(b["email"].(string), testkit.Password)
	})
}

func TestConcurrentDuplicateNames(t *testing.T) {
	e := testkit.New(t)
	const n = 6
	cos := make([]*testkit.Company, n)
	for i := range cos {
		cos[i] = e.NewCompany()
	}
	for _, field := range []string{"username", "email"} {
		t.Run(field, func(t *testing.T) {
			same := account("race")
			statuses := make([]int, n)
			var wg sync.WaitGroup
			for i := 0; i < n; i++ {
				b := account("race")
				b[field] = same[field]
				if i%2 == 1 {
					b[field] = strings.ToUpper(same[field].(string))
				}
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					statuses[i] = rawCall(e.Server.Handler, "POST", api+"/employees", map[string]string{"Authorization": "Bearer " + cos[i].Token}, "", b).Status
				}(i)
			}
			wg.Wait()
			got := map[int]int{}
			for _, s := range statuses {
				got[s]++
			}
			if got[201] != 1 || got[409] != n-1 {
				t.Fatalf("statuses %v, want one 201 and %d 409", got, n-1)
			}
			seats := 0
			for _, co := range cos {
				seats += int(subscription(t, e, co)["current_users_count"].(float64))
			}
			total := 0
			for _, co := range cos {
				total += count(t, e, co, "/employees")
			}
			if seats != total {
				t.Fatalf("%d seats taken for %d employees", seats, total)
			}
		})
	}
}

func TestAccountsNeverShowPasswords(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	co := e.NewCompany()
	m := e.NewMember(co, authz.All())
	emp := e.Must(201, "POST", api+"/employees", co.Token, account("pw"))
	noSecrets(t, "create employee", emp.Raw)
	sub := e.Must(201, "POST", api+"/sub-clients", co.Token, account("pw"))
	noSecrets(t, "create sub-client", sub.Raw)
	cl := e.Must(201, "POST", api+"/clients", sa, account("pw"))
	noSecrets(t, "create client", cl.Raw)
	for _, c := range []struct{ path, token string }{
		{"/auth", sa}, {"/auth/" + co.ID, sa}, {"/super-admin", sa}, {"/clients", sa}, {"/clients/" + co.ID, sa},
		{"/employees", co.Token}, {"/employees/" + emp.ID(), m.Token}, {"/users", m.Token}, {"/users/" + m.ID, co.Token},
		{"/sub-clients", co.Token}, {"/sub-clients/" + sub.ID(), m.Token}, {"/auth/me", m.Token}, {"/auth/me", sa}, {"/auth/me", co.Token},
		{"/activities", co.Token},
	} {
		r := e.Must(200, "GET", api+c.path, c.token, nil)
		noSecrets(t, "GET "+c.path, r.Raw)
	}
	r := e.Must(200, "PUT", api+"/employees/"+emp.ID(), co.Token, map[string]any{"password": "Cobalt-Ferry-Lantern-3", "firstName": "Pat"})
	noSecrets(t, "update", r.Raw)
	noSecrets(t, "delete", e.Must(200, "DELETE", api+"/sub-clients/"+sub.ID(), co.Token, nil).Raw)
	noSecrets(t, "delete client", e.Must(200, "DELETE", api+"/clients/"+cl.ID(), sa, nil).Raw)

	t.Run("a new password replaces the old one; other updates keep it", func(t *testing.T) {
		name := emp.Data()["username"].(string)
		if r := login(t, e, map[string]any{"login": name, "password": testkit.Password}); r.Status != 401 {
			t.Fatalf("old password: %d", r.Status)
		}
		e.Login(name, "Cobalt-Ferry-Lantern-3")
		e.Must(200, "PUT", api+"/employees/"+emp.ID(), co.Token, map[string]any{"lastName": "Lee"})
		e.Login(name, "Cobalt-Ferry-Lantern-3")
		wantError(t, "weak password", e.Do("PUT", api+"/employees/"+emp.ID(), co.Token, map[string]any{"password": "short"}), 422)
		e.Login(name, "Cobalt-Ferry-Lantern-3")
	})
	t.Run("kind and company cannot be changed", func(t *testing.T) {
		r := e.Must(200, "PUT", api+"/employees/"+emp.ID(), co.Token, map[string]any{"kind": "client", "company_id": "AAAAAAAAAAAAAAAAAAAAAAA"})
		if r.Data()["kind"] != "employee" || r.Data()["company_id"] != co.ID {
			t.Fatalf("account %s", r.Raw)
		}
	})
}

func TestDeletingAccounts(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()

	t.Run("deleting a client removes its company's accounts and roles", func(t *testing.T) {
		co := e.NewCompany()
		keep := e.NewCompany()
		m := e.NewMember(co, authz.All())
		sc := account("sc")
		e.Must(201, "POST", api+"/sub-clients", co.Token, sc)
		scTok := e.Login(sc["username"].(string), testkit.Password)
		keepM := e.NewMember(keep, authz.Perms{})
		e.Must(200, "DELETE", api+"/clients/"+co.ID, sa, nil)
		for name, tok := range map[string]string{"owner": co.Token, "member": m.Token, "sub-client": scTok} {
			wantError(t, name+"'s token", e.Do("GET", api+"/auth/me", tok, nil), 401)
		}
		if r := login(t, e, map[string]any{"login": m.Username, "password": testkit.Password}); r.Status != 401 {
			t.Fatalf("deleted member logs in: %d", r.Status)
		}
		for _, path := range []string{"/auth/" + m.ID, "/auth/" + co.ID, "/roles/" + m.RoleID} {
			e.Must(404, "GET", api+path, sa, nil)
		}
		if n := len(e.Must(200, "GET", api+"/client-subscriptions?client_id="+co.ID, sa, nil).List()); n != 0 {
			t.Fatalf("%d subscriptions left", n)
		}
		// The names are free again.
		e.Must(201, "POST", api+"/employees", keep.Token, map[string]any{"username": m.Username, "email": m.Username + "@example.com", "password": testkit.Password})
		// Another company is untouched.
		e.Must(200, "GET", api+"/auth/me", keepM.Token, nil)
		e.Must(200, "GET", api+"/auth/me", keep.Token, nil)
	})

	t.Run("deleting a client through /auth removes its company too", func(t *testing.T) {
		co := e.NewCompany()
		m := e.NewMember(co, authz.Perms{})
		e.Must(200, "DELETE", api+"/auth/"+co.ID, sa, nil)
		wantError(t, "member's token", e.Do("GET", api+"/auth/me", m.Token, nil), 401)
		e.Must(404, "GET", api+"/auth/"+m.ID, sa, nil)
	})

	t.Run("nobody can delete their own account", func(t *testing.T) {
		co := e.NewCompany()
		m := e.NewMember(co, authz.All())
		me := e.Must(200, "GET", api+"/auth/me", sa, nil).ID()
		for _, c := range []struct{ path, token string }{
			{"/super-admin/" + me, sa}, {"/auth/" + me, sa}, {"/employees/" + m.ID, m.Token}, {"/users/" + m.ID, m.Token},
		} {
			wantError(t, "DELETE "+c.path, e.Do("DELETE", api+c.path, c.token, nil), 409)
		}
		e.Must(200, "GET", api+"/auth/me", sa, nil)
		e.Must(200, "GET", api+"/auth/me", m.Token, nil)
		// The company owner is not reachable through the company's account routes.
		for _, path := range []string{"/employees/", "/users/", "/sub-clients/"} {
			e.Must(404, "DELETE", api+path+co.ID, co.Token, nil)
		}
		e.Must(200, "GET", api+"/auth/me", co.Token, nil)
	})

	t.Run("a super-admin can remove another super-admin", func(t *testing.T) {
		u := "sa" + testkit.Unique()
		r := rawCall(e.Server.Handler, "POST", api+"/super-admin", nil, freshIP(), map[string]any{"username": u, "email": u + "@example.com", "password": testkit.SuperAdminPassword, "secret_key": e.SAKey})
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Raw)
		}
		tok := e.Login(u, testkit.SuperAdminPassword)
		e.Must(200, "DELETE", api+"/super-admin/"+r.data()["id"].(string), sa, nil)
		wantError(t, "removed super-admin", e.Do("GET", api+"/clients", tok, nil), 401)
	})
}

func TestNewCompanyGetsDefaultRoles(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	roles := e.Must(200, "GET", api+"/roles", co.Token, nil).List()
	names := map[string]bool{}
	for _, r := range roles {
		if r["is_default"] == true {
			names[r["role_name"].(string)] = true
		}
		if r["company_id"] != co.ID {
			t.Errorf("role %v of company %v", r["role_name"], r["company_id"])
		}
	}
	if !names["employee"] || !names["sub-client"] || len(names) != 2 {
		t.Fatalf("default roles %v", names)
	}
	// New accounts without a role_id get the default role of their kind.
	emp := e.Must(201, "POST", api+"/employees", co.Token, account("dr")).Data()
	sub := e.Must(201, "POST", api+"/sub-clients", co.Token, account("dr")).Data()
	if emp["role_id"] != defaultRole(t, e, co, "employee") || sub["role_id"] != defaultRole(t, e, co, "sub-client") {
		t.Fatalf("roles %v / %v", emp["role_id"], sub["role_id"])
	}
	// An employee with the default role can read departments but not create them.
	tok := e.Login(emp["username"].(string), testkit.Password)
	e.Must(200, "GET", api+"/departments", tok, nil)
	e.Must(403, "POST", api+"/departments", tok, map[string]any{"department_name": "Nope"})
	c := parseClaims(t, tok, testkit.Secret)
	if c["roleName"] != "employee" {
		t.Fatalf("roleName %v", c["roleName"])
	}
}
