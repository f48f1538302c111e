package app_test

import (
	"fmt"
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
