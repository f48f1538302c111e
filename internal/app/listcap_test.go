package app_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/testkit"
)

// TestUnpagedListAtTheCap: an unpaged list longer than the server's cap is
// cut at the cap and says so with paging metadata; below the cap it is whole
// and carries none.
func TestUnpagedListAtTheCap(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := server(t, app.Options{ListCap: 3, MaxBodyBytes: 1 << 20})
	names := []string{"Alpha", "Bravo", "Charlie", "Delta"}
	for i, n := range names {
		e.Must(201, "POST", "/api/v1/departments", co.Token, map[string]any{"department_name": n})
		r := send(t, h, "GET", "/api/v1/departments", bearer(co.Token), "", 0)
		data, _ := r.Body["data"].([]any)
		page, paged := r.Body["pagination"].(map[string]any)
		switch {
		case i < 3 && (len(data) != i+1 || paged):
			t.Fatalf("%d rows under a cap of 3: got %d rows, pagination %v", i+1, len(data), page)
		case i == 3 && (len(data) != 3 || !paged || page["total"] != float64(4) || page["limit"] != float64(3)):
			t.Fatalf("4 rows over a cap of 3: got %d rows, pagination %v", len(data), page)
		}
	}
}

// TestCappedListsInParallel: many cut lists at once (each also counts its
// total) all answer, more of them than the database pool has connections.
func TestCappedListsInParallel(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := server(t, app.Options{ListCap: 3, MaxBodyBytes: 1 << 20})
	for _, n := range []string{"Alpha", "Bravo", "Charlie", "Delta"} {
		e.Must(201, "POST", "/api/v1/departments", co.Token, map[string]any{"department_name": n})
	}
	var wg sync.WaitGroup
	bad := make(chan string, 16)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				r := send(t, h, "GET", "/api/v1/departments", bearer(co.Token), "", 0)
				if page, _ := r.Body["pagination"].(map[string]any); r.Status != 200 || page["total"] != float64(4) {
					bad <- fmt.Sprintf("status %d, pagination %v", r.Status, page)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(bad)
	for msg := range bad {
		t.Fatal(msg)
	}
}

// TestListFraming: a page that fits the list buffer is answered with its
// Content-Length; a list larger than the buffer is streamed without one and
// is still one whole JSON answer holding every row.
func TestListFraming(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := server(t, app.Options{ListCap: 5000, MaxBodyBytes: 1 << 20})
	long := strings.Repeat("Builds and runs the services of the team. ", 120) // about 5 KB
	const n = 16                                                              // about 80 KB in all
	for i := 0; i < n; i++ {
		e.Must(201, "POST", "/api/v1/jobs", co.Token, map[string]any{"title": fmt.Sprintf("Job %02d", i), "category": "Engineering",
			"skills": map[string]any{"Skills": []string{"Go"}}, "location": "Pune", "interviewRounds": map[string]any{"InterviewRounds": []string{"HR"}},
			"startDate": "2025-02-01", "endDate": "2025-03-31", "status": "Open", "recruiter": "Asha", "currency": "INR",
			"expectedSalary": "1800000", "description": long})
	}
	page := send(t, h, "GET", "/api/v1/jobs?page=1&limit=5", bearer(co.Token), "", 0)
	if page.Status != 200 || len(page.Body["data"].([]any)) != 5 {
		t.Fatalf("page of 5: status %d, %.200s", page.Status, page.Raw)
	}
	if cl := page.Header.Get("Content-Length"); cl != strconv.Itoa(len(page.Raw)) {
		t.Fatalf("page of 5: Content-Length %q, body %d bytes", cl, len(page.Raw))
	}
	all := send(t, h, "GET", "/api/v1/jobs", bearer(co.Token), "", 0)
	if all.Status != 200 || len(all.Body["data"].([]any)) != n || len(all.Raw) < 64<<10 {
		t.Fatalf("unpaged list: status %d, %d bytes", all.Status, len(all.Raw))
	}
	if cl := all.Header.Get("Content-Length"); cl != "" {
		t.Fatalf("a list larger than the buffer is streamed, yet it has Content-Length %q", cl)
	}
}
