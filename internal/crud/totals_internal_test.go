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

// TestAnchorsKept: a kept page anchor is served for its list and page only,
// until a write through the instance names the table or the TTL passes; an
// anchor found from a kept one is no younger than it; at most maxAnchors are
// kept. Requests missing the same anchor wait for the first to find it.
func TestAnchorsKept(t *testing.T) {
	store, err := db.Open("sqlite", filepath.Join(t.TempDir(), "anchors.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	if _, err := store.Write.ExecContext(ctx, "CREATE TABLE big (n INTEGER)"); err != nil {
		t.Fatal(err)
	}
	totals := NewTotals(store, time.Hour, "big")
	totals.maxAnchors = 5
	c, pa := totals.anchor(ctx, "big", "list A", 2)
	if c != "" || pa == nil {
		t.Fatalf("an anchor before any was kept: %q, %v", c, pa)
	}
	pa.keep(2, "cursor A2")
	pa.keep(3, "cursor A3")
	pa.release()
	if c, _ := totals.anchor(ctx, "big", "list A", 2); c != "cursor A2" {
		t.Fatalf("page 2 of list A: %q, want the kept cursor A2", c)
	}
	c, pb := totals.anchor(ctx, "big", "list B", 2)
	if c != "" {
		t.Fatalf("page 2 of list B answered list A's anchor %q", c)
	}
	pb.release()
	// Page 4 found from page 3's anchor is as old as that anchor.
	c3, pa3 := totals.anchor(ctx, "big", "list A", 3)
	if c3 != "cursor A3" {
		t.Fatalf("page 3: %q", c3)
	}
	pa3.keep(4, "cursor A4")
	if e := totals.anchors[anchorKey("list A", 4)]; !e.at.Equal(pa.at) {
		t.Fatalf("page 4's anchor is dated %v, want page 3's %v", e.at, pa.at)
	}
	// A write through the instance drops them all.
	if _, err := store.Q(ctx).ExecContext(ctx, "INSERT INTO big (n) VALUES (1)"); err != nil {
		t.Fatal(err)
	}
	c, pa = totals.anchor(ctx, "big", "list A", 2)
	if c != "" {
		t.Fatalf("after a write page 2 still answered %q", c)
	}
	pa.release()
	// Bounded.
	for p := 2; p < 40; p++ {
		_, pa := totals.anchor(ctx, "big", "list C", p)
		pa.keep(p, "cursor")
		pa.release()
		if len(totals.anchors) > 5 {
			t.Fatalf("%d anchors kept, want at most 5", len(totals.anchors))
		}
	}
	// Expired after the TTL; never kept for a table not watched.
	short := NewTotals(store, time.Millisecond, "big")
	_, pa = short.anchor(ctx, "big", "list A", 2)
	pa.keep(2, "cursor A2")
	pa.release()
	time.Sleep(5 * time.Millisecond)
	if c, _ := short.anchor(ctx, "big", "list A", 2); c != "" {
		t.Fatalf("after the TTL page 2 still answered %q", c)
	}
	if _, pa := short.anchor(ctx, "other", "list A", 2); pa != nil {
		t.Fatal("anchors kept for a table not watched")
	}
}

// TestAnchorsFoundOnce: requests missing the same page anchor wait for the
// first request to find it by offset, then seek from it.
func TestAnchorsFoundOnce(t *testing.T) {
	store, err := db.Open("sqlite", filepath.Join(t.TempDir(), "anchors.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	totals := NewTotals(store, time.Hour, "big")
	c, first := totals.anchor(ctx, "big", "list", 9)
	if c != "" || first == nil {
		t.Fatalf("%q, %v", c, first)
	}
	got := make(chan string, 4)
	for range 4 {
		go func() {
			c, pa := totals.anchor(ctx, "big", "list", 9)
			pa.release()
			got <- c
		}()
	}
	time.Sleep(20 * time.Millisecond)
	select {
	case c := <-got:
		t.Fatalf("a request did not wait for the anchor under way: %q", c)
	default:
	}
	first.keep(9, "cursor 9")
	first.release()
	for range 4 {
		if c := <-got; c != "cursor 9" {
			t.Fatalf("a waiting request got %q, want the anchor found", c)
		}
	}
	// A request whose context ends stops waiting.
	_, owner := totals.anchor(ctx, "big", "list", 10)
	cctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if c, _ := totals.anchor(cctx, "big", "list", 10); c != "" {
		t.Fatalf("%q", c)
	}
	owner.release()
}
