package db_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
)

// fillWAL commits n transactions of one 3 KB row each through InTx: about
// n pages in the WAL, below the writer's own checkpoint at 4,000.
func fillWAL(t *testing.T, store *db.DB, n int) {
	t.Helper()
	ctx := context.Background()
	if _, err := store.Write.Exec(`CREATE TABLE w (id INTEGER PRIMARY KEY, body TEXT)`); err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("x", 3000)
	for i := 0; i < n; i++ {
		if err := store.InTx(ctx, func(ctx context.Context) error {
			_, err := store.Q(ctx).ExecContext(ctx, `INSERT INTO w (body) VALUES (?)`, body)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}

// TestCheckpointOffTheWriter: on SQLite the commits themselves leave their
// pages in the WAL (the writer does not stop to copy them into the database
// file), and shortly after them the checkpointer copies them.
func TestCheckpointOffTheWriter(t *testing.T) {
	t.Run("commits leave the WAL to the checkpointer", func(t *testing.T) {
		defer db.CheckpointDelay(time.Hour)()
		path := filepath.Join(t.TempDir(), "c.db")
		store, err := db.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		fillWAL(t, store, 800) // 1,600-2,400 pages: past SQLite's default threshold of 1,000
		if wal := fileSize(t, path+"-wal"); wal < 1000*4096 {
			t.Fatalf("WAL of %d bytes: the test wrote fewer than 1,000 pages", wal)
		}
		if got := fileSize(t, path); got > 1<<20 {
			t.Fatalf("database file %d bytes after the commits: the writer checkpointed", got)
		}
	})
	t.Run("the checkpointer copies them", func(t *testing.T) {
		defer db.CheckpointDelay(10 * time.Millisecond)()
		path := filepath.Join(t.TempDir(), "c.db")
		store, err := db.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer store.Close()
		fillWAL(t, store, 500)
		deadline := time.Now().Add(5 * time.Second)
		for fileSize(t, path) < 500*3000 {
			if time.Now().After(deadline) {
				t.Fatalf("database file %d bytes 5 s after the commits: no checkpoint", fileSize(t, path))
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}
