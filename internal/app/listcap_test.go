package app_test

import (
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
