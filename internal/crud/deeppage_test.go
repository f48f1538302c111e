package crud_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// seedDeepJobs inserts n jobs of company co straight into the table: titles
// that differ only in case and repeat, three rows per creation instant, half
// of them in Pune, a quarter titled Analyst.
func seedDeepJobs(t *testing.T, e env, co string, n int) {
	t.Helper()
	base := int64(db.Stamp()) - int64(n)*1000
	titles := []string{"Engineer", "engineer", "Analyst", "ENGINEER"}
	var sb strings.Builder
	var args []any
	for j := 0; j < n; j++ {
		if j > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(?, ?, 'seed', 'seed', ?, ?, ?, 'Eng', '{}', ?, '{}', ?, ?, 'Open', 'Asha', 'INR', '1')")
		at := base + int64(j/3)*1000
		loc := "Mumbai"
		if j%2 == 0 {
			loc = "Pune"
		}
		args = append(args, db.NewID(), co, at, at, fmt.Sprintf("%s %d", titles[j%4], j%13), loc, at, at+86400000)
	}
	_, err := e.DB.Write.ExecContext(context.Background(), e.DB.Dialect.Rebind(`INSERT INTO jobs (id, company_id, created_by, updated_by,
		created_at, updated_at, title, category, skills, location, interview_rounds, start_date, end_date, status, recruiter,
		currency, expected_salary) VALUES `+sb.String()), args...)
	if err != nil {
		t.Fatal(err)
	}
}

// rawRows returns the rows of a list answer as their JSON text.
func rawRows(t *testing.T, r *testkit.Response) []string {
	t.Helper()
	var body struct{ Data []json.RawMessage }
	if err := json.Unmarshal(r.Raw, &body); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(body.Data))
	for i, row := range body.Data {
		out[i] = string(row)
	}
	return out
}

// deepCases are the lists the deep-page tests page through.
var deepCases = []string{"", "sort=title", "sort=-title", "location=Pune", "q=analyst", "q=engineer&sort=-title", "sort=startDate,-title"}

// checkPages pages through list query of company co with ?page=&limit=size,
// every page in order then again from the last, plus the page past the end,
// and requires each to hold exactly the rows the unpaged list holds at its
// offset, with the same pagination, and the second answer of a page to be
// byte for byte the first.
func checkPages(t *testing.T, e env, token, query string, size int) {
	t.Helper()
	want := rawRows(t, e.Must(200, "GET", "/api/v1/jobs?"+query, token, nil))
	n := len(want)
	pages := (n + size - 1) / size
	first := map[int][]byte{}
	page := func(p int) {
		t.Helper()
		q, _ := url.ParseQuery(query)
		q.Set("page", fmt.Sprint(p))
		q.Set("limit", fmt.Sprint(size))
		r := e.Must(200, "GET", "/api/v1/jobs?"+q.Encode(), token, nil)
		got := rawRows(t, r)
		lo, hi := min((p-1)*size, n), min(p*size, n)
		if strings.Join(got, "\n") != strings.Join(want[lo:hi], "\n") {
			t.Fatalf("%s page %d of %d: %d rows differ from rows %d–%d of the list", query, p, pages, len(got), lo, hi)
		}
		pg := pagination(r)
		if pg["page"] != float64(p) || pg["limit"] != float64(size) || pg["total"] != float64(n) || pg["pages"] != float64(pages) {
			t.Fatalf("%s page %d: pagination %v, want total %d, pages %d", query, p, pg, n, pages)
		}
		if next, _ := pg["next"].(string); (next != "") != (hi < n) {
			t.Fatalf("%s page %d: next %q with %d rows after the page", query, p, next, n-hi)
		}
		if prev, ok := first[p]; ok && !bytes.Equal(prev, r.Raw) {
			t.Fatalf("%s page %d: answered differently the second time:\n%s\n%s", query, p, prev, r.Raw)
		}
		first[p] = r.Raw
	}
	for p := 1; p <= pages+1; p++ {
		page(p)
	}
	for p := pages + 1; p >= 1; p-- {
		page(p)
	}
	page(pages + 5)
}

// TestDeepPagesMatchOffset: pages read at a deep offset (by the deferred
// join) and again from the kept anchors answer exactly the rows, order and
// pagination of the plain offset, for the default order, text sorts (case
// and ties), filters and q, up to the last partial page and past the end;
// after a create or delete through the engine every page is fresh at once;
// one company's anchors never serve another's pages.
func TestDeepPagesMatchOffset(t *testing.T) {
	defer crud.SetDeepOffset(20)()
	e := newEnv(t)
	co, other := e.NewCompany(), e.NewCompany()
	seedDeepJobs(t, e, co.ID, 203)
	seedDeepJobs(t, e, other.ID, 201)
	for _, q := range deepCases {
		checkPages(t, e, co.Token, q, 7)
	}
	// Rows at offsets 20–39 (page 2 of 20) from the deferred join too.
	checkPages(t, e, co.Token, "sort=title", 20)

	// Another company, same sizes and query: its own rows on every page.
	for _, q := range deepCases {
		checkPages(t, e, other.Token, q, 7)
	}

	// A create puts a row first (newest): every kept page boundary moved.
	e.Must(201, "POST", "/api/v1/jobs", co.Token, map[string]any{"title": "Analyst new", "category": "Eng",
		"skills": map[string]any{"Skills": []string{"Go"}}, "location": "Pune", "interviewRounds": map[string]any{"R": []string{"HR"}},
		"startDate": "2025-02-01", "endDate": "2025-03-01", "status": "Open", "recruiter": "Asha", "currency": "INR", "expectedSalary": "1"})
	for _, q := range deepCases {
		checkPages(t, e, co.Token, q, 7)
	}
	// A delete of the newest row moves them back.
	newest := ids(e.Must(200, "GET", "/api/v1/jobs?page=1&limit=1", co.Token, nil))[0]
	e.Must(200, "DELETE", "/api/v1/jobs/"+newest, co.Token, nil)
	for _, q := range deepCases {
		checkPages(t, e, co.Token, q, 7)
	}
}

// TestDeepPageAnchorsWithinTTL: a write the instance cannot see (another
// instance's, here a statement on the raw pool) leaves a kept anchor in use
// until the TTL: the page still starts after the same row, one later than
// the offset now would.
func TestDeepPageAnchorsWithinTTL(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	seedDeepJobs(t, e, co.ID, 60)
	const deep = "/api/v1/jobs?page=5&limit=7"
	kept := time.Now()
	before := ids(e.Must(200, "GET", deep, co.Token, nil))
	newest := ids(e.Must(200, "GET", "/api/v1/jobs?page=1&limit=1", co.Token, nil))[0]
	if _, err := e.DB.Write.ExecContext(context.Background(), e.DB.Dialect.Rebind("DELETE FROM jobs WHERE id = ?"), newest); err != nil {
		t.Fatal(err)
	}
	after := ids(e.Must(200, "GET", deep, co.Token, nil))
	if time.Since(kept) >= 2*time.Second {
		t.Skip("the requests took longer than the TTL")
	}
	if strings.Join(after, ",") != strings.Join(before, ",") {
		t.Fatalf("page 5 moved within the TTL after a write the instance did not see: the anchor was not used\n%v\n%v", before, after)
	}
}
