package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// seedJobs inserts n jobs (the 15-field resource) into company co with
// multi-row INSERTs in one transaction: JSON, instant, nullable and text
// columns all filled, a few NULLs.
func seedJobs(tb testing.TB, store *db.DB, co string, n int) {
	tb.Helper()
	insertJobs(tb, store, n, func(j int, at int64) []any {
		var openings, desc any
		if j%5 != 0 {
			openings, desc = int64(j%17), fmt.Sprintf("Builds <the> REST backend & more, role %d", j)
		}
		return []any{db.NewID(), co, "seed", "seed", at, at,
			fmt.Sprintf("Engineer %d", j%991), "Engineering", `{"Skills":["Go","SQL"]}`, "Pune",
			`{"InterviewRounds":["Screening","Technical","HR"]}`, at, at + 86400000, openings, "Open", "Asha",
			"Full time", "3+ years", "INR", "1800000", desc}
	})
}

// insertJobs inserts n jobs, the j-th with the 21 column values row(j, at)
// gives (at: its creation instant, one second apart, ending now), with
// multi-row INSERTs in one transaction.
func insertJobs(tb testing.TB, store *db.DB, n int, row func(j int, at int64) []any) {
	tb.Helper()
	const batch = 400
	base := int64(db.Stamp()) - int64(n)*1000
	err := store.InTx(context.Background(), func(ctx context.Context) error {
		for done := 0; done < n; {
			k := min(batch, n-done)
			var sb strings.Builder
			sb.WriteString(`INSERT INTO jobs (id, company_id, created_by, updated_by, created_at, updated_at, title, category, skills, location, interview_rounds, start_date, end_date, total_openings, status, recruiter, job_type, work_experience, currency, expected_salary, description) VALUES `)
			args := make([]any, 0, k*21)
			for i := 0; i < k; i++ {
				j := done + i
				if i > 0 {
					sb.WriteString(", ")
				}
				sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				args = append(args, row(j, base+int64(j)*1000)...)
			}
			if _, err := store.Q(ctx).ExecContext(ctx, sb.String(), args...); err != nil {
				return err
			}
			done += k
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("seed jobs: %v", err)
	}
}

var (
	jobsMu     sync.Mutex
	jobsSeeded = map[int]*testkit.Company{}
)

func companyWithJobs(b *testing.B, e *testkit.Env, n int) *testkit.Company {
	jobsMu.Lock()
	defer jobsMu.Unlock()
	if co := jobsSeeded[n]; co != nil {
		return co
	}
	co := e.NewCompany()
	seedJobs(b, e.DB, co.ID, n)
	jobsSeeded[n] = co
	return co
}

// BenchmarkListJobs1000 is GET /api/v1/jobs on a company holding 1,000 jobs
// (all rows, unpaged).
func BenchmarkListJobs1000(b *testing.B) {
	e := testkit.New(b)
	co := companyWithJobs(b, e, 1000)
	if n := len(e.Must(200, "GET", "/api/v1/jobs", co.Token, nil).List()); n != 1000 {
		b.Fatalf("list answered %d rows, want 1000", n)
	}
	h := e.Server.Handler
	b.ReportAllocs()
	for b.Loop() {
		serve(b, h, "GET", "/api/v1/jobs", co.Token, nil)
	}
}

// BenchmarkListJobsPage100k reads 50 jobs of a company holding 100,000: a
// shallow and a deep page with the total, pages without it, and the deep
// position reached by a cursor.
func BenchmarkListJobsPage100k(b *testing.B) {
	e := testkit.New(b)
	co := companyWithJobs(b, e, 100_000)
	cases := []struct{ name, query string }{
		{"page=20", "page=20&limit=50"},
		{"page=1000", "page=1000&limit=50"},
		{"page=20,sort=title", "page=20&limit=50&sort=title"},
		{"page=1000,sort=title", "page=1000&limit=50&sort=title"},
		// Each iteration a page not asked for before (two apart, so that no
		// page's anchor was kept by the page before it): the first visit of
		// a deep page, which the repeated cases above answer once.
		{"page=1000+2i", "limit=50"},
		{"page=1000+2i,sort=title", "limit=50&sort=title"},
	}
	cases = append(cases, extraPageCases(b, e, co)...)
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			fresh := strings.Contains(c.name, "+2i")
			path := func(i int) string {
				if fresh {
					return fmt.Sprintf("/api/v1/jobs?%s&page=%d", c.query, 1000+2*(i%500))
				}
				return "/api/v1/jobs?" + c.query
			}
			first := path(0)
			if fresh {
				first = "/api/v1/jobs?" + c.query + "&page=1999" // odd: neither a page of the loop nor before one
			}
			if n := len(e.Must(200, "GET", first, co.Token, nil).List()); n != 50 {
				b.Fatalf("%s: %d rows, want 50", c.query, n)
			}
			h := e.Server.Handler
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				serve(b, h, "GET", path(i), co.Token, nil)
				i++
			}
		})
	}
}
