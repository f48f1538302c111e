package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-sql-driver/mysql"
)

// Index is a B-tree index of a table: its name and its columns in order, each
// ascending or descending.
type Index struct {
	Name    string
	Columns []string
	Desc    []bool
}

// Indexes returns the B-tree indexes of table on MySQL/MariaDB, read once
// from information_schema and then kept (the schema is migrated before the
// server starts; ForgetIndexes reads them again). On the other dialects, and
// on a DB without connections, it returns nothing.
func (d *DB) Indexes(ctx context.Context, table string) ([]Index, error) {
	if d.Read == nil || d.Dialect == nil || d.Dialect.Name() != "mysql" {
		return nil, nil
	}
	if v, ok := d.indexes.Load(table); ok {
		return v.([]Index), nil
	}
	rows, err := d.Read.QueryContext(ctx, "SELECT INDEX_NAME, COLUMN_NAME, COALESCE(COLLATION, 'A') FROM information_schema.STATISTICS "+
		"WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_TYPE = 'BTREE' ORDER BY INDEX_NAME, SEQ_IN_INDEX", table)
	if err != nil {
		return nil, fmt.Errorf("db: indexes of %s: %w", table, err)
	}
	defer rows.Close()
	var out []Index
	for rows.Next() {
		var name, col, collation string
		if err := rows.Scan(&name, &col, &collation); err != nil {
			return nil, fmt.Errorf("db: indexes of %s: %w", table, err)
		}
		if len(out) == 0 || out[len(out)-1].Name != name {
			out = append(out, Index{Name: name})
		}
		ix := &out[len(out)-1]
		ix.Columns = append(ix.Columns, col)
		ix.Desc = append(ix.Desc, collation == "D")
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("db: indexes of %s: %w", table, err)
	}
	d.indexes.Store(table, out)
	return out, nil
}

// ForgetIndexes drops what Indexes kept: the next call reads the catalogue
// again. For a statement that named an index the table no longer has (see
// IsUnknownIndex), so that a schema changed under a running server costs one
// failed statement, not every one until a restart.
func (d *DB) ForgetIndexes() { d.indexes.Clear() }

// IsUnknownIndex reports a MySQL/MariaDB statement that named an index its
// table does not have (error 1176, in USE INDEX or FORCE INDEX).
func IsUnknownIndex(err error) bool {
	var e *mysql.MySQLError
	return errors.As(err, &e) && e.Number == 1176
}
