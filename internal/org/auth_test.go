package org_test

import (
	"io"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

func parseClaims(t *testing.T, tok string, secret []byte) jwt.MapClaims {
	t.Helper()
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return secret, nil }, jwt.WithValidMethods([]string{"HS256"}))
	if err != nil {
		t.Fatalf("token does not verify with the server's secret: %v", err)
	}
	return claims
}

func TestLogin(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	email := m.Username + "@example.com"

	for _, tc := range []struct{ name, login string }{
		{"by e-mail", email},
		{"by username", m.Username},
		{"by e-mail in upper case", strings.ToUpper(email)},
		{"by username in mixed case", strings.ToUpper(m.Username[:3]) + m.Username[3:]},
		{"with surrounding spaces", "  " + m.Username + " "},
	} {
		t.Run("succeeds "+tc.name, func(t *testing.T) {
			r := login(t, e, map[string]any{"login": tc.login, "password": testkit.Password})
			if r.Status != 200 || r.Body["success"] != true || r.message() != "Login successful" {
				t.Fatalf("status %d: %s", r.Status, r.Raw)
			}
			noSecrets(t, "login", r.Raw)
			tok, _ := r.data()["token"].(string)
			c := parseClaims(t, tok, testkit.Secret)
			want := map[string]any{"id": m.ID, "email": email, "role": m.RoleID, "company_id": co.ID}
			for k, v := range want {
				if c[k] != v {
					t.Errorf("claim %s = %v, want %v", k, c[k], v)
				}
			}
			if rn, _ := c["roleName"].(string); !strings.HasPrefix(rn, "role ") {
				t.Errorf("claim roleName = %v", c["roleName"])
			}
			exp, _ := c["exp"].(float64)
			if d := time.Until(time.Unix(int64(exp), 0)); math.Abs(d.Hours()-24) > 0.1 {
				t.Errorf("token lives %v, want 24h", d)
			}
			u, _ := r.data()["user"].(map[string]any)
			if u["id"] != m.ID || u["username"] != m.Username || u["email"] != email || u["role_id"] != m.RoleID || u["roleName"] != c["roleName"] {
				t.Errorf("data.user = %v", u)
			}
			for k := range u {
				if strings.Contains(strings.ToLower(k), "password") {
					t.Errorf("data.user has %q", k)
				}
			}
			// The token works.
			e.Must(200, "GET", api+"/auth/me", tok, nil)
		})
	}

	t.Run("of a company owner carries the client role and company", func(t *testing.T) {
		r := login(t, e, map[string]any{"login": co.Username, "password": testkit.Password})
		c := parseClaims(t, r.data()["token"].(string), testkit.Secret)
		if c["roleName"] != "client" || c["company_id"] != co.ID || c["id"] != co.ID {
			t.Fatalf("claims %v", c)
		}
		noSecrets(t, "login", r.Raw)
	})

	t.Run("of a super-admin has roleName super-admin", func(t *testing.T) {
		c := parseClaims(t, e.SuperAdmin(), testkit.Secret)
		if c["roleName"] != "super-admin" || c["company_id"] != "" {
			t.Fatalf("claims %v", c)
		}
	})

	t.Run("wrong password and unknown login answer the same 401", func(t *testing.T) {
		bad := login(t, e, map[string]any{"login": m.Username, "password": "Wrong-pass1"})
		unknown := login(t, e, map[string]any{"login": "nobody" + testkit.Unique(), "password": testkit.Password})
		for _, r := range []*reply{bad, unknown} {
			if r.Status != 401 || r.Body["success"] != false {
				t.Fatalf("status %d: %s", r.Status, r.Raw)
			}
			if _, has := r.Body["data"]; has {
				t.Errorf("error answer has data: %s", r.Raw)
			}
		}
		if bad.message() != unknown.message() || bad.message() == "" {
			t.Fatalf("messages differ: %q vs %q", bad.message(), unknown.message())
		}
	})

	t.Run("a username with non-ASCII capitals logs in as written", func(t *testing.T) {
		u := "Émile" + testkit.Unique()
		e.Must(201, "POST", api+"/employees", co.Token, map[string]any{"username": u, "email": "e" + testkit.Unique() + "@example.com", "password": testkit.Password})
		for _, name := range []string{u, " " + u + " ", "Émile" + strings.ToUpper(u[len("Émile"):])} {
			if r := login(t, e, map[string]any{"login": name, "password": testkit.Password}); r.Status != 200 {
				t.Fatalf("login %q: status %d: %s", name, r.Status, r.Raw)
			}
		}
	})

	t.Run("password is case-sensitive", func(t *testing.T) {
		r := login(t, e, map[string]any{"login": m.Username, "password": strings.ToUpper(testkit.Password)})
		if r.Status != 401 {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
	})

	for _, tc := range []struct {
		name   string
		body   any
		status int
	}{
		{"missing login", map[string]any{"password": testkit.Password}, 422},
		{"missing password", map[string]any{"login": m.Username}, 422},
		{"empty body", "", 422},
		{"blank login", map[string]any{"login": "   ", "password": "x"}, 422},
		{"login of the wrong type", map[string]any{"login": 12, "password": "x"}, 422},
		{"malformed JSON", `{"login": "x", "password": `, 400},
		{"a JSON array", `[1,2]`, 400},
	} {
		t.Run("rejects "+tc.name, func(t *testing.T) {
			r := login(t, e, tc.body)
			if r.Status != tc.status || r.Body["success"] != false || r.message() == "" {
				t.Fatalf("status %d, want %d: %s", r.Status, tc.status, r.Raw)
			}
		})
	}

	t.Run("repeated failures lock the account with 429 from every address", func(t *testing.T) {
		victim := e.NewMember(co, authz.Perms{})
		ip := freshIP()
		var last *reply
		for i := 0; i < 11; i++ {
			last = rawCall(e.Server.Handler, "POST", api+"/auth/login", nil, ip, map[string]any{"login": victim.Username, "password": "Wrong-pass1"})
		}
		if last.Status != 429 || last.Header.Get("Retry-After") == "" || last.Body["success"] != false {
			t.Fatalf("11th failure: status %d, Retry-After %q: %s", last.Status, last.Header.Get("Retry-After"), last.Raw)
		}
		// The right password from another address is refused too while the lock lasts.
		if r := login(t, e, map[string]any{"login": victim.Username, "password": testkit.Password}); r.Status != 429 {
			t.Fatalf("other address: status %d", r.Status)
		}
	})
}

func TestTokens(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	nobody := e.NewMember(co, authz.Perms{})
	path := api + "/departments"

	sign := func(secret []byte, method jwt.SigningMethod, claims jwt.Claims) string {
		tok, err := jwt.NewWithClaims(method, claims).SignedString(secret)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	claims := func(id string, exp time.Time) auth.Claims {
		return auth.Claims{ID: id, Email: co.Username + "@example.com", RegisteredClaims: jwt.RegisteredClaims{
			IssuedAt: jwt.NewNumericDate(exp.Add(-24 * time.Hour)), ExpiresAt: jwt.NewNumericDate(exp)}}
	}

	t.Run("Bearer <jwt> and Bearer \"<jwt>\" both work", func(t *testing.T) {
		for _, h := range []string{"Bearer " + co.Token, `Bearer "` + co.Token + `"`, "bearer " + co.Token} {
			if r := withAuth(t, e, "GET", path, h, nil); r.Status != 200 {
				t.Fatalf("%.20s…: status %d: %s", h, r.Status, r.Raw)
			}
		}
	})

	t.Run("a token I signed with the server's secret works", func(t *testing.T) {
		tok := sign(testkit.Secret, jwt.SigningMethodHS256, claims(co.ID, time.Now().Add(time.Hour)))
		e.Must(200, "GET", path, tok, nil)
	})

	none, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims(co.ID, time.Now().Add(time.Hour))).SignedString(jwt.UnsafeAllowNoneSignatureType)
	if err != nil {
		t.Fatal(err)
	}
	rejected := []struct{ name, header string }{
		{"missing header", ""},
		{"wrong scheme", "Basic " + co.Token},
		{"token without scheme", co.Token},
		{"empty bearer", "Bearer "},
		{"empty quoted bearer", `Bearer ""`},
		{"garbage token", "Bearer not.a.jwt"},
		{"truncated token", "Bearer " + co.Token[:len(co.Token)-4]},
		{"token signed with another secret", "Bearer " + sign([]byte("another-secret-that-is-long-enough-0123456789"), jwt.SigningMethodHS256, claims(co.ID, time.Now().Add(time.Hour)))},
		{"token signed with HS512", "Bearer " + sign(testkit.Secret, jwt.SigningMethodHS512, claims(co.ID, time.Now().Add(time.Hour)))},
		{"expired token", "Bearer " + sign(testkit.Secret, jwt.SigningMethodHS256, claims(co.ID, time.Now().Add(-time.Minute)))},
		{"token without expiry", "Bearer " + sign(testkit.Secret, jwt.SigningMethodHS256, auth.Claims{ID: co.ID})},
		{"token without id", "Bearer " + sign(testkit.Secret, jwt.SigningMethodHS256, claims("", time.Now().Add(time.Hour)))},
		{"token of an unknown account", "Bearer " + sign(testkit.Secret, jwt.SigningMethodHS256, claims("AAAAAAAAAAAAAAAAAAAAAAA", time.Now().Add(time.Hour)))},
		{"unsigned token (alg none)", "Bearer " + none},
	}
	for _, tc := range rejected {
		t.Run("401 for "+tc.name, func(t *testing.T) {
			for _, method := range []string{"GET", "POST"} {
				r := withAuth(t, e, method, path, tc.header, map[string]any{"department_name": "Sales"})
				if r.Status != 401 || r.Body["success"] != false || r.message() == "" {
					t.Fatalf("%s: status %d: %s", method, r.Status, r.Raw)
				}
				if r.Header.Get("Access-Control-Allow-Origin") == "" {
					t.Errorf("401 without CORS header")
				}
			}
		})
	}

	t.Run("401 for the token of a deleted account", func(t *testing.T) {
		gone := e.NewMember(co, authz.Perms{})
		e.Must(200, "GET", api+"/auth/me", gone.Token, nil)
		e.Must(200, "DELETE", api+"/users/"+gone.ID, co.Token, nil)
		r := e.Do("GET", api+"/auth/me", gone.Token, nil)
		wantError(t, "deleted account", r, 401)
	})

	t.Run("403 for a valid token without the permission", func(t *testing.T) {
		for _, c := range []struct{ method, path string }{
			{"GET", path}, {"POST", path}, {"GET", api + "/employees"}, {"GET", api + "/roles"}, {"GET", api + "/users"},
		} {
			r := e.Do(c.method, c.path, nobody.Token, map[string]any{"department_name": "Sales"})
			wantError(t, c.method+" "+c.path, r, 403)
		}
	})

	t.Run("a changed role takes effect at once", func(t *testing.T) {
		m := e.NewMember(co, authz.Perms{})
		e.Must(403, "GET", path, m.Token, nil)
		e.Must(200, "PUT", api+"/roles/"+m.RoleID, co.Token, map[string]any{"permissions": authz.Grant([]string{authz.View}, authz.Perm{Module: "hrm", Entity: "departments"})})
		e.Must(200, "GET", path, m.Token, nil)
	})
}

func TestPublicRoutes(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	for _, c := range []struct{ method, path string }{
		{"GET", "/auth"}, {"GET", "/auth/me"}, {"GET", "/auth/" + co.ID}, {"PUT", "/auth/" + co.ID}, {"DELETE", "/auth/" + co.ID},
		{"POST", "/auth/signup"}, {"GET", "/super-admin"}, {"GET", "/clients"}, {"POST", "/clients"}, {"GET", "/sub-clients"},
		{"POST", "/employees"}, {"GET", "/users"}, {"GET", "/roles"}, {"POST", "/roles"}, {"GET", "/permissions"},
		{"GET", "/role-permissions"}, {"GET", "/subscriptions"}, {"POST", "/subscriptions/assign"}, {"GET", "/client-subscriptions"},
		{"GET", "/features"}, {"GET", "/departments/"}, {"DELETE", "/departments/" + co.ID}, {"GET", "/designations"},
		{"GET", "/branches"}, {"GET", "/notifications"}, {"GET", "/activities"},
	} {
		r := e.Do(c.method, api+c.path, "", map[string]any{})
		wantError(t, c.method+" "+c.path+" without a token", r, 401)
	}
	// The two public API routes answer without one (here with a validation error, not 401).
	if r := login(t, e, map[string]any{}); r.Status != 422 {
		t.Fatalf("login without token: %d", r.Status)
	}
	r := rawCall(e.Server.Handler, "POST", api+"/super-admin", nil, freshIP(), map[string]any{"secret_key": e.SAKey})
	if r.Status != 422 {
		t.Fatalf("super-admin without token: %d %s", r.Status, r.Raw)
	}
}

func TestSuperAdminSignup(t *testing.T) {
	e := testkit.New(t)
	post := func(body map[string]any) *reply {
		t.Helper()
		r := rawCall(e.Server.Handler, "POST", api+"/super-admin", nil, freshIP(), body)
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		return r
	}
	sa := func(pw, key string) map[string]any {
		u := "sa" + testkit.Unique()
		return map[string]any{"username": u, "email": u + "@example.com", "password": pw, "secret_key": key}
	}

	t.Run("creates a super-admin who can log in", func(t *testing.T) {
		body := sa(testkit.SuperAdminPassword, e.SAKey)
		r := post(body)
		if r.Status != 201 {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
		noSecrets(t, "create super-admin", r.Raw)
		if strings.Contains(string(r.Raw), e.SAKey) {
			t.Fatalf("answer echoes the secret key: %s", r.Raw)
		}
		tok := e.Login(body["username"].(string), testkit.SuperAdminPassword)
		e.Must(200, "GET", api+"/clients", tok, nil)
	})
	t.Run("401 with a wrong secret", func(t *testing.T) {
		for _, key := range []string{"wrong", "", e.SAKey + "x"} {
			if r := post(sa(testkit.SuperAdminPassword, key)); r.Status != 401 || r.Body["success"] != false {
				t.Fatalf("key %q: status %d: %s", key, r.Status, r.Raw)
			}
		}
	})
	t.Run("422 with a weak password", func(t *testing.T) {
		for _, pw := range []string{"Sh0rt@", "Xy7#kQzmP2v", "password1234", "aaaaaaaaaaaa", ""} {
			r := post(sa(pw, e.SAKey))
			if r.Status != 422 {
				t.Fatalf("password %q: status %d: %s", pw, r.Status, r.Raw)
			}
		}
	})
	t.Run("409 when the username or e-mail is taken", func(t *testing.T) {
		co := e.NewCompany()
		body := sa(testkit.SuperAdminPassword, e.SAKey)
		body["username"] = strings.ToUpper(co.Username)
		if r := post(body); r.Status != 409 {
			t.Fatalf("status %d: %s", r.Status, r.Raw)
		}
	})
	t.Run("repeated wrong secrets from one address are slowed down with 429", func(t *testing.T) {
		ip := freshIP()
		for i := 0; i < 10; i++ {
			if r := rawCall(e.Server.Handler, "POST", api+"/super-admin", nil, ip, sa(testkit.SuperAdminPassword, "wrong")); r.Status != 401 {
				t.Fatalf("attempt %d: %d", i+1, r.Status)
			}
		}
		if r := rawCall(e.Server.Handler, "POST", api+"/super-admin", nil, ip, sa(testkit.SuperAdminPassword, e.SAKey)); r.Status != 429 {
			t.Fatalf("11th attempt: %d %s", r.Status, r.Raw)
		}
	})
	t.Run("403 when the server has no key", func(t *testing.T) {
		srv, err := app.New(testkit.DB(t), app.Options{JWTSecret: testkit.Secret, SuperAdminKey: "", BcryptCost: bcrypt.MinCost,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{"", e.SAKey} {
			r := rawCall(srv.Handler, "POST", api+"/super-admin", nil, freshIP(), sa(testkit.SuperAdminPassword, key))
			if r.Status != 403 || r.Body["success"] != false {
				t.Fatalf("key %q: status %d: %s", key, r.Status, r.Raw)
			}
		}
	})
}
