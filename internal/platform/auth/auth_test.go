package auth_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

var secret = []byte("unit-test-secret-that-is-long-enough-0123456789")

func status(err error) int {
	var e *httpapi.Error
	if errors.As(err, &e) {
		return e.Status
	}
	return 0
}

func TestTokenFromHeader(t *testing.T) {
	for _, tc := range []struct{ header, token string }{
		{"Bearer abc.def.ghi", "abc.def.ghi"},
		{`Bearer "abc.def.ghi"`, "abc.def.ghi"},
		{"bearer abc.def.ghi", "abc.def.ghi"},
		{"BEARER abc", "abc"},
		{"Bearer   abc  ", "abc"},
		{"  Bearer abc", "abc"},
		{`Bearer "abc`, "abc"},
		{`Bearer abc"`, "abc"},
	} {
		got, err := auth.TokenFromHeader(tc.header)
		if err != nil || got != tc.token {
			t.Errorf("TokenFromHeader(%q) = %q, %v; want %q", tc.header, got, err, tc.token)
		}
	}
	for _, h := range []string{"", "Bearer", "Bearer ", `Bearer ""`, `Bearer "`, "Basic abc", "Token abc", "abc.def.ghi", "Bearerabc"} {
		if got, err := auth.TokenFromHeader(h); err == nil || status(err) != 401 {
			t.Errorf("TokenFromHeader(%q) = %q, %v; want a 401", h, got, err)
		}
	}
}

