package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/metrics"
)

func TestStatusClassesAndBoundedLabels(t *testing.T) {
	m := metrics.New(nil, func(r *http.Request) string {
		if r.URL.Path == "/known" {
			return "GET /known"
		}
		return ""
	})
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("do") {
		case "panic":
			panic("boom")
		case "fail":
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			_, _ = w.Write([]byte("ok")) // an implicit 200
		}
	}))
	serve := func(method, target string) {
		defer func() { _ = recover() }() // the shared middleware recovers in the service
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(method, target, nil))
	}
	serve("GET", "/known")
	serve("GET", "/known?do=fail")
	serve("GET", "/known?do=panic")
	serve("BREW", "/unknown/abc123")
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	var got []string
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if strings.HasPrefix(line, "crm_http_requests_total{") {
			got = append(got, line)
		}
	}
	want := []string{
		`crm_http_requests_total{method="GET",route="GET /known",status="2xx"} 1`,
		`crm_http_requests_total{method="GET",route="GET /known",status="5xx"} 2`,
		`crm_http_requests_total{method="OTHER",route="unmatched",status="2xx"} 1`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("series:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
