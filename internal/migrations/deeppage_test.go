package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/testkit"
)

// explain returns the plan of q on conn, one line per node.
func explain(t *testing.T, conn *sql.Conn, dialect, q string, args []any) string {
	t.Helper()
	prefix := "EXPLAIN QUERY PLAN "
	if dialect == "postgres" {
		prefix = "EXPLAIN "
	}
	rows, err := conn.QueryContext(context.Background(), prefix+q, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var plan []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, fmt.Sprintf("%s", vals[len(vals)-1]))
	}
	return strings.Join(plan, "\n")
}

// TestDeepPageIndexOnly EXPLAINs the statement the engine sends for page 40
// of 50 /jobs (offset 1,950: the deferred join) over 8,000 rows in two
// companies: the offset must be skipped in a subquery that reads the list
// index led by (company_id, the order's first key) in order, without sorting
// and, on SQLite for every case and on PostgreSQL for the default order and a
// filter, from the index alone (covering / Index Only Scan); the page's rows
// are then read by primary key. PostgreSQL cannot return a row from an
// expression index (LOWER(title)) without the row itself, so there the text
// sort reads the index in order and visits the rows it skips.
func TestDeepPageIndexOnly(t *testing.T) {
	store := testkit.DB(t)
	d := store.Dialect.Name()
	if d == "mysql" {
		t.Skip("EXPLAIN is checked on SQLite and PostgreSQL")
	}
	ctx := context.Background()
	var jobs *crud.Meta
	for _, m := range busy(t) {
		if m.Table == "jobs" {
			jobs = m
		}
	}
	fill(t, store, "jobs", "e"+testkit.Unique(), 8000)
	conn, err := store.Write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	analyze := "ANALYZE"
	if d == "postgres" {
		// The visibility map, set by VACUUM, is what lets an index-only scan
		// skip the rows; and no sequential scan, as in TestBusyListsUseIndexes.
		analyze = "VACUUM ANALYZE jobs"
		if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := conn.ExecContext(ctx, analyze); err != nil {
		t.Fatal(err)
	}
	idx := indexKeys(t, store, "jobs")
	for _, c := range []struct {
		param, val, expr string
		indexOnly        bool
	}{
		{"", "", "created_at", true},
		{"sort", "title", "lower(title)", d == "sqlite"},
		{"sort", "-title", "lower(title)", d == "sqlite"},
		{"location", "x7", "location", true},
	} {
		v := url.Values{"page": {"40"}, "limit": {"50"}}
		if c.param != "" {
			v.Set(c.param, c.val)
		}
		q, args, err := jobs.ListSQL(store, "coA", v)
		if err != nil {
			t.Fatal(err)
		}
		open, end := strings.Index(q, "(SELECT "), strings.LastIndex(q, ") ORDER BY ")
		if open < 0 || end < open {
			t.Fatalf("%s: not a deferred join: %s", v.Encode(), q)
		}
		inner := explain(t, conn, d, store.Dialect.Rebind(q[open+1:end]), args)
		whole := explain(t, conn, d, store.Dialect.Rebind(q), args)
		re, only, sorted, byKey := sqliteIndexRe, strings.Contains(inner, "USING COVERING INDEX"),
			strings.Contains(inner, "USE TEMP B-TREE"), strings.Contains(whole, "USING INTEGER PRIMARY KEY (rowid=?)")
		if d == "postgres" {
			re, only, sorted, byKey = pgIndexRe, strings.Contains(inner, "Index Only Scan"),
				pgSortRe.MatchString(inner), strings.Contains(whole, "Index Scan using jobs_pkey")
		}
		used := ""
		for _, mm := range re.FindAllStringSubmatch(inner, -1) {
			if keys, ok := idx[mm[1]]; ok && leads(keys, []string{"company_id"}, c.expr) {
				used = mm[1]
			}
		}
		if used == "" || sorted || only != c.indexOnly || !byKey {
			t.Errorf("%s: want the offset skipped in an index led by (company_id, %s), index only: %v, without a sort, and the rows read by key; plans:\n%s\n--\n%s\nSQL: %s",
				v.Encode(), c.expr, c.indexOnly, inner, whole, q)
		}
	}
}
