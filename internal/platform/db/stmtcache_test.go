package db_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
)

// TestStatementCache runs more distinct statements than the cache holds,
// concurrently, outside and inside transactions (where SQLite's writer has a
// single connection): every answer is right and nothing waits forever.
func TestStatementCache(t *testing.T) {
	store, err := db.Open("sqlite", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	if _, err := store.Q(ctx).ExecContext(ctx, `CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				k := w*1000 + i
				err := store.InTx(ctx, func(ctx context.Context) error {
					// One statement text per key: the cache overflows and evicts.
					q := fmt.Sprintf(`INSERT INTO kv (k, v) VALUES (?, ?) -- %d`, i)
					if _, err := store.Q(ctx).ExecContext(ctx, q, k, fmt.Sprint("v", k)); err != nil {
						return err
					}
					var v string
					if err := store.Q(ctx).QueryRowContext(ctx, `SELECT v FROM kv WHERE k = ?`, k).Scan(&v); err != nil {
						return err
					}
					if v != fmt.Sprint("v", k) {
						return fmt.Errorf("read %q in the transaction", v)
					}
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
				var v string
				q := fmt.Sprintf(`SELECT v FROM kv WHERE k = ? -- %d`, i)
				if err := store.Q(ctx).QueryRowContext(ctx, q, k).Scan(&v); err != nil || v != fmt.Sprint("v", k) {
					errs <- fmt.Errorf("key %d: %q, %v", k, v, err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var n int
	if err := store.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM kv`).Scan(&n); err != nil || n != 1200 {
		t.Fatalf("%d rows, %v", n, err)
	}
}

// TestOnWrite: a committed write naming a watched table calls the function
// (after the commit), a rolled-back one and a read do not.
func TestOnWrite(t *testing.T) {
	store, err := db.Open("sqlite", filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	for _, q := range []string{`CREATE TABLE roles (id TEXT)`, `CREATE TABLE notes (id TEXT)`} {
		if _, err := store.Q(ctx).ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	calls := 0
	store.OnWrite([]string{"roles"}, func() { calls++ })
	want := func(n int, what string) {
		t.Helper()
		if calls != n {
			t.Fatalf("%s: %d calls, want %d", what, calls, n)
		}
	}
	_, _ = store.Q(ctx).ExecContext(ctx, `INSERT INTO roles (id) VALUES ('a')`)
	want(1, "insert outside a transaction")
	_ = store.Q(ctx).QueryRowContext(ctx, `SELECT id FROM roles`).Scan(new(string))
	want(1, "select")
	_, _ = store.Q(ctx).ExecContext(ctx, `UPDATE notes SET id = 'x'`)
	want(1, "write to another table")
	err = store.InTx(ctx, func(ctx context.Context) error {
		_, err := store.Q(ctx).ExecContext(ctx, "\n  delete from roles")
		want(1, "before the commit")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	want(2, "after the commit")
	_ = store.InTx(ctx, func(ctx context.Context) error {
		_, _ = store.Q(ctx).ExecContext(ctx, `INSERT INTO roles (id) VALUES ('b')`)
		return errors.New("rolled back")
	})
	want(2, "rolled back")
}
