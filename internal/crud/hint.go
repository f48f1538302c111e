package crud

import (
	"context"
	"log/slog"
	"slices"

	"github.com/crmhrm/crm/internal/platform/db"
)

// indexHint names, on MySQL/MariaDB, the index that serves a list (its quoted
// name, for USE INDEX or FORCE INDEX): the rows of eq (columns compared for
// equality), in the order of keys. MariaDB receives each statement as text
// and plans it anew, and for every index that could serve the company's rows
// it first estimates how many it holds (a dive into each B-tree): on a busy
// table with 17 such indexes that planning cost more than reading the page
// (0.64 against 0.41 ms for a first page of 50 jobs of 100,000, by ANALYZE
// FORMAT=JSON). With the index named, it plans for that one only (0.20 ms).
// The index is the shortest whose columns begin with eq (in any order)
// followed by the keys' columns, all in the keys' directions or all reversed
// (a backward scan); InnoDB ends every secondary index with the primary key,
// id. Without such an index, or on the other dialects, the name is empty and
// the optimizer chooses.
func (m *Meta) indexHint(ctx context.Context, store *db.DB, eq []string, keys []orderKey) string {
	if store == nil || store.Dialect == nil || store.Dialect.Name() != "mysql" {
		return ""
	}
	indexes, err := store.Indexes(ctx, m.Table)
	if err != nil {
		slog.Warn("crud: no index hint", "table", m.Table, "err", err)
		return ""
	}
	name := pickIndex(indexes, eq, keys)
	if name == "" {
		return ""
	}
	return store.Dialect.Quote(name)
}

// pickIndex is indexHint's choice among indexes ("" when none serves).
func pickIndex(indexes []db.Index, eq []string, keys []orderKey) string {
	best, bestLen := "", 0
	for _, ix := range indexes {
		if ix.Name == "PRIMARY" || !serves(ix, eq, keys) {
			continue
		}
		if best == "" || len(ix.Columns) < bestLen {
			best, bestLen = ix.Name, len(ix.Columns)
		}
	}
	return best
}

// serves reports whether ix reads the rows of eq in the order of keys.
func serves(ix db.Index, eq []string, keys []orderKey) bool {
	cols, desc := ix.Columns, ix.Desc
	if !slices.Contains(cols, "id") {
		cols = append(slices.Clone(cols), "id")
		desc = append(slices.Clone(desc), false)
	}
	if len(cols) < len(eq)+len(keys) {
		return false
	}
	for _, c := range cols[:len(eq)] {
		if !slices.Contains(eq, c) {
			return false
		}
	}
	same, reversed := true, true
	for j, k := range keys {
		i := len(eq) + j
		if k.lower || cols[i] != k.f.Column {
			return false
		}
		if desc[i] == k.desc {
			reversed = false
		} else {
			same = false
		}
	}
	return same || reversed
}
