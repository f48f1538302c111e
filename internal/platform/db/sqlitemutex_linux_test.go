package db_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
)

// TestSQLiteConnectionsWithoutMutex: the mutex methods are installed (a silent
// failure would only make every SQLite read slower), and with connections
// running without their mutex the four readers and the writer, used at once
// from many goroutines, still read and write exactly what was committed.
func TestSQLiteConnectionsWithoutMutex(t *testing.T) {
	if off, err := db.ConnMutexOff(); !off {
		t.Fatalf("SQLite connections keep their mutex: %v", err)
	}
	store, err := db.Open("sqlite", filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	if _, err := store.Write.Exec(`CREATE TABLE m (id INTEGER PRIMARY KEY, g INTEGER NOT NULL, body TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	const writers, readers, each = 4, 8, 100
	var wg sync.WaitGroup
	errs := make(chan error, writers+readers)
	for g := 0; g < writers; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				err := store.InTx(ctx, func(ctx context.Context) error {
					_, err := store.Q(ctx).ExecContext(ctx, `INSERT INTO m (g, body) VALUES (?, ?)`, g, fmt.Sprintf("row %d of %d", i, g))
					return err
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				rows, err := store.Read.QueryContext(ctx, `SELECT g, body FROM m ORDER BY id`)
				if err != nil {
					errs <- err
					return
				}
				seen := map[int]int{}
				for rows.Next() {
					var g int
					var body string
					if err := rows.Scan(&g, &body); err != nil {
						errs <- err
						rows.Close()
						return
					}
					// Each writer's rows arrive in the order it wrote them.
					if want := fmt.Sprintf("row %d of %d", seen[g], g); body != want {
						errs <- fmt.Errorf("read %q, want %q", body, want)
						rows.Close()
						return
					}
					seen[g]++
				}
				if err := rows.Close(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var n int
	if err := store.Read.QueryRow(`SELECT COUNT(*) FROM m`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != writers*each {
		t.Fatalf("%d rows, want %d", n, writers*each)
	}
}
