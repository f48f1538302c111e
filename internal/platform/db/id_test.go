package db_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// TestIDsSortByTimeInTheDatabase: ids made one after the other come back in
// that order from ORDER BY id on each database, under the collation its
// tables use (MariaDB's tables compare ignoring case), so new rows are
// appended to primary-key indexes.
func TestIDsSortByTimeInTheDatabase(t *testing.T) {
	store := testkit.DB(t)
	ctx := context.Background()
	table := "id_order_" + testkit.Unique()
	ddl := "CREATE TABLE " + table + " (id VARCHAR(32) NOT NULL PRIMARY KEY)"
	if store.Dialect.Name() == "mysql" {
		ddl += " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"
	}
	if _, err := store.Write.ExecContext(ctx, ddl); err != nil {
		t.Fatal(err)
	}
	defer store.Write.ExecContext(ctx, "DROP TABLE "+table)
	var made []string
	for i := 0; i < 20; i++ {
		made = append(made, db.NewID())
		time.Sleep(2 * time.Millisecond)
	}
	for i := len(made) - 1; i >= 0; i-- {
		if _, err := store.Write.ExecContext(ctx, store.Dialect.Rebind("INSERT INTO "+table+" (id) VALUES (?)"), made[i]); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := store.Read.QueryContext(ctx, "SELECT id FROM "+table+" ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		got = append(got, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, made) {
		t.Fatalf("ORDER BY id on %s:\n got %v\nwant %v", store.Dialect.Name(), got, made)
	}
}
