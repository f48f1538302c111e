package crm_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// The benchmarks drive the complete HTTP stack in process (middleware, JWT
// check and principal load, routing, the resource engine and SQL) on the
// package's test database (SQLite unless TEST_DB says otherwise). The rows
// they read are written with bulk INSERTs, not through the API. Run them with
//
//	go test -run '^$' -bench . -benchmem ./internal/crm/

// seedLeads inserts n leads into company co with multi-row INSERTs, 500 rows
// per statement, in one transaction. Names cycle through a few hundred values
// so that sorting by them has ties, as real data does.
func seedLeads(tb testing.TB, store *db.DB, co string, n int) {
	tb.Helper()
	const batch = 500
	first := []string{"Ada", "Bea", "carl", "Dmitri", "Émile", "fatima", "Gus", "Hana", "Ivo", "june", "Kofi", "Lena"}
	statuses := []string{"new", "contacted", "qualified", "proposal", "won", "lost"}
	base := int64(db.Stamp()) - int64(n)*1000
	err := store.InTx(context.Background(), func(ctx context.Context) error {
		for done := 0; done < n; {
			k := min(batch, n-done)
			var sb strings.Builder
			sb.WriteString(`INSERT INTO leads (id, company_id, created_by, updated_by, created_at, updated_at, lead_title, first_name, last_name, email, status, converted) VALUES `)
			args := make([]any, 0, k*12)
			for i := 0; i < k; i++ {
				j := done + i
				if i > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				at := base + int64(j)*1000
				args = append(args, db.NewID(), co, "seed", "seed", at, at,
					fmt.Sprintf("Deal %d for %s", j%997, first[j%len(first)]), first[(j/7)%len(first)],
					fmt.Sprintf("Surname%03d", (j*31)%389), fmt.Sprintf("lead%d@example.com", j), statuses[j%len(statuses)], false)
			}
			if _, err := store.Q(ctx).ExecContext(ctx, sb.String(), args...); err != nil {
				return err
			}
			done += k
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("seed leads: %v", err)
	}
}

// get sends one request through the handler and fails unless it answers 2xx.
func get(b *testing.B, h http.Handler, method, path, token string, body []byte) *httptest.ResponseRecorder {
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
	return rec
}

// seeded companies, made once per test binary so that -count and the
// sub-benchmarks do not pay for the setup again.
var (
	seedMu sync.Mutex
	seeded = map[int]*testkit.Company{}
)

func companyWithLeads(b *testing.B, e *testkit.Env, n int) *testkit.Company {
	seedMu.Lock()
	defer seedMu.Unlock()
	if co := seeded[n]; co != nil {
		return co
	}
	co := e.NewCompany()
	seedLeads(b, e.DB, co.ID, n)
	seeded[n] = co
	return co
}

func BenchmarkListLeads1000(b *testing.B) {
	e := testkit.New(b)
	co := companyWithLeads(b, e, 1000)
	if n := len(e.Must(200, "GET", api+"/leads", co.Token, nil).List()); n != 1000 {
		b.Fatalf("list answered %d rows, want 1000", n)
	}
	h := e.Server.Handler
	b.ReportAllocs()
	for b.Loop() {
		get(b, h, "GET", api+"/leads", co.Token, nil)
	}
}

// BenchmarkListLeadsPage100k reads page 20 (50 rows, with the total) of a
// company holding 100,000 leads, in several orders, and a q search.
func BenchmarkListLeadsPage100k(b *testing.B) {
	e := testkit.New(b)
	co := companyWithLeads(b, e, 100_000)
	for _, c := range []struct{ name, query string }{
		{"default", "page=20&limit=50"},
		{"sort=lastName", "page=20&limit=50&sort=lastName"},
		{"sort=-leadTitle", "page=20&limit=50&sort=-leadTitle"},
		{"sort=updatedAt", "page=20&limit=50&sort=updatedAt"},
		{"status=won", "page=20&limit=50&status=won"},
		{"q=surname042", "page=1&limit=50&q=surname042"},
	} {
		b.Run(c.name, func(b *testing.B) {
			r := e.Must(200, "GET", api+"/leads?"+c.query, co.Token, nil)
			if len(r.List()) != 50 {
				b.Fatalf("%s: %d rows, want 50", c.query, len(r.List()))
			}
			h := e.Server.Handler
			path := api + "/leads?" + c.query
			b.ReportAllocs()
			for b.Loop() {
				get(b, h, "GET", path, co.Token, nil)
			}
		})
	}
}

var leadSeq atomic.Int64

func BenchmarkCreateLead(b *testing.B) {
	e := testkit.New(b)
	co := e.NewCompany()
	h := e.Server.Handler
	b.ReportAllocs()
	for b.Loop() {
		n := leadSeq.Add(1)
		body := fmt.Appendf(nil, `{"leadTitle":"Lead %d","firstName":"Eve","lastName":"Tester","email":"eve%d@example.com","status":"new","source":"","assigned":""}`, n, n)
		get(b, h, "POST", api+"/leads", co.Token, body)
	}
}
