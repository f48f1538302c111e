package app_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/testkit"
)

const metricsToken = "metrics-token-0123456789abcdef"

// get serves GET path with the given Authorization header ("" for none).
func get(t *testing.T, h http.Handler, path, authz string) (int, string) {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body, _ := io.ReadAll(rec.Body)
	return rec.Code, string(body)
}

func TestMetricsOffByDefault(t *testing.T) {
	h := testkit.New(t).Server.Handler
	for _, p := range []string{"/metrics", "/debug/pprof/"} {
		if code, body := get(t, h, p, "Bearer "+metricsToken); code != 404 {
			t.Errorf("%s without METRICS_TOKEN: %d %s", p, code, body)
		}
	}
}

func TestMetricsRequireTheToken(t *testing.T) {
	h := server(t, app.Options{MetricsToken: metricsToken, RateLimitRPS: 1, RateLimitBurst: 1})
	for _, authz := range []string{"", "Bearer wrong-token-0123456789abcdef", "Bearer " + metricsToken + "x", metricsToken} {
		code, body := get(t, h, "/metrics", authz)
		if code != 401 {
			t.Fatalf("Authorization %q: %d, want 401", authz, code)
		}
		var env map[string]any
		if err := json.Unmarshal([]byte(body), &env); err != nil || env["success"] != false || env["message"] == "" {
			t.Fatalf("401 not in the envelope: %s", body)
		}
	}
	// pprof is off unless asked for, even with the token.
	if code, _ := get(t, h, "/debug/pprof/", "Bearer "+metricsToken); code != 404 {
		t.Fatalf("pprof without PPROF: %d, want 404", code)
	}
	// Never rate limited: the address limit above is 1 request with a burst of 1.
	for i := 0; i < 5; i++ {
		if code, body := get(t, h, "/metrics", "Bearer "+metricsToken); code != 200 {
			t.Fatalf("scrape %d: %d %s", i, code, body)
		}
	}
}

func TestMetricsCountRequestsByRoutePattern(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := server(t, app.Options{MetricsToken: metricsToken})
	id := e.Must(201, "POST", "/api/v1/departments", co.Token, map[string]any{"department_name": "Metered"}).ID()
	req := httptest.NewRequest("GET", "/api/v1/departments/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+co.Token)
	h.ServeHTTP(httptest.NewRecorder(), req)
	get(t, h, "/api/v1/no-such-route/"+id, "")

	code, body := get(t, h, "/metrics", "Bearer "+metricsToken)
	if code != 200 {
		t.Fatalf("/metrics: %d %s", code, body)
	}
	for _, want := range []string{
		`crm_http_requests_total{method="GET",route="GET /api/v1/departments/{id}",status="2xx"} 1`,
		`crm_http_requests_total{method="GET",route="unmatched",status="4xx"} 1`,
		`crm_http_request_duration_seconds_bucket{method="GET",route="GET /api/v1/departments/{id}",status="2xx",le=`,
		`go_sql_open_connections{db_name=`,
		`go_sql_max_open_connections{db_name=`,
		`go_sql_wait_count_total{db_name=`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(body, id) {
		t.Errorf("/metrics carries a raw path (row id %s)", id)
	}
	if testkit.Dialect() == "sqlite" {
		for _, pool := range []string{`db_name="reader"`, `db_name="writer"`} {
			if !strings.Contains(body, `go_sql_max_open_connections{`+pool+`}`) {
				t.Errorf("/metrics lacks the %s pool", pool)
			}
		}
	}
}

func TestPprofBehindTheToken(t *testing.T) {
	h := server(t, app.Options{MetricsToken: metricsToken, Pprof: true})
	if code, _ := get(t, h, "/debug/pprof/", ""); code != 401 {
		t.Fatalf("pprof without the token: %d, want 401", code)
	}
	code, body := get(t, h, "/debug/pprof/", "Bearer "+metricsToken)
	if code != 200 || !strings.Contains(body, "goroutine") {
		t.Fatalf("pprof index: %d %.200s", code, body)
	}
	if code, _ := get(t, h, "/debug/pprof/goroutine?debug=1", "Bearer "+metricsToken); code != 200 {
		t.Fatalf("goroutine profile: %d", code)
	}
}
