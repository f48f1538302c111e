package app_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

// The benchmarks drive the complete HTTP stack in process: middleware, JWT
// check and principal load, routing, the resource engine and SQL on the
// package's test database (SQLite unless TEST_DB says otherwise). Run them
// with
//
//	go test -run '^$' -bench . -benchmem ./internal/app/

// letterName maps n onto a department name made of letters only, as the
// department_name pattern requires: "dept" followed by n in base 26 (a–z).
func letterName(n int64) string {
	var digits []byte
	for {
		digits = append(digits, byte('a'+n%26))
		n /= 26
		if n == 0 {
			break
		}
	}
	out := make([]byte, 0, 4+len(digits))
	out = append(out, "dept"...)
	for i := len(digits) - 1; i >= 0; i-- {
		out = append(out, digits[i])
	}
	return string(out)
}

func TestLetterName(t *testing.T) {
	seen := map[string]bool{}
	for n := int64(0); n < 30000; n++ {
		s := letterName(n)
		for _, c := range s {
			if c < 'a' || c > 'z' {
				t.Fatalf("letterName(%d) = %q has a non-letter", n, s)
			}
		}
		if seen[s] {
			t.Fatalf("letterName(%d) = %q repeats", n, s)
		}
		seen[s] = true
	}
}

// serve sends one request through the handler and fails the benchmark
// unless the answer is a 2xx.
func serve(b *testing.B, h http.Handler, method, path, token string, body []byte) {
	var req *http.Request
	if body != nil {
		req = httptest.NewRequest(method, path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code < 200 || rec.Code > 299 {
		b.Fatalf("%s %s: status %d: %s", method, path, rec.Code, rec.Body.String())
	}
}

func BenchmarkGetByID(b *testing.B) {
	e := testkit.New(b)
	co := e.NewCompany()
	id := e.Must(201, "POST", "/api/v1/departments", co.Token, map[string]any{"department_name": "Sales"}).ID()
	h := e.Server.Handler
	path := "/api/v1/departments/" + id
	b.ReportAllocs()
	for b.Loop() {
		serve(b, h, "GET", path, co.Token, nil)
	}
}

// listCompany is a company holding 1,000 departments, made once per test
// binary so that repeated runs (-count) do not pay for the setup again.
var (
	listOnce    sync.Once
	listCompany *testkit.Company
)

func BenchmarkList1000(b *testing.B) {
	e := testkit.New(b)
	listOnce.Do(func() {
		co := e.NewCompany()
		for n := int64(0); n < 1000; n++ {
			e.Must(201, "POST", "/api/v1/departments", co.Token, map[string]any{"department_name": letterName(n)})
		}
		listCompany = co
	})
	if listCompany == nil {
		b.Fatal("setup of the 1,000 departments failed earlier")
	}
	l := e.Must(200, "GET", "/api/v1/departments", listCompany.Token, nil)
	if got := len(l.List()); got != 1000 {
		b.Fatalf("list answered %d rows, want 1000", got)
	}
	h := e.Server.Handler
	b.ReportAllocs()
	for b.Loop() {
		serve(b, h, "GET", "/api/v1/departments", listCompany.Token, nil)
	}
}

// createSeq numbers created departments across runs, so names never collide.
var createSeq atomic.Int64

func BenchmarkCreate(b *testing.B) {
	e := testkit.New(b)
	co := e.NewCompany()
	h := e.Server.Handler
	b.ReportAllocs()
	for b.Loop() {
		body := []byte(`{"department_name":"` + letterName(createSeq.Add(1)) + `"}`)
		serve(b, h, "POST", "/api/v1/departments", co.Token, body)
	}
}
