package org_test

import (
	"context"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

// TestEveryPasswordRouteEndsOlderSessions: whichever route sets a password,
// the tokens issued before answer 401 at once (no waiting for the clock to
// tick), the new password logs in and its token works.
func TestEveryPasswordRouteEndsOlderSessions(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	co := e.NewCompany()
	const next = "Copper-Meadow-Kite-31"

	// Each case creates an account, returns its login name and id, and the
	// request that changes its password.
	for _, c := range []struct {
		name  string
		setup func(t *testing.T) (login, id string)
		// change sets the password to next, given the account's own token.
		change func(t *testing.T, id, own string) *testkit.Response
		super  bool // the account is a super-admin (whose password is Adm1n@pass)
	}{
		{"PUT /clients/{id} by the super-admin", func(t *testing.T) (string, string) {
			other := e.NewCompany()
			return other.Username, other.ID
		}, func(t *testing.T, id, _ string) *testkit.Response {
			return e.Do("PUT", api+"/clients/"+id, sa, map[string]any{"password": next})
		}, false},
		{"PUT /sub-clients/{id} by the company owner", func(t *testing.T) (string, string) {
			b := account("sc")
			return b["username"].(string), e.Must(201, "POST", api+"/sub-clients", co.Token, b).ID()
		}, func(t *testing.T, id, _ string) *testkit.Response {
			return e.Do("PUT", api+"/sub-clients/"+id, co.Token, map[string]any{"password": next})
		}, false},
		{"PUT /employees/{id} by the company owner", func(t *testing.T) (string, string) {
			b := account("ep")
			return b["username"].(string), e.Must(201, "POST", api+"/employees", co.Token, b).ID()
		}, func(t *testing.T, id, _ string) *testkit.Response {
			return e.Do("PUT", api+"/employees/"+id, co.Token, map[string]any{"password": next})
		}, false},
		{"PUT /users/{id} by the company owner", func(t *testing.T) (string, string) {
			m := e.NewMember(co, authz.Perms{})
			return m.Username, m.ID
		}, func(t *testing.T, id, _ string) *testkit.Response {
			return e.Do("PUT", api+"/users/"+id, co.Token, map[string]any{"password": next})
		}, false},
		{"PUT /auth/{id} by the super-admin", func(t *testing.T) (string, string) {
			m := e.NewMember(co, authz.Perms{})
			return m.Username, m.ID
		}, func(t *testing.T, id, _ string) *testkit.Response {
			return e.Do("PUT", api+"/auth/"+id, sa, map[string]any{"password": next})
		}, false},
		{"PUT /super-admin/{id} by another super-admin", func(t *testing.T) (string, string) {
			b := account("sa")
			b["password"], b["secret_key"] = testkit.SuperAdminPassword, e.SAKey
			r := rawCall(e.Server.Handler, "POST", api+"/super-admin", nil, freshIP(), b)
			if r.Status != 201 {
				t.Fatalf("create super-admin: %d %s", r.Status, r.Raw)
			}
			return b["username"].(string), r.data()["id"].(string)
		}, func(t *testing.T, id, _ string) *testkit.Response {
			return e.Do("PUT", api+"/super-admin/"+id, sa, map[string]any{"password": next})
		}, true},
		{"PUT /auth/me/password by the account itself", func(t *testing.T) (string, string) {
			m := e.NewMember(co, authz.Perms{})
			return m.Username, m.ID
		}, func(t *testing.T, _, own string) *testkit.Response {
			return e.Do("PUT", api+"/auth/me/password", own, map[string]any{"current_password": testkit.Password, "new_password": next})
		}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			login, id := c.setup(t)
			pw := testkit.Password
			if c.super {
				pw = testkit.SuperAdminPassword
			}
			old := e.Login(login, pw)
			e.Must(200, "GET", api+"/auth/me", old, nil)
			r := c.change(t, id, old)
			if r.Status != 200 {
				t.Fatalf("change: %d %s", r.Status, r.Raw)
			}
			wantError(t, "token issued before the change", e.Do("GET", api+"/auth/me", old, nil), 401)
			e.Must(401, "POST", api+"/auth/login", "", map[string]any{"login": login, "password": pw})
			e.Must(200, "GET", api+"/auth/me", e.Login(login, next), nil)
			if fresh, ok := r.Data()["token"].(string); ok { // the account's own change hands back a fresh token
				e.Must(200, "GET", api+"/auth/me", fresh, nil)
			}
		})
	}

	t.Run("an update that does not set a password keeps sessions", func(t *testing.T) {
		other := e.NewCompany()
		e.Must(200, "PUT", api+"/clients/"+other.ID, sa, map[string]any{"firstName": "Kept"})
		e.Must(200, "GET", api+"/auth/me", other.Token, nil)
	})
	t.Run("a refused password change keeps sessions", func(t *testing.T) {
		m := e.NewMember(co, authz.Perms{})
		e.Must(422, "PUT", api+"/users/"+m.ID, co.Token, map[string]any{"password": "short"})
		e.Must(200, "GET", api+"/auth/me", m.Token, nil)
	})
}

// forge signs a token for account id with the test secret, issued at iat,
// carrying generation gen (no gen claim when gen < 0, as tokens issued
// before generations existed).
func forge(t *testing.T, id string, iat time.Time, gen int64) string {
	t.Helper()
	claims := jwt.MapClaims{"id": id, "iat": iat.Unix(), "exp": iat.Add(time.Hour).Unix()}
	if gen >= 0 {
		claims["gen"] = gen
	}
	tok, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(testkit.Secret)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestRevocationIsExact: a token issued in the very millisecond of a password
// change, but before it, is refused; one of the new generation issued at the
// same instant works. Tokens without a generation (issued before generations
// existed) keep working until the next password change.
func TestRevocationIsExact(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	ctx := context.Background()

	legacy := forge(t, m.ID, time.Now(), -1)
	e.Must(200, "GET", api+"/auth/me", legacy, nil)

	e.Must(200, "PUT", api+"/users/"+m.ID, co.Token, map[string]any{"password": "Copper-Meadow-Kite-31"})
	var changed, gen int64
	if err := e.DB.Q(ctx).QueryRowContext(ctx, `SELECT password_changed_at, token_generation FROM principals WHERE id = ?`, m.ID).
		Scan(&changed, &gen); err != nil {
		t.Fatal(err)
	}
	if gen != 1 {
		t.Fatalf("token generation %d after one password change", gen)
	}
	at := time.UnixMilli(changed)
	wantError(t, "same-millisecond token of the previous generation", e.Do("GET", api+"/auth/me", forge(t, m.ID, at, 0), nil), 401)
	wantError(t, "token without a generation", e.Do("GET", api+"/auth/me", legacy, nil), 401)
	wantError(t, "same-millisecond token without a generation", e.Do("GET", api+"/auth/me", forge(t, m.ID, at, -1), nil), 401)
	e.Must(200, "GET", api+"/auth/me", forge(t, m.ID, at, 1), nil)

	// A token from a login right after the change, and one handed back by
	// the account's own change, work; the one before it does not.
	before := e.Login(m.Username, "Copper-Meadow-Kite-31")
	r := e.Must(200, "PUT", api+"/auth/me/password", before, map[string]any{"current_password": "Copper-Meadow-Kite-31", "new_password": "Silver-Orchard-Vane-72"})
	wantError(t, "token of the login just before", e.Do("GET", api+"/auth/me", before, nil), 401)
	e.Must(200, "GET", api+"/auth/me", r.Data()["token"].(string), nil)
}
