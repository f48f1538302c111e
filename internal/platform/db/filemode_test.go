package db_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
)

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// write makes SQLite create its -wal and -shm files.
func write(t *testing.T, store *db.DB) {
	t.Helper()
	ctx := context.Background()
	for _, q := range []string{`CREATE TABLE IF NOT EXISTS secrets (v TEXT)`, `INSERT INTO secrets (v) VALUES ('hash')`} {
		if _, err := store.Write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSQLiteFilesArePrivate: the data folder SQLite creates is 0700, and the
// database file and its -wal and -shm files are 0600, so other local users
// cannot read the password hashes inside.
func TestSQLiteFilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "crm.db")
	store, err := db.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	write(t, store)
	if m := mode(t, dir); m != 0o700 {
		t.Errorf("data folder mode %v, want 0700", m)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if m := mode(t, p); m != 0o600 {
			t.Errorf("%s mode %v, want 0600", filepath.Base(p), m)
		}
	}
}

// TestSQLiteExistingFilesMadePrivate: a database left readable by others (as
// earlier versions created it) is made private when opened.
func TestSQLiteExistingFilesMadePrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crm.db")
	store, err := db.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	write(t, store)
	store.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o644); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	store, err = db.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	write(t, store)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if m := mode(t, p); m != 0o600 {
			t.Errorf("%s mode %v, want 0600", filepath.Base(p), m)
		}
	}
}
