package db

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect holds every difference between the three engines that the project's
// SQL has to care about. Any other dialect switch belongs here, not in callers.
type Dialect interface {
	// Name is "sqlite", "postgres" or "mysql".
	Name() string
	// Rebind turns '?' placeholders into the engine's own ($1.. for PostgreSQL).
	Rebind(q string) string
	// Quote quotes an identifier.
	Quote(ident string) string
	// ILike returns a case-insensitive "column contains pattern" condition with one placeholder.
	ILike(col string) string
	// IsUniqueViolation reports a unique-constraint failure.
	IsUniqueViolation(err error) bool
	// IsRetryable reports a deadlock, serialization or busy failure worth one more try.
	IsRetryable(err error) bool
}

// DialectByName returns the dialect for "sqlite", "postgres" (or "postgresql") and
// "mysql" (or "mariadb").
func DialectByName(name string) (Dialect, error) {
	switch strings.ToLower(name) {
	case "", "sqlite", "sqlite3":
		return sqliteDialect{}, nil
	case "postgres", "postgresql", "pg":
		return postgresDialect{}, nil
	case "mysql", "mariadb":
		return mysqlDialect{}, nil
	}
	return nil, fmt.Errorf("db: unknown dialect %q (want sqlite, postgres or mysql)", name)
}

type sqliteDialect struct{}

func (sqliteDialect) Name() string           { return "sqlite" }
func (sqliteDialect) Rebind(q string) string { return q }
func (sqliteDialect) Quote(s string) string  { return `"` + s + `"` }
func (sqliteDialect) ILike(col string) string {
	return col + ` LIKE ? ESCAPE '\'`
}
func (sqliteDialect) IsUniqueViolation(err error) bool {
	var e *sqlite.Error
	if errors.As(err, &e) {
		return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}
func (sqliteDialect) IsRetryable(err error) bool {
	var e *sqlite.Error
	if errors.As(err, &e) {
		c := e.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return false
}

type postgresDialect struct{}

func (postgresDialect) Name() string { return "postgres" }
func (postgresDialect) Rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}
func (postgresDialect) Quote(s string) string { return `"` + s + `"` }
func (postgresDialect) ILike(col string) string {
	return col + ` ILIKE ? ESCAPE '\'`
}
func (postgresDialect) IsUniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}
func (postgresDialect) IsRetryable(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && (e.Code == "40001" || e.Code == "40P01")
}

type mysqlDialect struct{}

func (mysqlDialect) Name() string           { return "mysql" }
func (mysqlDialect) Rebind(q string) string { return q }
func (mysqlDialect) Quote(s string) string  { return "`" + s + "`" }
func (mysqlDialect) ILike(col string) string {
	// utf8mb4_unicode_ci makes LIKE case-insensitive; '\' is MySQL's default escape.
	return col + ` LIKE ?`
}
func (mysqlDialect) IsUniqueViolation(err error) bool {
	var e *mysql.MySQLError
	return errors.As(err, &e) && e.Number == 1062
}
func (mysqlDialect) IsRetryable(err error) bool {
	var e *mysql.MySQLError
	return errors.As(err, &e) && (e.Number == 1213 || e.Number == 1205)
}

// LikePattern escapes s for a LIKE "contains" match.
func LikePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// IsExaminedLimit reports a MariaDB statement stopped by its LIMIT … ROWS
// EXAMINED bound while sorting (error 1028, "Sort aborted"); a statement
// stopped while reading rows ends with a warning instead.
func IsExaminedLimit(err error) bool {
	var e *mysql.MySQLError
	return errors.As(err, &e) && e.Number == 1028
}
