package crud_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// applicant inserts one job application (a resource with a nullable sortable
// name and nullable filters) straight into the table.
func applicant(t *testing.T, e env, co, job string, at int64, name, status any) string {
	t.Helper()
	id := db.NewID()
	_, err := e.DB.Write.ExecContext(context.Background(), e.DB.Dialect.Rebind(`INSERT INTO job_applications
		(id, company_id, created_by, updated_by, created_at, updated_at, job_id, name, status, total_experience)
		VALUES (?, ?, 'seed', 'seed', ?, ?, ?, ?, ?, ?)`), id, co, at, at, job, name, status, float64(at%7)/2)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func pagination(r *testkit.Response) map[string]any {
	p, _ := r.Body["pagination"].(map[string]any)
	return p
}

// TestCursorWalk: walking a list by its next cursors, while rows are inserted
// between the pages, answers every row that existed before the walk exactly
// once and in the list's order, for the default order and sorts on nullable
// text (with NULLs, case and time ties), instants and several keys.
func TestCursorWalk(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	job := e.Must(201, "POST", "/api/v1/jobs", co.Token, map[string]any{"title": "Walker", "category": "Eng",
		"skills": map[string]any{"Skills": []string{"Go"}}, "location": "Pune", "interviewRounds": map[string]any{"R": []string{"HR"}},
		"startDate": "2025-02-01", "endDate": "2025-03-01", "status": "Open", "recruiter": "Asha", "currency": "INR", "expectedSalary": "1"}).ID()
	names := []any{"Ann", "ann", "Bob", nil, "Émile", "zed", "Ann"}
	statuses := []any{"new", nil, "hired"}
	before := map[string]bool{}
	for i := 0; i < 40; i++ {
		at := int64(1_000_000 + (i/3)*1000) // three rows share each instant
		before[applicant(t, e, co.ID, job, at, names[i%len(names)], statuses[i%len(statuses)])] = true
	}
	const base = "/api/v1/job-applications"
	inserted := 0
	for _, sort := range []string{"", "name", "-name", "createdAt", "-createdAt", "status,-name", "-status,createdAt"} {
		q := url.Values{}
		if sort != "" {
			q.Set("sort", sort)
		}
		var want []string
		for _, id := range ids(e.Must(200, "GET", base+"?"+q.Encode(), co.Token, nil)) {
			if before[id] {
				want = append(want, id)
			}
		}
		q.Set("limit", "6")
		q.Set("page", "1")
		r := e.Must(200, "GET", base+"?"+q.Encode(), co.Token, nil)
		q.Del("page")
		var got []string
		seen := map[string]bool{}
		for step := 0; ; step++ {
			if step > 500 {
				t.Fatalf("sort %q: the walk does not end", sort)
			}
			for _, id := range ids(r) {
				if seen[id] {
					t.Fatalf("sort %q: row %s answered twice", sort, id)
				}
				seen[id] = true
				if before[id] {
					got = append(got, id)
				}
			}
			// Concurrent writers: rows land before, among and after the
			// rows still to come.
			for k := int64(0); k < 2; k++ {
				inserted++
				applicant(t, e, co.ID, job, 1_000_000+int64(inserted*7919%14)*1000+k, names[inserted%len(names)], statuses[inserted%len(statuses)])
			}
			next, _ := pagination(r)["next"].(string)
			if next == "" {
				break
			}
			q.Set("cursor", next)
			r = e.Must(200, "GET", base+"?"+q.Encode(), co.Token, nil)
			if p := pagination(r); p["page"] != nil || p["limit"] != float64(6) {
				t.Fatalf("sort %q: cursor page pagination %v", sort, p)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("sort %q: walk answered\n%v\nthe list before the walk\n%v", sort, got, want)
		}
	}
}

// TestCursorRefused: a cursor that is not one the server issued for this
// list (garbage, altered, another resource's, another sort's), or one sent
// with page, is a 400 that names the cursor.
func TestCursorRefused(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	for i := 0; i < 3; i++ {
		e.Must(201, "POST", "/api/v1/departments", co.Token, map[string]any{"department_name": "Dept " + strings.Repeat("x", i+1)})
		e.Must(201, "POST", "/api/v1/branches", co.Token, map[string]any{"branchName": "Branch " + testkit.Unique()})
	}
	next, _ := pagination(e.Must(200, "GET", "/api/v1/departments?page=1&limit=1", co.Token, nil))["next"].(string)
	if next == "" {
		t.Fatal("a page followed by more rows carries no next cursor")
	}
	e.Must(200, "GET", "/api/v1/departments?limit=1&cursor="+next, co.Token, nil)
	other, _ := pagination(e.Must(200, "GET", "/api/v1/branches?page=1&limit=1", co.Token, nil))["next"].(string)
	sorted, _ := pagination(e.Must(200, "GET", "/api/v1/departments?page=1&limit=1&sort=department_name", co.Token, nil))["next"].(string)
	flip := func(s string, i int) string {
		c := byte('A')
		if s[i] == 'A' {
			c = 'B'
		}
		return s[:i] + string(c) + s[i+1:]
	}
	for _, bad := range []string{"garbage", "", flip(next, 3), flip(next, len(next)/2), flip(next, len(next)-2), next + "AA", other, sorted} {
		r := e.Must(400, "GET", "/api/v1/departments?limit=1&cursor="+url.QueryEscape(bad), co.Token, nil)
		if msg, _ := r.Body["message"].(string); !strings.Contains(msg, `"cursor"`) {
			t.Fatalf("cursor %q: message %q does not name the cursor", bad, msg)
		}
	}
	e.Must(400, "GET", "/api/v1/departments?page=2&limit=1&cursor="+next, co.Token, nil)
}

// TestTotalFalse: total=false answers the page without total and pages (the
// count is skipped); the default and total=true keep them; other values 400.
func TestTotalFalse(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	for i := 0; i < 3; i++ {
		e.Must(201, "POST", "/api/v1/departments", co.Token, map[string]any{"department_name": "Dept " + strings.Repeat("y", i+1)})
	}
	p := pagination(e.Must(200, "GET", "/api/v1/departments?page=1&limit=2&total=false", co.Token, nil))
	if _, ok := p["total"]; ok || p["pages"] != nil || p["page"] != float64(1) || p["limit"] != float64(2) || p["next"] == nil {
		t.Fatalf("total=false pagination: %v", p)
	}
	for _, q := range []string{"", "&total=true"} {
		p = pagination(e.Must(200, "GET", "/api/v1/departments?page=1&limit=2"+q, co.Token, nil))
		if p["total"] != float64(3) || p["pages"] != float64(2) {
			t.Fatalf("pagination%s: %v", q, p)
		}
	}
	e.Must(400, "GET", "/api/v1/departments?page=1&total=no", co.Token, nil)
}
