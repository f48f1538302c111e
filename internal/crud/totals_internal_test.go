package crud

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
)

// TestTotalsCountOnce: requests that miss the same total at the same time
// wait for one count instead of each counting the rows, and a write during
// that count makes later requests count again.
func TestTotalsCountOnce(t *testing.T) {
	store, err := db.Open("sqlite", filepath.Join(t.TempDir(), "totals.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	// Enough rows that one count takes milliseconds, so that the requests
	// below overlap it.
	for _, q := range []string{
		"CREATE TABLE big (company_id TEXT, n INTEGER)",
		"INSERT INTO big WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 400000) SELECT 'co', i FROM c",
	} {
		if _, err := store.Write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	totals := NewTotals(store, time.Hour, "big")
	const sql = "SELECT COUNT(*) FROM big WHERE company_id = ? AND n % 7 <> 3"
	counted, statements := db.CountQueries(ctx)
	start := make(chan struct{})
	var wg sync.WaitGroup
	results := make([]int64, 16)
	errs := make([]error, 16)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			results[i], errs[i] = totals.count(counted, store.Q(counted), "big", sql, []any{"co"})
		}()
	}
	close(start)
	wg.Wait()
	for i := range results {
		if errs[i] != nil || results[i] != 342857 {
			t.Fatalf("request %d: %d, %v; want 342857", i, results[i], errs[i])
		}
	}
	if got := statements.Load(); got != 1 {
		t.Fatalf("16 concurrent requests for one total ran %d counts, want 1", got)
	}
	// A write through the instance drops the total: the next request counts again.
	if _, err := store.Q(ctx).ExecContext(ctx, "DELETE FROM big WHERE n = 1"); err != nil {
		t.Fatal(err)
	}
	n, err := totals.count(counted, store.Q(counted), "big", sql, []any{"co"})
	if err != nil || n != 342856 || statements.Load() != 2 {
		t.Fatalf("after a delete: %d, %v, %d counts; want 342856 from a second count", n, err, statements.Load())
	}
}
