package migrations_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// indexKeys reads table's indexes from the database catalogue: index name →
// key terms, normalised ("company_id", "lower(name) desc", "created_at").
func indexKeys(t *testing.T, store *db.DB, table string) map[string][]string {
	t.Helper()
	ctx := context.Background()
	out := map[string][]string{}
	norm := func(s string) string {
		s = strings.ToLower(strings.NewReplacer(`"`, "", "`", "").Replace(strings.TrimSpace(s)))
		s = strings.TrimSuffix(s, " asc")
		s = castRe.ReplaceAllString(s, "$1") // PostgreSQL: lower((name)::text)
		return strings.Join(strings.Fields(s), " ")
	}
	if store.Dialect.Name() == "mysql" {
		rows, err := store.Q(ctx).QueryContext(ctx, `SELECT index_name, column_name, COALESCE(collation, 'A') FROM information_schema.statistics
			WHERE table_schema = DATABASE() AND table_name = ? ORDER BY index_name, seq_in_index`, table)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var name, col, coll string
			if err := rows.Scan(&name, &col, &coll); err != nil {
				t.Fatal(err)
			}
			key := norm(col)
			if coll == "D" {
				key += " desc"
			}
			out[name] = append(out[name], key)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`
	if store.Dialect.Name() == "postgres" {
		q = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?`
	}
	rows, err := store.Q(ctx).QueryContext(ctx, q, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		// The key list is the parenthesised list after the table name.
		rest := def[strings.Index(strings.ToUpper(def), " ON ")+4:]
		rest = rest[strings.Index(rest, "(")+1:]
		depth, start := 0, 0
		for i, r := range rest {
			switch {
			case r == '(':
				depth++
			case r == ')' && depth == 0:
				out[name] = append(out[name], norm(rest[start:i]))
				rest = ""
			case r == ')':
				depth--
			case r == ',' && depth == 0:
				out[name] = append(out[name], norm(rest[start:i]))
				start = i + 1
			}
			if rest == "" {
				break
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// prefix is the equality part every list of m has: company_id, then the
// resource's fixed columns (principals.kind for employees).
func prefix(m *crud.Meta) []string {
	out := []string{"company_id"}
	var fixed []string
	for col := range m.Fixed {
		fixed = append(fixed, col)
	}
	sort.Strings(fixed)
	return append(out, fixed...)
}

// orderExpr is how the engine orders by f on dialect d.
func orderExpr(d string, f *crud.Field) string {
	if (f.Kind == crud.KString || f.Kind == crud.KText) && d != "mysql" {
		return "lower(" + f.Column + ")"
	}
	return f.Column
}

// term is one key of an order: an expression and its direction.
type term struct {
	expr string
	desc bool
}

// sortOrder is the engine's full order for ?sort=[-]f: f, then the
// tie-breakers created_at and id in f's direction, created_at unless f is it.
func sortOrder(d string, f *crud.Field, desc bool) []term {
	out := []term{{orderExpr(d, f), desc}}
	if f.Column != "created_at" {
		out = append(out, term{"created_at", desc})
	}
	return append(out, term{"id", desc})
}

// serves reports whether index keys, after the equality prefix, give order
// from the first entry, read forwards or backwards.
func serves(keys, pre []string, order []term) bool {
	if len(keys) < len(pre)+len(order) || strings.Join(keys[:len(pre)], ",") != strings.Join(pre, ",") {
		return false
	}
	for _, flip := range []bool{false, true} {
		ok := true
		for i, o := range order {
			k := keys[len(pre)+i]
			desc := strings.HasSuffix(k, " desc")
			if strings.TrimSuffix(k, " desc") != o.expr || desc != (o.desc != flip) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// leads reports whether index keys start with the prefix and then expr.
func leads(keys, pre []string, expr string) bool {
	return len(keys) > len(pre) && strings.Join(keys[:len(pre)], ",") == strings.Join(pre, ",") &&
		strings.TrimSuffix(keys[len(pre)], " desc") == expr
}

func busy(t *testing.T) []*crud.Meta {
	var out []*crud.Meta
	for _, r := range app.Resources() {
		if m := r.Describe(); m.Busy {
			out = append(out, m)
		}
	}
	if len(out) < 8 {
		t.Fatalf("%d busy resources, want leads, deals, customers, invoices, tasks, employees, attendance and jobs", len(out))
	}
	return out
}

func listed(m *crud.Meta, keep func(*crud.Field) bool) []*crud.Field {
	var out []*crud.Field
	for _, f := range m.Fields {
		if f.Name != "" && !f.Hidden && keep(f) {
			out = append(out, f)
		}
	}
	return out
}

// TestBusyResourcesIndexed fails when a busy resource has a sortable field
// without an index giving each direction of its order from the first entry,
// or a filterable field without an index led by company_id and the field,
// in the migrated schema of the database under test.
func TestBusyResourcesIndexed(t *testing.T) {
	store := testkit.DB(t)
	d := store.Dialect.Name()
	for _, m := range busy(t) {
		idx := indexKeys(t, store, m.Table)
		pre := prefix(m)
		find := func(ok func(keys []string) bool) bool {
			for _, keys := range idx {
				if ok(keys) {
					return true
				}
			}
			return false
		}
		if !find(func(k []string) bool { return serves(k, pre, []term{{"created_at", true}, {"id", true}}) }) {
			t.Errorf("%s: no index (%s, created_at, id) for the default order", m.Path, strings.Join(pre, ", "))
		}
		for _, f := range listed(m, func(f *crud.Field) bool { return f.Sort }) {
			for _, desc := range []bool{false, true} {
				order := sortOrder(d, f, desc)
				if !find(func(k []string) bool { return serves(k, pre, order) }) {
					t.Errorf("%s: no index serves sort=%s%s (%s then %v)", m.Path, map[bool]string{true: "-"}[desc], f.Name, strings.Join(pre, ", "), order)
				}
			}
		}
		for _, f := range listed(m, func(f *crud.Field) bool { return f.Filter }) {
			if _, fixed := m.Fixed[f.Column]; fixed {
				continue
			}
			if !find(func(k []string) bool { return leads(k, pre, f.Column) }) {
				t.Errorf("%s: no index (%s, %s, …) for the filter %s", m.Path, strings.Join(pre, ", "), f.Column, f.Name)
			}
		}
	}
}

// fill inserts n rows in table, half of them in company coA and half in
// coB, with distinct values in every column, through one INSERT … SELECT.
func fill(t *testing.T, store *db.DB, table, tag string, n int) {
	t.Helper()
	cols := columns(t, store, table)
	var names, exprs []string
	for name, c := range cols {
		names = append(names, store.Dialect.Quote(name))
		var e string
		switch {
		case name == "company_id":
			e = "CASE WHEN n % 2 = 0 THEN 'coA' ELSE 'coB' END"
		case name == "kind":
			e = "'employee'"
		case name == "created_at":
			e = "n * 1000"
		case strings.Contains(c.typ, "int") || strings.Contains(c.typ, "double") || c.typ == "real":
			e = "n"
		case c.typ == "varchar(10)": // calendar days
			e = "CAST(n AS TEXT)"
		case strings.Contains(c.typ, "bool"):
			e = "FALSE"
			if store.Dialect.Name() == "sqlite" {
				e = "0"
			}
		default:
			e = "'" + tag + "' || CAST(n AS TEXT)"
		}
		exprs = append(exprs, e)
	}
	series := fmt.Sprintf("generate_series(1, %d) AS g(n)", n)
	with := ""
	if store.Dialect.Name() == "sqlite" {
		with = fmt.Sprintf("WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < %d) ", n)
		series = "g"
	}
	q := with + "INSERT INTO " + store.Dialect.Quote(table) + " (" + strings.Join(names, ", ") + ") SELECT " + strings.Join(exprs, ", ") + " FROM " + series
	if _, err := store.Write.ExecContext(context.Background(), q); err != nil {
		t.Fatalf("fill %s: %v", table, err)
	}
}

// filterValue is a valid value of filter f in a query string.
func filterValue(f *crud.Field) string {
	switch {
	case len(f.Enum) > 0:
		return f.Enum[0]
	case f.Email:
		return "x7@example.com"
	case f.Kind == crud.KDate:
		return "2026-01-15"
	case f.Kind == crud.KBool:
		return "true"
	case f.Kind == crud.KInt || f.Kind == crud.KTime || f.Kind == crud.KMoney:
		return "7"
	}
	return "x7"
}

var (
	castRe        = regexp.MustCompile(`\((\w+)\)::text`)
	sqliteIndexRe = regexp.MustCompile(`USING (?:COVERING )?INDEX (\w+)`)
	pgIndexRe     = regexp.MustCompile(`(?:Index (?:Only )?Scan(?: Backward)? using|Bitmap Index Scan on) (\w+)`)
	pgSortRe      = regexp.MustCompile(`(?m)^\s*(?:->\s+)?Sort\b`)
	hintRe        = regexp.MustCompile("USE INDEX \\(`(\\w+)`\\)")
)

// TestBusyListsUseIndexes EXPLAINs the statement the engine sends for a page
// of 50 of every busy resource sorted (both ways) by each sortable field and
// filtered by each filterable field, over a few thousand rows in two
// companies: the page must be read from an index led by company_id and the
// field (created_at for the default order), without sorting the company's
// rows. On MySQL/MariaDB, instead of EXPLAIN, the statement must name such
// an index (USE INDEX, see crud's indexHint): the plan is then that index's.
func TestBusyListsUseIndexes(t *testing.T) {
	store := testkit.DB(t)
	d := store.Dialect.Name()
	ctx := context.Background()
	tag := "e" + testkit.Unique()
	filled := map[string]bool{}
	metas := busy(t)
	for _, m := range metas {
		if !filled[m.Table] && d != "mysql" {
			fill(t, store, m.Table, tag, 4000)
			filled[m.Table] = true
		}
	}
	// One connection (SQLite's single writer), for the session settings.
	conn, err := store.Write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	analyze := "ANALYZE"
	if d == "postgres" {
		// Statistics and, on top, no sequential scan: the test is about the
		// indexes existing and matching the order, not about cost guesses.
		if _, err := conn.ExecContext(ctx, "SET enable_seqscan = off"); err != nil {
			t.Fatal(err)
		}
	}
	if d != "mysql" {
		if _, err := conn.ExecContext(ctx, analyze); err != nil {
			t.Fatal(err)
		}
	}
	type check struct {
		params url.Values
		expr   string // the key after the prefix of the index that must be used
	}
	explained := 0
	defer func() { t.Logf("%d list statements explained", explained) }()
	for _, m := range metas {
		idx := indexKeys(t, store, m.Table)
		pre := prefix(m)
		checks := []check{{url.Values{"limit": {"50"}}, "created_at"}}
		for _, f := range listed(m, func(f *crud.Field) bool { return f.Sort }) {
			checks = append(checks,
				check{url.Values{"limit": {"50"}, "sort": {f.Name}}, orderExpr(d, f)},
				check{url.Values{"limit": {"50"}, "sort": {"-" + f.Name}}, orderExpr(d, f)})
		}
		for _, f := range listed(m, func(f *crud.Field) bool { return f.Filter }) {
			if _, fixed := m.Fixed[f.Column]; !fixed {
				checks = append(checks, check{url.Values{"limit": {"50"}, f.Name: {filterValue(f)}}, f.Column})
			}
		}
		for _, c := range checks {
			q, args, err := m.ListSQL(store, "coA", c.params)
			if err != nil {
				t.Fatalf("%s?%s: %v", m.Path, c.params.Encode(), err)
			}
			if d == "mysql" {
				// The statement names its index (see crud's indexHint), so
				// the plan is that index's, whatever the optimizer guesses.
				hinted := hintRe.FindStringSubmatch(q)
				if hinted == nil || !leads(idx[hinted[1]], pre, c.expr) {
					t.Errorf("%s?%s: want USE INDEX naming an index led by (%s, %s); SQL: %s", m.Path, c.params.Encode(), strings.Join(pre, ", "), c.expr, q)
				}
				explained++
				continue
			}
			text := explain(t, conn, d, store.Dialect.Rebind(q), args)
			explained++
			re := sqliteIndexRe
			sorted := strings.Contains(text, "USE TEMP B-TREE")
			if d == "postgres" {
				re, sorted = pgIndexRe, pgSortRe.MatchString(text)
			}
			used := ""
			for _, mm := range re.FindAllStringSubmatch(text, -1) {
				if keys, ok := idx[mm[1]]; ok && leads(keys, pre, c.expr) {
					used = mm[1]
					if strings.HasPrefix(used, "uq_") && len(keys) == len(pre)+1 {
						sorted = false // unique (company_id, col): at most one row to order
					}
				}
			}
			if used == "" || sorted {
				t.Errorf("%s?%s: want an index led by (%s, %s) and no sort; plan:\n%s\nSQL: %s", m.Path, c.params.Encode(), strings.Join(pre, ", "), c.expr, text, q)
			}
		}
	}
}
