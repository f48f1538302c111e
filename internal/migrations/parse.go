package migrations

import (
	"context"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// script is one migration file split into statements.
type script struct {
	version  int64
	name     string
	up, down []statement
}

// statement is one step of a migration. On MySQL its shape names the object
// it creates or drops, so that a re-run after an interruption skips it when
// it is already done.
type statement struct {
	sql    string
	shape  shape
	table  string
	index  string
	column string
	// guards (MySQL dml only) are the table.column pairs the statement
	// names that a later statement of its section drops: once one is gone,
	// the statement ran before the drop and is skipped on a re-run (it could
	// not run anyway).
	guards []tableColumn
}

type tableColumn struct{ table, column string }

type shape int

const (
	verbatim    shape = iota // PostgreSQL and SQLite: run as written, inside the file's transaction
	createTable              // skipped when the table exists
	createIndex              // CREATE [UNIQUE|FULLTEXT] INDEX: skipped when the index exists on the table
	addColumn                // skipped when the column exists
	dropTable                // skipped when the table is gone
	dropIndex                // skipped when the index is gone
	dropColumn               // skipped when the column is gone
	dml                      // INSERT, UPDATE or DELETE: run every time, so written idempotently
)

var fileRe = regexp.MustCompile(`^(\d+)_[a-z0-9_]+\.sql$`)

var parsed sync.Map // dialect -> []script; the files are embedded, so parse once

// load parses every migration file of a dialect, in version order.
func load(dialect string) ([]script, error) {
	if v, ok := parsed.Load(dialect); ok {
		return v.([]script), nil
	}
	sub, err := FS(dialect)
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(sub, ".")
	if err != nil {
		return nil, err
	}
	var out []script
	for _, e := range entries {
		m := fileRe.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migrations: %s/%s: file names are NNNNN_name.sql", dialect, e.Name())
		}
		v, _ := strconv.ParseInt(m[1], 10, 64)
		raw, err := fs.ReadFile(sub, e.Name())
		if err != nil {
			return nil, err
		}
		s, err := parse(dialect, e.Name(), string(raw))
		if err != nil {
			return nil, err
		}
		s.version = v
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	parsed.Store(dialect, out)
	return out, nil
}

// parse splits a goose SQL file into its Up and Down statements. A statement
// ends with the line that ends with ';' (before any trailing "--" comment).
// Lines starting with '--' are comments.
// "-- +goose StatementBegin/End" blocks (PostgreSQL and SQLite only) hold one
// statement that may contain ';'.
func parse(dialect, name, src string) (script, error) {
	s := script{name: name}
	var section *[]statement
	var buf []string
	block := false
	emit := func(line int) error {
		text := strings.TrimSpace(strings.Join(buf, "\n"))
		buf = buf[:0]
		if !block {
			text = strings.TrimSpace(strings.TrimSuffix(text, ";"))
		}
		if text == "" {
			return nil
		}
		st, err := classify(dialect, text)
		if err != nil {
			return fmt.Errorf("migrations: %s/%s: statement ending on line %d: %w", dialect, name, line, err)
		}
		*section = append(*section, st)
		return nil
	}
	seenUp := false
	for i, raw := range strings.Split(src, "\n") {
		line := strings.TrimSpace(raw)
		n := i + 1
		if strings.HasPrefix(line, "-- +goose") {
			if len(buf) > 0 && !block {
				return s, fmt.Errorf("migrations: %s/%s:%d: annotation inside an unterminated statement", dialect, name, n)
			}
			switch strings.ToLower(strings.Join(strings.Fields(strings.TrimPrefix(line, "-- +goose")), " ")) {
			case "up":
				if seenUp || block {
					return s, fmt.Errorf("migrations: %s/%s:%d: misplaced Up", dialect, name, n)
				}
				seenUp = true
				section = &s.up
			case "down":
				if !seenUp || block || section == &s.down {
					return s, fmt.Errorf("migrations: %s/%s:%d: misplaced Down", dialect, name, n)
				}
				section = &s.down
			case "statementbegin":
				if dialect == "mysql" {
					return s, fmt.Errorf("migrations: %s/%s:%d: MySQL migrations hold one plain statement per step (no StatementBegin)", dialect, name, n)
				}
				if section == nil || block {
					return s, fmt.Errorf("migrations: %s/%s:%d: misplaced StatementBegin", dialect, name, n)
				}
				block = true
			case "statementend":
				if !block {
					return s, fmt.Errorf("migrations: %s/%s:%d: StatementEnd without StatementBegin", dialect, name, n)
				}
				if err := emit(n); err != nil {
					return s, err
				}
				block = false
			default:
				return s, fmt.Errorf("migrations: %s/%s:%d: unsupported annotation %q", dialect, name, n, line)
			}
			continue
		}
		if block {
			buf = append(buf, raw)
			continue
		}
		if line == "" || strings.HasPrefix(line, "--") {
			continue
		}
		if section == nil {
			return s, fmt.Errorf("migrations: %s/%s:%d: statement before -- +goose Up", dialect, name, n)
		}
		code := stripComment(line)
		buf = append(buf, code)
		if strings.HasSuffix(code, ";") {
			if err := emit(n); err != nil {
				return s, err
			}
		}
	}
	if block || len(buf) > 0 {
		return s, fmt.Errorf("migrations: %s/%s: last statement is not terminated by ';'", dialect, name)
	}
	for _, sec := range [][]statement{s.up, s.down} {
		if err := guard(sec); err != nil {
			return s, fmt.Errorf("migrations: %s/%s: %w", dialect, name, err)
		}
	}
	if !seenUp {
		return s, fmt.Errorf("migrations: %s/%s: no -- +goose Up section", dialect, name)
	}
	return s, nil
}

const ident = "(`[^`]+`|[A-Za-z_][A-Za-z0-9_$]*)"

var shapes = []struct {
	shape shape
	re    *regexp.Regexp
	// which submatches hold the table, index and column (0 when absent)
	table, index, column int
}{
	{createTable, regexp.MustCompile(`(?is)^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?` + ident + `\s*\(`), 1, 0, 0},
	{createIndex, regexp.MustCompile(`(?is)^CREATE\s+(?:UNIQUE\s+|FULLTEXT\s+)?INDEX\s+` + ident + `\s+ON\s+` + ident + `\s*\(`), 2, 1, 0},
	{addColumn, regexp.MustCompile(`(?is)^ALTER\s+TABLE\s+` + ident + `\s+ADD\s+COLUMN\s+` + ident + `\s`), 1, 0, 2},
	{dropTable, regexp.MustCompile(`(?is)^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?` + ident + `$`), 1, 0, 0},
	{dropIndex, regexp.MustCompile(`(?is)^DROP\s+INDEX\s+` + ident + `\s+ON\s+` + ident + `$`), 2, 1, 0},
	{dropColumn, regexp.MustCompile(`(?is)^ALTER\s+TABLE\s+` + ident + `\s+DROP\s+COLUMN\s+` + ident + `$`), 1, 0, 2},
	{dml, regexp.MustCompile(`(?is)^(?:INSERT|UPDATE|DELETE)\s`), 0, 0, 0},
}

// classify names a statement's shape. On MySQL, which commits DDL statement by
// statement, only the shapes a re-run can skip are accepted.
func classify(dialect, text string) (statement, error) {
	st := statement{sql: text}
	if dialect != "mysql" {
		return st, nil
	}
	if strings.Contains(text, ";") {
		return st, fmt.Errorf("one statement per step: %q holds a ';'", abbrev(text))
	}
	for _, sh := range shapes {
		m := sh.re.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		if sh.shape == addColumn && topLevelComma(text[len(m[0]):]) {
			return st, fmt.Errorf("one column per ALTER TABLE ... ADD COLUMN: %q", abbrev(text))
		}
		st.shape = sh.shape
		st.table, st.index, st.column = unquote(m, sh.table), unquote(m, sh.index), unquote(m, sh.column)
		return st, nil
	}
	return st, fmt.Errorf("unsupported statement on MySQL (allowed: CREATE TABLE, CREATE [UNIQUE|FULLTEXT] INDEX ... ON, ALTER TABLE ... ADD COLUMN, DROP TABLE, DROP INDEX ... ON, ALTER TABLE ... DROP COLUMN, idempotent INSERT/UPDATE/DELETE): %q", abbrev(text))
}

var identRe = regexp.MustCompile("`([^`]+)`|([A-Za-z_][A-Za-z0-9_$]*)")
var literalRe = regexp.MustCompile(`'(?:[^'\\]|\\.|'')*'`)

// guard sets the guards of the INSERT, UPDATE and DELETE statements of a
// MySQL section: a statement that names both a table and a column of it that
// a later statement drops (moving a column's data before dropping it). A
// section may not add a column back after dropping it: the guard could not
// tell the two apart.
func guard(list []statement) error {
	dropped := map[tableColumn]int{} // -> index of the drop
	for i, st := range list {
		switch st.shape {
		case dropColumn:
			dropped[tableColumn{strings.ToLower(st.table), strings.ToLower(st.column)}] = i
		case addColumn:
			if _, ok := dropped[tableColumn{strings.ToLower(st.table), strings.ToLower(st.column)}]; ok {
				return fmt.Errorf("%s.%s is added after it is dropped in the same section", st.table, st.column)
			}
		}
	}
	for i := range list {
		st := &list[i]
		if st.shape != dml {
			continue
		}
		names := map[string]bool{}
		for _, m := range identRe.FindAllStringSubmatch(literalRe.ReplaceAllString(st.sql, "''"), -1) {
			names[strings.ToLower(m[1]+m[2])] = true
		}
		for tc, at := range dropped {
			if at > i && names[tc.table] && names[tc.column] {
				st.guards = append(st.guards, tc)
			}
		}
	}
	return nil
}

func unquote(m []string, i int) string {
	if i == 0 {
		return ""
	}
	return strings.Trim(m[i], "`")
}

// stripComment removes a trailing "--" comment (outside quotes) from a line.
func stripComment(line string) string {
	var quote rune
	for i, c := range line {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '-' && strings.HasPrefix(line[i:], "--"):
			return strings.TrimSpace(line[:i])
		}
	}
	return line
}

