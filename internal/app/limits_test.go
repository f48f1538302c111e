package app_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/testkit"
)

// TestRateLimitPerAddress: one address gets its burst, then 429 with
// Retry-After; health checks and preflights are never limited.
func TestRateLimitPerAddress(t *testing.T) {
	h := server(t, app.Options{RateLimitRPS: 0.01, RateLimitBurst: 3})
	for i := range 3 {
		if a := send(t, h, "GET", "/api/v1/departments", nil, "", 0); a.Status != http.StatusUnauthorized {
			t.Fatalf("request %d: %d", i+1, a.Status)
		}
	}
	a := send(t, h, "GET", "/api/v1/departments", nil, "", 0)
	wantJSONError(t, "after the burst", a, http.StatusTooManyRequests)
	wantRetryAfter(t, a)
	if a.Header.Get("Access-Control-Allow-Origin") == "" || a.Header.Get("X-Request-Id") == "" {
		t.Fatalf("429 headers %v", a.Header)
	}
	for i := range 20 {
		for _, p := range []string{"/", "/healthz", "/readyz", "/healthz/"} {
			if a := send(t, h, "GET", p, nil, "", 0); a.Status != http.StatusOK {
				t.Fatalf("health check %s (%d) answered %d", p, i, a.Status)
			}
		}
		if a := send(t, h, "OPTIONS", "/api/v1/departments", map[string]string{"Origin": "https://app.example.com"}, "", 0); a.Status != http.StatusNoContent {
			t.Fatalf("preflight %d answered %d", i, a.Status)
		}
	}
}

// wantRetryAfter checks a Retry-After for a rate of 0.01/s: the next token
// comes within 100 s, and not much sooner as the bucket was just emptied.
func wantRetryAfter(t *testing.T, a *answer) {
	t.Helper()
	n, err := strconv.Atoi(a.Header.Get("Retry-After"))
	if err != nil || n < 50 || n > 100 {
		t.Fatalf("Retry-After %q, want whole seconds up to 100", a.Header.Get("Retry-After"))
	}
}

// TestRateLimitClientIPOption: the address comes from Options.ClientIP.
func TestRateLimitClientIPOption(t *testing.T) {
	h := server(t, app.Options{RateLimitRPS: 0.5, RateLimitBurst: 1,
		ClientIP: func(r *http.Request) string { return r.Header.Get("X-Test-Client") }})
	from := func(c string) int {
		return send(t, h, "GET", "/api/v1/openapi.json", map[string]string{"X-Test-Client": c}, "", 0).Status
	}
	if from("a") != 200 || from("a") != 429 || from("b") != 200 {
		t.Fatal("the address given by ClientIP is not the key")
	}
}

// TestRateLimitPerPrincipal: two principals calling from one address have
// their own buckets; an invalid token is not a principal.
func TestRateLimitPerPrincipal(t *testing.T) {
	e := testkit.New(t)
	alice, bob := e.NewCompany(), e.NewCompany()
	h := server(t, app.Options{RateLimitUserRPS: 0.01, RateLimitUserBurst: 3})
	for _, co := range []*testkit.Company{alice, bob} {
		for i := range 3 {
			if a := send(t, h, "GET", "/api/v1/departments", bearer(co.Token), "", 0); a.Status != http.StatusOK {
				t.Fatalf("%s request %d: %d %s", co.Username, i+1, a.Status, a.Raw)
			}
		}
	}
	for _, co := range []*testkit.Company{alice, bob} {
		a := send(t, h, "GET", "/api/v1/departments", bearer(co.Token), "", 0)
		wantJSONError(t, co.Username+" after the burst", a, http.StatusTooManyRequests)
		wantRetryAfter(t, a)
	}
	for i := range 10 { // a forged token has no principal: only the address limit (off) applies
		if a := send(t, h, "GET", "/api/v1/departments", bearer(alice.Token+"x"), "", 0); a.Status != http.StatusUnauthorized {
			t.Fatalf("forged token %d: %d", i, a.Status)
		}
	}
}

// TestSecurityHeaders: every answer carries the security headers; HSTS only
// when configured.
func TestSecurityHeaders(t *testing.T) {
	plain := server(t, app.Options{})
	hsts := server(t, app.Options{HSTSMaxAge: 31536000})
	for _, c := range []struct{ method, path string }{
		{"GET", "/"}, {"GET", "/healthz"}, {"GET", "/api/v1/openapi.json"}, {"GET", "/api/v1/departments"},
		{"GET", "/nope"}, {"DELETE", "/healthz"}, {"OPTIONS", "/api/v1/departments"},
	} {
		a := send(t, plain, c.method, c.path, nil, "", 0)
		for k, v := range map[string]string{
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
			"X-Frame-Options":         "DENY",
			"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
		} {
			if got := a.Header.Get(k); got != v {
				t.Errorf("%s %s: %s %q, want %q", c.method, c.path, k, got, v)
			}
		}
		if got := a.Header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("%s %s: HSTS %q sent without HSTS_MAX_AGE", c.method, c.path, got)
		}
		a = send(t, hsts, c.method, c.path, nil, "", 0)
		if got := a.Header.Get("Strict-Transport-Security"); got != "max-age=31536000; includeSubDomains" {
			t.Errorf("%s %s: HSTS %q", c.method, c.path, got)
		}
		if !strings.Contains(a.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s %s: CSP %q", c.method, c.path, a.Header.Get("Content-Security-Policy"))
		}
	}
}
