package org_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

// hasFieldError reports whether an error answer names field with a message
// containing text.
func hasFieldError(r *testkit.Response, field, text string) bool {
	errs, _ := r.Body["errors"].([]any)
	for _, x := range errs {
		if m, _ := x.(map[string]any); m["field"] == field && strings.Contains(m["message"].(string), text) {
			return true
		}
	}
	return false
}

// mustLogin fails t unless the credentials log in (usable in subtests).
func mustLogin(t *testing.T, e *testkit.Env, name, pw string) {
	t.Helper()
	if r := login(t, e, map[string]any{"login": name, "password": pw}); r.Status != 200 {
		t.Fatalf("login %s with %q: status %d: %s", name, pw, r.Status, r.Raw)
	}
}

// TestEveryPasswordRouteAppliesThePolicy: every route that sets a password
// refuses a common password, one containing the username, one too short and
// one over 72 bytes with 422 naming the rule, and accepts a passphrase with
// spaces, which then logs in.
func TestEveryPasswordRouteAppliesThePolicy(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	co := e.NewCompany()
	role := defaultRole(t, e, co, "employee")
	body := func(u, pw string) map[string]any {
		return map[string]any{"username": u, "email": u + "@example.com", "password": pw}
	}
	create := func(token, path string) func(u string) func(pw string) *testkit.Response {
		return func(u string) func(pw string) *testkit.Response {
			return func(pw string) *testkit.Response { return e.Do("POST", api+path, token, body(u, pw)) }
		}
	}
	update := func(token, createPath, updatePath string) func(u string) func(pw string) *testkit.Response {
		return func(u string) func(pw string) *testkit.Response {
			id := e.Must(201, "POST", api+createPath, token, body(u, testkit.Password)).ID()
			return func(pw string) *testkit.Response {
				return e.Do("PUT", api+updatePath+id, token, map[string]any{"password": pw})
			}
		}
	}
	superAdmin := func(u, pw string) *testkit.Response {
		b := body(u, pw)
		b["secret_key"] = e.SAKey
		r := rawCall(e.Server.Handler, "POST", api+"/super-admin", nil, freshIP(), b)
		return &testkit.Response{Status: r.Status, Raw: r.Raw, Body: r.Body}
	}
	routes := []struct {
		name       string
		field      string
		superAdmin bool
		update     bool // the account exists before
		prepare    func(u string) func(pw string) *testkit.Response
	}{
		{"POST /clients", "password", false, false, create(sa, "/clients")},
		{"POST /sub-clients", "password", false, false, create(co.Token, "/sub-clients")},
		{"POST /employees", "password", false, false, create(co.Token, "/employees")},
		{"POST /auth/signup", "password", false, false, func(u string) func(pw string) *testkit.Response {
			return func(pw string) *testkit.Response {
				b := body(u, pw)
				b["role_id"] = role
				return e.Do("POST", api+"/auth/signup", co.Token, b)
			}
		}},
		{"POST /super-admin", "password", true, false, func(u string) func(pw string) *testkit.Response {
			return func(pw string) *testkit.Response { return superAdmin(u, pw) }
		}},
		{"PUT /clients/{id}", "password", false, true, update(sa, "/clients", "/clients/")},
		{"PUT /sub-clients/{id}", "password", false, true, update(co.Token, "/sub-clients", "/sub-clients/")},
		{"PUT /employees/{id}", "password", false, true, update(co.Token, "/employees", "/employees/")},
		{"PUT /users/{id}", "password", false, true, update(co.Token, "/employees", "/users/")},
		{"PUT /auth/{id}", "password", false, true, update(sa, "/clients", "/auth/")},
		{"PUT /super-admin/{id}", "password", true, true, func(u string) func(pw string) *testkit.Response {
			r := superAdmin(u, testkit.SuperAdminPassword)
			if r.Status != 201 {
				t.Fatalf("create super-admin: %d %s", r.Status, r.Raw)
			}
			return func(pw string) *testkit.Response {
				return e.Do("PUT", api+"/super-admin/"+r.ID(), sa, map[string]any{"password": pw})
			}
		}},
		{"PUT /auth/{id} on a super-admin", "password", true, true, func(u string) func(pw string) *testkit.Response {
			r := superAdmin(u, testkit.SuperAdminPassword)
			if r.Status != 201 {
				t.Fatalf("create super-admin: %d %s", r.Status, r.Raw)
			}
			return func(pw string) *testkit.Response {
				return e.Do("PUT", api+"/auth/"+r.ID(), sa, map[string]any{"password": pw})
			}
		}},
		{"PUT /auth/me/password", "new_password", false, true, func(u string) func(pw string) *testkit.Response {
			e.Must(201, "POST", api+"/employees", co.Token, body(u, testkit.Password))
			tok := e.Login(u, testkit.Password)
			return func(pw string) *testkit.Response {
				return e.Do("PUT", api+"/auth/me/password", tok, map[string]any{"current_password": testkit.Password, "new_password": pw})
			}
		}},
	}
	for _, rt := range routes {
		t.Run(rt.name, func(t *testing.T) {
			u := "pol" + testkit.Unique()
			set := rt.prepare(u)
			short, shortRule := "Xy7#kQz", "at least 8 characters"
			if rt.superAdmin {
				short, shortRule = "Xy7#kQzmP2v", "at least 12 characters for a super-admin"
			}
			for _, bad := range []struct{ pw, rule string }{
				{"password1234", "too common"},
				{"aaaaaaaaaaaa", "too common"},
				{"Summer2024!!!", "too common"},
				{"I am " + strings.ToUpper(u) + " here", "must not contain the username"},
				{short, shortRule},
				{strings.Repeat("Tuvok 8 ", 9) + "x", "72 bytes"},
				{"line\nbreak in it", "printable"},
			} {
				r := set(bad.pw)
				if r.Status != 422 || !hasFieldError(r, rt.field, bad.rule) || !strings.Contains(r.Message(), bad.rule) {
					t.Fatalf("password %q: status %d, want 422 naming the rule %q on %s: %s", bad.pw, r.Status, bad.rule, rt.field, r.Raw)
				}
			}
			loginOK := func(pw string) { t.Helper(); mustLogin(t, e, u, pw) }
			if rt.update {
				before := testkit.Password
				if rt.superAdmin {
					before = testkit.SuperAdminPassword
				}
				loginOK(before) // a refused change changes nothing
			}
			good := "correct horse battery staple on the moon" // 40 characters with spaces
			if r := set(good); r.Status/100 != 2 {
				t.Fatalf("passphrase: status %d: %s", r.Status, r.Raw)
			}
			loginOK(good)
		})
	}
	t.Run("12 characters suffice for a super-admin", func(t *testing.T) {
		u := "sa" + testkit.Unique()
		if r := superAdmin(u, "Xy7#kQzmP2vw"); r.Status != 201 {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
		mustLogin(t, e, u, "Xy7#kQzmP2vw")
	})
	t.Run("non-ASCII passwords are accepted and log in", func(t *testing.T) {
		u := "uni" + testkit.Unique()
		pw := "Ĝuste ŝtormas ĉe Zürich, Съешь же ещё"
		e.Must(201, "POST", api+"/employees", co.Token, body(u, pw))
		mustLogin(t, e, u, pw)
	})
	t.Run("a password containing the e-mail's name is refused", func(t *testing.T) {
		u := "mail" + testkit.Unique()
		b := body(u, "hello jo.x"+u+" 42")
		b["email"] = "jo.x" + u + "@example.com"
		b["username"] = "other" + testkit.Unique()
		r := e.Do("POST", api+"/employees", co.Token, b)
		if r.Status != 422 || !hasFieldError(r, "password", "e-mail") {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
	})
}

// TestLoginKeepsHashesMadeUnderOlderRules: login never applies the policy,
// so a password set under the old rules (a bcrypt hash of cost 10, as the
// original made) still logs in.
func TestLoginKeepsHashesMadeUnderOlderRules(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	for _, old := range []string{"Passw0rd!", "aaaaaaaa", "Acme2024!"} {
		m := e.NewMember(co, authz.Perms{})
		hash, err := bcrypt.GenerateFromPassword([]byte(old), 10)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if _, err := e.DB.Q(ctx).ExecContext(ctx, `UPDATE principals SET password = ? WHERE id = ?`, string(hash), m.ID); err != nil {
			t.Fatal(err)
		}
		e.Login(m.Username, old)
	}
}

// TestNameConflictsOutsideTheCompanyAreNeutral: a name held in the caller's
// own company is answered as before; one held anywhere else gets one neutral
// answer, whoever holds it.
func TestNameConflictsOutsideTheCompanyAreNeutral(t *testing.T) {
	e := testkit.New(t)
	me := e.Must(200, "GET", api+"/auth/me", e.SuperAdmin(), nil).Data()
	a := e.NewCompany()
	b := e.NewCompany()
	held := e.Must(201, "POST", api+"/employees", a.Token, account("held")).Data()
	named := func(field, value string) map[string]any {
		body := account("x")
		body[field] = value
		return body
	}

	t.Run("same company: 409 naming the field, as before", func(t *testing.T) {
		r := e.Do("POST", api+"/employees", a.Token, named("username", strings.ToUpper(held["username"].(string))))
		if r.Status != 409 || r.Message() != "Employee with this username already exists" {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
		r = e.Do("POST", api+"/sub-clients", a.Token, named("email", held["email"].(string)))
		if r.Status != 409 || r.Message() != "Sub-client with this email already exists" {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
		r = e.Do("POST", api+"/employees", a.Token, named("username", a.Username)) // the company's owner
		if r.Status != 409 || r.Message() != "Employee with this username already exists" {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
	})
	holders := map[string]map[string]any{
		"another company's employee": held,
		"another company's owner":    {"username": a.Username, "email": a.Username + "@example.com"},
		"a super-admin":              me,
	}
	for who, row := range holders {
		for _, field := range []string{"username", "email"} {
			t.Run(field+" of "+who, func(t *testing.T) {
				want := "This " + field + " is not available"
				for _, r := range []*testkit.Response{
					e.Do("POST", api+"/employees", b.Token, named(field, strings.ToUpper(row[field].(string)))),
					e.Do("POST", api+"/sub-clients", b.Token, named(field, row[field].(string))),
				} {
					if r.Status != 409 || r.Message() != want || !hasFieldError(r, field, want) || strings.Contains(string(r.Raw), "exists") {
						t.Fatalf("status %d, want 409 %q: %s", r.Status, want, r.Raw)
					}
				}
			})
		}
	}
	t.Run("updates answer the same", func(t *testing.T) {
		mine := e.Must(201, "POST", api+"/employees", b.Token, account("mine")).ID()
		r := e.Do("PUT", api+"/employees/"+mine, b.Token, map[string]any{"username": held["username"]})
		if r.Status != 409 || r.Message() != "This username is not available" {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
	})
}

// TestNeutralConflictAnswersAreRateLimited: after 20 neutral answers in an
// hour a caller gets 429 with Retry-After for any new name it proposes, so
// names held elsewhere cannot be enumerated quickly; other callers are not
// affected.
func TestNeutralConflictAnswersAreRateLimited(t *testing.T) {
	e := testkit.New(t)
	a := e.NewCompany()
	b := e.NewCompany()
	held := e.Must(201, "POST", api+"/employees", a.Token, account("held")).Data()
	mine := e.Must(201, "POST", api+"/employees", b.Token, account("mine")).ID()
	taken := account("x")
	taken["username"] = held["username"]
	for i := 0; i < 20; i++ {
		if r := e.Do("POST", api+"/employees", b.Token, taken); r.Status != 409 {
			t.Fatalf("attempt %d: status %d: %s", i+1, r.Status, r.Raw)
		}
	}
	r := e.Do("POST", api+"/employees", b.Token, taken)
	if r.Status != 429 || r.Body["success"] != false {
		t.Fatalf("21st attempt: status %d: %s", r.Status, r.Raw)
	}
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 3600 {
		t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	// The answer no longer depends on the name.
	if r := e.Do("POST", api+"/employees", b.Token, account("free")); r.Status != 429 {
		t.Fatalf("free name while limited: status %d: %s", r.Status, r.Raw)
	}
	// Changes that propose no new name still work.
	e.Must(200, "PUT", api+"/employees/"+mine, b.Token, map[string]any{"firstName": "Kept"})
	// Other callers have their own allowance.
	c := e.NewCompany()
	if r := e.Do("POST", api+"/employees", c.Token, taken); r.Status != 409 {
		t.Fatalf("another caller: status %d: %s", r.Status, r.Raw)
	}
	e.Must(201, "POST", api+"/employees", c.Token, account("free"))
}
