package migrations_test

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// searchable returns one resource per table that has searchable fields,
// failing when two resources over one table search different columns in a
// way the table's one index cannot serve (see crud.SearchDDL).
func searchable(t *testing.T) []*crud.Meta {
	t.Helper()
	var out []*crud.Meta
	seen := map[string]bool{}
	for _, r := range app.Resources() {
		m := r.Describe()
		if len(m.SearchColumns()) == 0 || seen[m.Table] {
			continue
		}
		seen[m.Table] = true
		out = append(out, m)
	}
	if len(out) < 40 {
		t.Fatalf("%d tables with searchable fields, want every one (more than 40)", len(out))
	}
	return out
}

// TestSearchIndexed fails when a table with searchable fields lacks the
// search index crud.SearchDDL declares for it in the migrated schema of the
// database under test: on SQLite the FTS5 table and its three triggers, word
// for word; on PostgreSQL a trigram GIN index and on MySQL/MariaDB a FULLTEXT
// index over exactly the searchable columns.
func TestSearchIndexed(t *testing.T) {
	store := testkit.DB(t)
	d := store.Dialect.Name()
	ctx := context.Background()
	for _, m := range searchable(t) {
		name := crud.SearchIndexName(d, m.Table)
		ddl := crud.SearchDDL(d, m)
		switch d {
		case "sqlite":
			for _, want := range ddl[:len(ddl)-1] { // the last one fills the index
				var n int
				if err := store.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE sql = ?`, want).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != 1 {
					t.Errorf("%s: the schema lacks\n%s", m.Table, want)
				}
			}
		case "postgres":
			var def string
			err := store.Q(ctx).QueryRowContext(ctx, `SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 AND indexname = $2`, m.Table, name).Scan(&def)
			if db.IsNoRows(err) {
				t.Errorf("%s: no search index %s", m.Table, name)
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, c := range m.SearchColumns() {
				want = append(want, c+" gin_trgm_ops")
			}
			if got := indexKeys(t, store, m.Table)[name]; !strings.Contains(def, "USING gin") || !sameSet(got, want) {
				t.Errorf("%s: %s is %q, want a GIN index on %v", m.Table, name, def, want)
			}
		case "mysql":
			rows, err := store.Q(ctx).QueryContext(ctx, `SELECT column_name FROM information_schema.statistics
				WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ? AND index_type = 'FULLTEXT' ORDER BY seq_in_index`, m.Table, name)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				var c string
				if err := rows.Scan(&c); err != nil {
					t.Fatal(err)
				}
				got = append(got, c)
			}
			rows.Close()
			if !sameSet(got, m.SearchColumns()) {
				t.Errorf("%s: FULLTEXT index %s on %v, want %v", m.Table, name, got, m.SearchColumns())
			}
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

var (
	sqliteFTSRe = regexp.MustCompile(`SCAN (\w+) VIRTUAL TABLE INDEX \d+:M`)
	pgBitmapRe  = regexp.MustCompile(`Bitmap Index Scan on (\w+)`)
)

// TestSearchUsesIndex EXPLAINs the statement the engine sends for a page of
// 50 with q of every table with searchable fields, over 4,000 rows in two
// companies, on SQLite and PostgreSQL: the rows must come from the search
// index. A q shorter than the index can look up must not use it (on SQLite
// it would match nothing, on PostgreSQL read the whole index).
func TestSearchUsesIndex(t *testing.T) {
	store := testkit.DB(t)
	d := store.Dialect.Name()
	if d == "mysql" {
		t.Skip("EXPLAIN is checked on SQLite and PostgreSQL; the catalogue test covers MySQL")
	}
	ctx := context.Background()
	tag := "s" + testkit.Unique()
	metas := searchable(t)
	for _, m := range metas {
		fill(t, store, m.Table, tag, 4000)
	}
	conn, err := store.Write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if d == "postgres" {
		if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
	}
	// On PostgreSQL, VACUUM also moves the rows just written from the GIN
	// indexes' pending lists into the indexes (autovacuum does it in
	// service), which their cost estimates count.
	analyze := "ANALYZE"
	if d == "postgres" {
		analyze = "VACUUM ANALYZE"
	}
	if _, err := conn.ExecContext(ctx, analyze); err != nil {
		t.Fatal(err)
	}
	plan := func(m *crud.Meta, v url.Values) string {
		t.Helper()
		q, args, err := m.ListSQL(store, "coA", v)
		if err != nil {
			t.Fatalf("%s?%s: %v", m.Path, v.Encode(), err)
		}
		return explain(t, conn, d, store.Dialect.Rebind(q), args)
	}
	for _, m := range metas {
		name := crud.SearchIndexName(d, m.Table)
		// fill wrote tag||n in text columns: q=1234 is in row 1234 only.
		text := plan(m, url.Values{"limit": {"50"}, "q": {"1234"}})
		re := sqliteFTSRe
		if d == "postgres" {
			re = pgBitmapRe
		}
		used := false
		for _, mm := range re.FindAllStringSubmatch(text, -1) {
			used = used || mm[1] == name
		}
		if !used {
			t.Errorf("%s?q=…: want the search index %s; plan:\n%s", m.Path, name, text)
		}
		if text := plan(m, url.Values{"limit": {"50"}, "q": {"s1"}}); strings.Contains(text, name) {
			t.Errorf("%s?q=s1 (2 characters) uses the search index; plan:\n%s", m.Path, text)
		}
	}
}
