package db_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
)

// TestSQLitePoolSettings: every connection of each SQLite pool is opened with
// its pool's settings: the readers with the smaller page cache, the writer
// with the larger one, in-memory temporary files and its own checkpoint
// threshold. The four readers are held at once, so each is its own connection.
func TestSQLitePoolSettings(t *testing.T) {
	store, err := db.Open("sqlite", filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ctx := context.Background()
	pragma := func(c *sql.Conn, name string) int {
		t.Helper()
		var v int
		if err := c.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	for i := 0; i < 4; i++ {
		c, err := store.Read.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if got := pragma(c, "cache_size"); got != -db.ReaderCacheKiB {
			t.Errorf("reader %d: cache_size %d, want %d", i+1, got, -db.ReaderCacheKiB)
		}
		if got := pragma(c, "busy_timeout"); got != 10000 {
			t.Errorf("reader %d: busy_timeout %d, want 10000", i+1, got)
		}
	}
	w, err := store.Write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for name, want := range map[string]int{"cache_size": -db.WriterCacheKiB, "temp_store": 2, "wal_autocheckpoint": 4000, "foreign_keys": 1} {
		if got := pragma(w, name); got != want {
			t.Errorf("writer: %s %d, want %d", name, got, want)
		}
	}
}