// topLevelComma reports a ',' outside parentheses and quotes.
func topLevelComma(s string) bool {
	depth := 0
	var quote rune
	for _, c := range s {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			return true
		}
	}
	return false
}

func abbrev(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// done reports whether a MySQL statement's effect is already in place, so a
// re-run after an interruption skips it. The checks read information_schema,
// which MariaDB and MySQL 8 both offer.
func (st statement) done(ctx context.Context, db execer) (bool, error) {
	var q string
	var args []any
	switch st.shape {
	case createTable, dropTable:
		q, args = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?`, []any{st.table}
	case createIndex, dropIndex:
		q, args = `SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ?`, []any{st.table, st.index}
	case addColumn, dropColumn:
		q, args = `SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?`, []any{st.table, st.column}
	case dml:
		for _, g := range st.guards {
			var n int
			if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND column_name = ?`,
				g.table, g.column).Scan(&n); err != nil {
				return false, fmt.Errorf("check %q: %w", abbrev(st.sql), err)
			}
			if n == 0 {
				return true, nil // the column was dropped after this statement ran
			}
		}
		return false, nil
	default:
		return false, nil
	}
	var n int
	if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return false, fmt.Errorf("check %q: %w", abbrev(st.sql), err)
	}
	switch st.shape {
	case dropTable, dropIndex, dropColumn:
		return n == 0, nil
	}
	return n > 0, nil
}
