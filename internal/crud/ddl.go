package crud

import (
	"fmt"
	"strings"
)

// ColumnType is the SQL type a field gets on a dialect. The migration files
// are the truth; the schema guard test checks them against these types and
// `crm schema` prints DDL from them as a starting point for a new migration.
func ColumnType(dialect string, f *Field) string {
	idLike := f.Column == "id" || f.Column == "company_id"
	switch dialect {
	case "postgres":
		switch f.Kind {
		case KInt, KTime, KMoney, KAmount:
			return "BIGINT"
		case KFloat:
			return "DOUBLE PRECISION"
		case KBool:
			return "BOOLEAN"
		case KDate:
			return "VARCHAR(10)"
		}
		if idLike {
			return "VARCHAR(32)"
		}
		return "TEXT"
	case "mysql":
		switch f.Kind {
		case KInt, KTime, KMoney, KAmount:
			return "BIGINT"
		case KFloat:
			return "DOUBLE"
		case KBool:
			return "TINYINT(1)"
		case KDate:
			return "VARCHAR(10)"
		case KText:
			return "MEDIUMTEXT"
		case KJSON:
			return "LONGTEXT"
		}
		if idLike {
			return "VARCHAR(32)"
		}
		if f.Max > 255 {
			return "TEXT"
		}
		return "VARCHAR(255)"
	default:
		switch f.Kind {
		case KInt, KTime, KMoney, KAmount, KBool:
			return "INTEGER"
		case KFloat:
			return "REAL"
		}
		return "TEXT"
	}
}

// DDL renders CREATE TABLE and index statements for m on dialect.
func DDL(dialect string, m *Meta) string {
	q := func(s string) string {
		if dialect == "mysql" {
			return "`" + s + "`"
		}
		return `"` + s + `"`
	}
	var cols []string
	for _, f := range m.Fields {
		c := "    " + q(f.Column) + " " + ColumnType(dialect, f)
		if !f.Nullable {
			c += " NOT NULL"
		}
		if f.Column == "id" {
			c += " PRIMARY KEY"
		}
		cols = append(cols, c)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE %s (\n%s\n)", q(m.Table), strings.Join(cols, ",\n"))
	if dialect == "mysql" {
		b.WriteString(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci")
	}
	b.WriteString(";\n")
	fmt.Fprintf(&b, "CREATE INDEX %s ON %s (%s, %s);\n", q("idx_"+m.Table+"_company"), q(m.Table), q("company_id"), q("created_at"))
	for _, f := range m.Fields {
		if !f.Unique {
			continue
		}
		col := q(f.Column)
		if f.CI && dialect != "mysql" {
			col = "LOWER(" + col + ")"
		}
		if m.Scope == Company && !f.Global {
			col = q("company_id") + ", " + col
		}
		fmt.Fprintf(&b, "CREATE UNIQUE INDEX %s ON %s (%s);\n", q("uq_"+m.Table+"_"+f.Column), q(m.Table), col)
	}
	return b.String()
}
