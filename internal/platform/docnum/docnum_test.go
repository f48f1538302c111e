package docnum_test

import (
	"context"
	"errors"
	"sort"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/docnum"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

func next(t *testing.T, store *db.DB, company, kind string) int64 {
	t.Helper()
	var n int64
	err := store.InTx(context.Background(), func(ctx context.Context) error {
		var err error
		n, err = docnum.Next(ctx, store, company, kind)
		return err
	})
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	return n
}

// TestConcurrentNext allocates 50 numbers at once in one company: they are
// 1 to 50, each once.
func TestConcurrentNext(t *testing.T) {
	store := testkit.DB(t)
	company := db.NewID()
	const n = 50
	got := make([]int64, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = store.InTx(context.Background(), func(ctx context.Context) error {
				v, err := docnum.Next(ctx, store, company, docnum.Invoice)
				got[i] = v
				return err
			})
		}(i)
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("allocation %d: %v", i, err)
		}
	}
	sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
	for i, v := range got {
		if v != int64(i+1) {
			t.Fatalf("numbers %v, want 1..%d each once", got, n)
		}
	}
	if v := next(t, store, company, docnum.Invoice); v != n+1 {
		t.Fatalf("after %d allocations the next is %d", n, v)
	}
}

// TestSequences: each company and kind counts on its own from 1; a rolled-back
// transaction gives its number back; Next refuses to run outside a transaction.
func TestSequences(t *testing.T) {
	store := testkit.DB(t)
	a, b := db.NewID(), db.NewID()
	for i := int64(1); i <= 11; i++ {
		if v := next(t, store, a, docnum.Contract); v != i {
			t.Fatalf("contract %d of company a got %d", i, v)
		}
	}
	if v := next(t, store, b, docnum.Contract); v != 1 {
		t.Fatalf("company b's first contract got %d", v)
	}
	if v := next(t, store, a, docnum.Customer); v != 1 {
		t.Fatalf("company a's first customer got %d", v)
	}
	boom := errors.New("boom")
	err := store.InTx(context.Background(), func(ctx context.Context) error {
		if v, err := docnum.Next(ctx, store, a, docnum.Contract); err != nil || v != 12 {
			t.Fatalf("got %d, %v; want 12", v, err)
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if v := next(t, store, a, docnum.Contract); v != 12 {
		t.Fatalf("after a rollback the next contract got %d, want 12", v)
	}
	if _, err := docnum.Next(context.Background(), store, a, docnum.Contract); !errors.Is(err, docnum.ErrNoTx) {
		t.Fatalf("outside a transaction: %v", err)
	}
	if s := docnum.Format(docnum.Prefixes[docnum.Invoice], 11); s != "INV#11" {
		t.Fatalf("Format = %q", s)
	}
}
