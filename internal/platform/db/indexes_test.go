package db_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// TestIndexes: on MySQL/MariaDB the B-tree indexes of a table are read with
// their columns and directions, kept, and read again after ForgetIndexes; a
// statement naming an index the table lacks is recognised. The other
// dialects have none to read.
func TestIndexes(t *testing.T) {
	store := testkit.DB(t)
	ctx := context.Background()
	table := "idx_probe_" + testkit.Unique()
	if store.Dialect.Name() != "mysql" {
		if got, err := store.Indexes(ctx, "jobs"); got != nil || err != nil {
			t.Fatalf("Indexes on %s = %v, %v; want nothing", store.Dialect.Name(), got, err)
		}
		return
	}
	exec := func(q string) {
		t.Helper()
		if _, err := store.Write.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	exec("CREATE TABLE " + table + " (id VARCHAR(23) PRIMARY KEY, a INT, b INT, body TEXT, FULLTEXT INDEX ft (body))")
	defer exec("DROP TABLE " + table)
	exec("CREATE INDEX ia ON " + table + " (a, b DESC)")
	primary := db.Index{Name: "PRIMARY", Columns: []string{"id"}, Desc: []bool{false}}
	ia := db.Index{Name: "ia", Columns: []string{"a", "b"}, Desc: []bool{false, true}}
	want := []db.Index{ia, primary} // by name
	got, err := store.Indexes(ctx, table)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("Indexes = %+v, %v; want %+v (the FULLTEXT index left out)", got, err, want)
	}
	exec("CREATE INDEX ib ON " + table + " (b)")
	if got, _ := store.Indexes(ctx, table); !reflect.DeepEqual(got, want) {
		t.Fatalf("Indexes read the catalogue again without ForgetIndexes: %+v", got)
	}
	store.ForgetIndexes()
	want = []db.Index{ia, {Name: "ib", Columns: []string{"b"}, Desc: []bool{false}}, primary}
	if got, err := store.Indexes(ctx, table); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("after ForgetIndexes: %+v, %v; want %+v", got, err, want)
	}
	_, err = store.Read.ExecContext(ctx, "SELECT id FROM "+table+" USE INDEX (gone)")
	if !db.IsUnknownIndex(err) {
		t.Fatalf("a statement naming a missing index: %v, want IsUnknownIndex", err)
	}
	if _, err := store.Read.ExecContext(ctx, "SELECT nope FROM "+table); err == nil || db.IsUnknownIndex(err) {
		t.Fatalf("an unknown column: %v, want another error", err)
	}
}
