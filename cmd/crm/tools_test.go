package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
)

// TestBackupCopiesTheLiveDatabase: `crm backup FILE` writes a consistent
// copy holding the rows, readable only by its owner, and refuses to
// overwrite a file or to run against a server database.
func TestBackupCopiesTheLiveDatabase(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("DATA_DIR", dir)
	t.Setenv("DATABASE_URL", "sqlite:"+filepath.Join(dir, "crm.db"))
	if err := admin([]string{"create", "--email", "backup-check@example.com", "--password", "quiet river under the old mill"}); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy.db")
	if err := backup([]string{dst}); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", st.Mode().Perm())
	}
	copyDB, err := db.Open("sqlite", dst)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var n int
	if err := copyDB.Read.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM principals WHERE email = ?", "backup-check@example.com").Scan(&n); err != nil || n != 1 {
		t.Fatalf("the copy holds %d such accounts (%v)", n, err)
	}
	if err := backup([]string{dst}); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("a second backup to the same file: %v", err)
	}
	t.Setenv("DATABASE_URL", "postgres://nobody@127.0.0.1:1/none")
	if err := backup([]string{filepath.Join(t.TempDir(), "x.db")}); err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("backup of PostgreSQL: %v", err)
	}
}

// TestHealthcheckFollowsTheProbe: the container's probe exits 0 only on a 200.
func TestHealthcheckFollowsTheProbe(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	if err := healthcheck([]string{srv.URL + "/healthz"}); err != nil {
		t.Fatal(err)
	}
	status = http.StatusServiceUnavailable
	if err := healthcheck([]string{srv.URL + "/healthz"}); err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("a 503: %v", err)
	}
	srv.Close()
	if _, stderr, code := runCommand(t, "healthcheck "+srv.URL+"/healthz"); code == 0 || !strings.Contains(stderr, "healthcheck") {
		t.Fatalf("a closed server: exit %d, %s", code, stderr)
	}
}

// TestPostmanCommandWritesTheCollection: `crm postman -o FILE` writes the
// collection with the given base URL.
func TestPostmanCommandWritesTheCollection(t *testing.T) {
	out := filepath.Join(t.TempDir(), "crm.postman_collection.json")
	if _, stderr, code := runCommand(t, "postman --base-url https://crm.example.com/api/v1 -o "+out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Info     struct{ Schema string }
		Variable []struct{ Key, Value string }
		Item     []struct{ Name string }
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Info.Schema, "v2.1.0") || len(c.Item) < 10 || c.Variable[0].Value != "https://crm.example.com/api/v1" {
		t.Fatalf("collection: schema %q, %d items, variables %v", c.Info.Schema, len(c.Item), c.Variable)
	}
}