func TestIssueAndVerify(t *testing.T) {
	s := &auth.Service{Secret: secret}
	p := &auth.Principal{ID: "QD0QTUW6JI4EMhKDEAQo54V", Email: "a@example.com", RoleID: "RoleRoleRoleRoleRoleRol", RoleName: "employee", CompanyID: "CompCompCompCompCompCom"}
	tok, err := s.Issue(p)
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != p.ID || c.Email != p.Email || c.Role != p.RoleID || c.RoleName != "employee" || c.CompanyID != p.CompanyID {
		t.Fatalf("claims %+v", c)
	}
	if d := time.Until(c.ExpiresAt.Time); d < 23*time.Hour+59*time.Minute || d > 24*time.Hour {
		t.Fatalf("expires in %v", d)
	}
	// The wire names are the original's.
	parts := strings.Split(tok, ".")
	raw, _ := jwt.NewParser().DecodeSegment(parts[1])
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	for _, k := range []string{"id", "email", "role", "roleName", "company_id", "gen", "iat", "exp"} {
		if _, ok := m[k]; !ok {
			t.Errorf("claim %s missing: %s", k, raw)
		}
	}
	var hdr map[string]any
	raw, _ = jwt.NewParser().DecodeSegment(parts[0])
	_ = json.Unmarshal(raw, &hdr)
	if hdr["alg"] != "HS256" {
		t.Fatalf("header %v", hdr)
	}

	t.Run("TTL", func(t *testing.T) {
		s := &auth.Service{Secret: secret, TTL: time.Minute}
		tok, _ := s.Issue(p)
		c, err := s.Verify(tok)
		if err != nil || time.Until(c.ExpiresAt.Time) > time.Minute {
			t.Fatalf("%v %v", c, err)
		}
	})

	sign := func(method jwt.SigningMethod, key any, claims jwt.Claims) string {
		tok, err := jwt.NewWithClaims(method, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	valid := func(id string, exp time.Time) auth.Claims {
		return auth.Claims{ID: id, RegisteredClaims: jwt.RegisteredClaims{ExpiresAt: jwt.NewNumericDate(exp)}}
	}
	future := time.Now().Add(time.Hour)
	for _, tc := range []struct{ name, token, message string }{
		{"another secret", sign(jwt.SigningMethodHS256, []byte("x-other-secret-that-is-long-enough-012345678"), valid(p.ID, future)), "Invalid token"},
		{"HS512", sign(jwt.SigningMethodHS512, secret, valid(p.ID, future)), "Invalid token"},
		{"alg none", sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, valid(p.ID, future)), "Invalid token"},
		{"expired", sign(jwt.SigningMethodHS256, secret, valid(p.ID, time.Now().Add(-time.Second))), "Token expired"},
		{"no expiry", sign(jwt.SigningMethodHS256, secret, auth.Claims{ID: p.ID}), "Invalid token"},
		{"no id", sign(jwt.SigningMethodHS256, secret, valid("", future)), "Invalid token"},
		{"not yet valid", sign(jwt.SigningMethodHS256, secret, auth.Claims{ID: p.ID, RegisteredClaims: jwt.RegisteredClaims{
			ExpiresAt: jwt.NewNumericDate(future), NotBefore: jwt.NewNumericDate(future.Add(-time.Minute))}}), "Invalid token"},
		{"garbage", "a.b.c", "Invalid token"},
		{"tampered", tok[:len(tok)-2] + "xx", "Invalid token"},
		{"empty", "", "Invalid token"},
	} {
		t.Run("rejects "+tc.name, func(t *testing.T) {
			_, err := s.Verify(tc.token)
			if status(err) != 401 || err.Error() != tc.message {
				t.Fatalf("Verify: %v", err)
			}
		})
	}
}

func TestPasswords(t *testing.T) {
	h, err := auth.HashPassword("Passw0rd!", bcrypt.MinCost)
	if err != nil || !strings.HasPrefix(h, "$2a$04$") {
		t.Fatalf("hash %q %v", h, err)
	}
	h2, _ := auth.HashPassword("Passw0rd!", bcrypt.MinCost)
	if h == h2 {
		t.Fatal("hashes are not salted")
	}
	if !auth.CheckPassword(h, "Passw0rd!") || auth.CheckPassword(h, "passw0rd!") || auth.CheckPassword(h, "") || auth.CheckPassword("", "") || auth.CheckPassword("not a hash", "x") {
		t.Fatal("CheckPassword")
	}
	s := &auth.Service{BcryptCost: bcrypt.MinCost + 1}
	h, _ = s.HashPassword("x")
	if cost, _ := bcrypt.Cost([]byte(h)); cost != bcrypt.MinCost+1 {
		t.Fatalf("cost %d", cost)
	}
	h, _ = auth.HashPassword("x", 0)
	if cost, _ := bcrypt.Cost([]byte(h)); cost != bcrypt.DefaultCost {
		t.Fatalf("default cost %d", cost)
	}
	if _, err := auth.HashPassword(strings.Repeat("x", 73), bcrypt.MinCost); err == nil {
		t.Fatal("a password over bcrypt's 72 bytes was hashed (and would be truncated)")
	}
}

func TestPrincipal(t *testing.T) {
	view := authz.Grant([]string{authz.View}, authz.Perm{Module: "crm", Entity: "lead"})
	lead := authz.Perm{Module: "crm", Entity: "lead"}
	deal := authz.Perm{Module: "crm", Entity: "deal"}
	for _, kind := range []string{auth.KindSuperAdmin, auth.KindClient} {
		p := &auth.Principal{Kind: kind}
		if !p.Can(deal, authz.Delete) || !same(p.Holds(), authz.All()) {
			t.Errorf("%s does not hold everything", kind)
		}
	}
	for _, kind := range []string{auth.KindEmployee, auth.KindSubClient} {
		p := &auth.Principal{Kind: kind, Perms: view}
		if !p.Can(lead, authz.View) || p.Can(lead, authz.Create) || p.Can(deal, authz.View) || !same(p.Holds(), view) {
			t.Errorf("%s: wrong permissions", kind)
		}
	}
	var nobody *auth.Principal
	if nobody.Can(lead, authz.View) || nobody.IsSuperAdmin() {
		t.Error("nil principal allowed")
	}
	if (&auth.Principal{Kind: auth.KindClient}).IsSuperAdmin() || !(&auth.Principal{Kind: auth.KindSuperAdmin}).IsSuperAdmin() {
		t.Error("IsSuperAdmin")
	}
	ctx := auth.With(httptest.NewRequest("GET", "/", nil).Context(), &auth.Principal{ID: "x"})
	if auth.From(ctx).ID != "x" || auth.From(httptest.NewRequest("GET", "/", nil).Context()) != nil {
		t.Error("With/From")
	}
}

func same(a, b authz.Perms) bool {
	ok1, _ := a.Covers(b)
	ok2, _ := b.Covers(a)
	return ok1 && ok2
}

func TestRequireWithoutToken(t *testing.T) {
	s := &auth.Service{Secret: secret}
	called := false
	h := s.Require(func(w http.ResponseWriter, r *http.Request) { called = true })
	for _, hdr := range []string{"", "Basic x", "Bearer nope"} {
		req := httptest.NewRequest("GET", "/x", nil)
		if hdr != "" {
			req.Header.Set("Authorization", hdr)
		}
		rec := httptest.NewRecorder()
		h(rec, req)
		var body map[string]any
		if rec.Code != 401 || json.Unmarshal(rec.Body.Bytes(), &body) != nil || body["success"] != false || body["message"] == "" {
			t.Fatalf("%q: %d %s", hdr, rec.Code, rec.Body)
		}
	}
	if called {
		t.Fatal("handler ran without a token")
	}
}
