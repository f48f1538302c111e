package app_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// searchTitles, searchCategories and searchLocations shape the jobs of
// BenchmarkSearchJobs100k as cmd/crmload seeds them: one title in ten holds
// "analyst", one location in eight is "Pune".
var (
	searchTitles     = []string{"Backend engineer", "Frontend engineer", "Data analyst", "Product manager", "Sales executive", "Support specialist", "QA engineer", "DevOps engineer", "HR generalist", "Account manager"}
	searchCategories = []string{"Engineering", "Analytics", "Product", "Sales", "Support", "Operations", "People"}
	searchLocations  = []string{"Pune", "Mumbai", "Bengaluru", "Delhi", "Chennai", "Hyderabad", "Kolkata", "Remote"}
)

// seedSearchJobs inserts n jobs into company co with multi-row INSERTs in
// one transaction (the search index follows, as for any write).
func seedSearchJobs(tb testing.TB, store *db.DB, co string, n int) {
	tb.Helper()
	insertJobs(tb, store, n, func(j int, at int64) []any {
		title := searchTitles[j%len(searchTitles)]
		return []any{db.NewID(), co, "seed", "seed", at, at,
			fmt.Sprintf("%s %06d", title, j), searchCategories[j%len(searchCategories)], `{"Skills":["Go","SQL"]}`,
			searchLocations[j%len(searchLocations)], `{"InterviewRounds":["Screening","Technical","HR"]}`, at, at + 86400000,
			int64(1 + j%5), "Open", fmt.Sprintf("Recruiter %02d", j%20), "Full time", "3+ years", "INR", "1800000",
			"Builds and runs the services of the " + title + " team"}
	})
}

// BenchmarkSearchJobs100k is GET /api/v1/jobs?q=… on a company holding
// 100,000 jobs (and another company holding 10,000 more), first page of 50:
// a word in one row in ten with and without the total, the same sorted by
// title, a word and number that one row holds, a location in one row in
// eight, and two letters (below the index's reach: the company's rows are
// scanned). Run it on each database with TEST_DB (see README › Search).
func BenchmarkSearchJobs100k(b *testing.B) {
	e := testkit.New(b)
	co, other := e.NewCompany(), e.NewCompany()
	seedSearchJobs(b, e.DB, co.ID, 100_000)
	seedSearchJobs(b, e.DB, other.ID, 10_000)
	if e.DB.Dialect.Name() == "postgres" {
		// What autovacuum does in service: statistics, and the rows just
		// written moved from the GIN index's pending list into the index.
		if _, err := e.DB.Write.ExecContext(context.Background(), "VACUUM ANALYZE jobs"); err != nil {
			b.Fatal(err)
		}
	} else if e.DB.Dialect.Name() == "sqlite" {
		if _, err := e.DB.Write.ExecContext(context.Background(), "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	cases := []struct {
		name, query string
		rows, total int
	}{
		{"q=analyst", "q=analyst&page=1&limit=50", 50, 10_000},
		{"q=analyst,total=false", "q=analyst&page=1&limit=50&total=false", 50, -1},
		{"q=analyst,sort=title", "q=analyst&page=1&limit=50&sort=title", 50, 10_000},
		{"q=analyst+000042", "q=analyst+000042&page=1&limit=50", 1, 1},
		{"q=pune", "q=pune&page=1&limit=50", 50, 12_500},
		{"q=qa", "q=qa&page=1&limit=50", 50, 10_000},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			r := e.Must(200, "GET", "/api/v1/jobs?"+c.query, co.Token, nil)
			if n := len(r.List()); n != c.rows {
				b.Fatalf("%s: %d rows, want %d", c.query, n, c.rows)
			}
			if p, _ := r.Body["pagination"].(map[string]any); c.total >= 0 && p["total"] != float64(c.total) {
				b.Fatalf("%s: total %v, want %d", c.query, p["total"], c.total)
			}
			h := e.Server.Handler
			path := "/api/v1/jobs?" + c.query
			b.ReportAllocs()
			for b.Loop() {
				serve(b, h, "GET", path, co.Token, nil)
			}
		})
	}
}
