package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
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

// TestPeakRSS checks that the peak resident set size is served and follows
// the memory the process touches.
func TestPeakRSS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("VmHWM is Linux's")
	}
	m := metrics.New(nil, func(*http.Request) string { return "" })
	peak := func() float64 {
		rec := httptest.NewRecorder()
		m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		for _, line := range strings.Split(rec.Body.String(), "\n") {
			if v, ok := strings.CutPrefix(line, metrics.PeakRSSName+" "); ok {
				f, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatalf("%q: %v", line, err)
				}
				return f
			}
		}
		t.Fatalf("no %s in:\n%s", metrics.PeakRSSName, rec.Body.String())
		return 0
	}
	before := peak()
	if before < 1<<20 {
		t.Fatalf("peak %v bytes, want at least 1 MiB", before)
	}
	buf := make([]byte, 64<<20)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1 // touch every page
	}
	after := peak()
	runtime.KeepAlive(buf)
	if after-before < 48<<20 {
		t.Fatalf("peak went from %.0f to %.0f bytes after touching 64 MiB", before, after)
	}
}

// BenchmarkMiddleware is the cost the instruments add to a request.
func BenchmarkMiddleware(b *testing.B) {
	m := metrics.New(nil, func(*http.Request) string { return "GET /api/v1/jobs/{id}" })
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) }))
	req := httptest.NewRequest("GET", "/api/v1/jobs/abc", nil)
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, req)
	}
}
