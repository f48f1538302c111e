package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/testkit"
)

// A paged list's total is kept between writes (LIST_TOTAL_CACHE_TTL): a write
// through the instance is counted by the very next page, a write the instance
// cannot see (another instance's, here a statement on the raw pool) within
// the TTL.
func TestListTotalKeptBetweenWrites(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	total := func() float64 {
		t.Helper()
		r := e.Must(200, "GET", "/api/v1/departments?page=1&limit=1", co.Token, nil)
		p, _ := r.Body["pagination"].(map[string]any)
		n, ok := p["total"].(float64)
		if !ok {
			t.Fatalf("no total: %s", r.Raw)
		}
		return n
	}
	base := total()
	var ids []string
	for _, name := range []string{"Alpha", "Beta", "Gamma"} {
		ids = append(ids, e.Must(201, "POST", "/api/v1/departments", co.Token, map[string]any{"department_name": name}).ID())
		if got := total(); got != base+float64(len(ids)) {
			t.Fatalf("after %d creates the total is %v, want %v", len(ids), got, base+float64(len(ids)))
		}
	}

	// Removed behind the instance's back: the kept total stays until the TTL
	// passes or the instance writes the table.
	counted := time.Now()
	total()
	if _, err := e.DB.Write.ExecContext(context.Background(), e.DB.Dialect.Rebind("DELETE FROM departments WHERE id = ?"), ids[0]); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != base+3 && time.Since(counted) < 2*time.Second {
		t.Fatalf("the total was counted again within the TTL: %v", got)
	}
	e.Must(200, "DELETE", "/api/v1/departments/"+ids[1], co.Token, nil)
	if got := total(); got != base+1 {
		t.Fatalf("after a delete through the instance the total is %v, want %v", got, base+1)
	}

	// Another company's writes never show in this company's total.
	other := e.NewCompany()
	e.Must(201, "POST", "/api/v1/departments", other.Token, map[string]any{"department_name": "Delta"})
	if got := total(); got != base+1 {
		t.Fatalf("another company's create changed the total to %v", got)
	}
}
