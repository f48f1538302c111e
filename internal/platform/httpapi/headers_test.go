package httpapi_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/crmhrm/crm/internal/platform/httpapi"
)

func serveWith(o httpapi.Options, h http.HandlerFunc, method string) http.Header {
	o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	rec := httptest.NewRecorder()
	httpapi.Wrap(h, o).ServeHTTP(rec, httptest.NewRequest(method, "/x", nil))
	return rec.Header()
}

var jsonAnswer = func(w http.ResponseWriter, r *http.Request) { httpapi.OK(w, 200, "ok", nil) }

func TestSecurityHeadersOnEveryAnswer(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"json":  jsonAnswer,
		"error": func(w http.ResponseWriter, r *http.Request) { httpapi.WriteError(w, r, httpapi.NotFound("no")) },
		"panic": func(w http.ResponseWriter, r *http.Request) { panic("boom") },
	} {
		for _, m := range []string{"GET", "OPTIONS"} {
			hdr := serveWith(httpapi.Options{}, h, m)
			for k, v := range map[string]string{
				"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
				"Content-Security-Policy": httpapi.DefaultCSP,
			} {
				if got := hdr.Get(k); got != v {
					t.Errorf("%s %s: %s %q, want %q", name, m, k, got, v)
				}
			}
			if got := hdr.Get("Strict-Transport-Security"); got != "" {
				t.Errorf("%s %s: HSTS %q without HSTSMaxAge", name, m, got)
			}
		}
	}
	if httpapi.DefaultCSP != "default-src 'none'; frame-ancestors 'none'" {
		t.Fatalf("JSON policy %q", httpapi.DefaultCSP)
	}
}

func TestHSTSOnlyWhenConfigured(t *testing.T) {
	if got := serveWith(httpapi.Options{HSTSMaxAge: 600}, jsonAnswer, "GET").Get("Strict-Transport-Security"); got != "max-age=600; includeSubDomains" {
		t.Fatalf("HSTS %q", got)
	}
}

// TestHTMLAnswersGetTheHTMLPolicy: an HTML answer gets the HTML policy (the
// option, or the default), unless it sets its own; JSON keeps the JSON one.
func TestHTMLAnswersGetTheHTMLPolicy(t *testing.T) {
	html := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("<!doctype html><p>hi"))
	}
	if got := serveWith(httpapi.Options{}, html, "GET").Get("Content-Security-Policy"); got != httpapi.DefaultHTMLCSP {
		t.Fatalf("HTML answer policy %q", got)
	}
	custom := httpapi.Options{ContentSecurityPolicy: "default-src 'none'", HTMLContentSecurityPolicy: "default-src 'self'"}
	if got := serveWith(custom, html, "GET").Get("Content-Security-Policy"); got != "default-src 'self'" {
		t.Fatalf("configured HTML policy %q", got)
	}
	if got := serveWith(custom, jsonAnswer, "GET").Get("Content-Security-Policy"); got != "default-src 'none'" {
		t.Fatalf("configured JSON policy %q", got)
	}
	own := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Security-Policy", "default-src 'self' https://cdn.example.com")
		w.WriteHeader(200)
	}
	if got := serveWith(httpapi.Options{}, own, "GET").Get("Content-Security-Policy"); got != "default-src 'self' https://cdn.example.com" {
		t.Fatalf("the handler's own policy was replaced: %q", got)
	}
}
