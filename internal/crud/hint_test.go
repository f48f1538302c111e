package crud_test

import (
	"context"
	"strings"
	"testing"
)

// TestDroppedIndexUnderTheServer: on MySQL/MariaDB a list names the index
// that serves it; when that index is dropped while the server runs, the list
// still answers: the statement naming it is planned again with the table's
// indexes read anew.
func TestDroppedIndexUnderTheServer(t *testing.T) {
	e := newEnv(t)
	store := e.Server.DB
	if store.Dialect.Name() != "mysql" {
		t.Skip("index hints are MySQL/MariaDB's")
	}
	ctx := context.Background()
	exec := func(q string) {
		t.Helper()
		if _, err := store.Write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	// The only index serving the findables' sort=title: their company, their
	// fixed related_id, then the order.
	exec("CREATE INDEX idx_probe_title ON notes (company_id, related_id, note_title, created_at, id)")
	dropped := false
	defer func() {
		if !dropped {
			exec("DROP INDEX idx_probe_title ON notes")
		}
	}()
	co := e.NewCompany()
	const path = "/api/v1/test-findable?sort=title&page=1&limit=10"
	e.do(201, "POST", "/api/v1/test-findable", co.Token, map[string]any{"title": "Probe", "kind": "call"})
	q, _, err := findables.Describe().ListSQL(store, co.ID, map[string][]string{"sort": {"title"}, "limit": {"10"}})
	if err != nil || !strings.Contains(q, "USE INDEX (`idx_probe_title`)") {
		t.Fatalf("the list does not name the probe index (%v): %s", err, q)
	}
	if n := len(e.do(200, "GET", path, co.Token, nil).List()); n != 1 {
		t.Fatalf("%d rows, want 1", n)
	}
	exec("DROP INDEX idx_probe_title ON notes")
	dropped = true
	for i := 0; i < 2; i++ {
		if n := len(e.do(200, "GET", path, co.Token, nil).List()); n != 1 {
			t.Fatalf("after the index was dropped: %d rows, want 1", n)
		}
	}
}
