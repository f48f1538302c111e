// Package migrations holds the versioned schema of every dialect, embedded in
// the binary, and applies it with goose. The three folders keep the same
// version numbers; a test fails if they drift apart or from the declarations.
//
// Every file is parsed here and handed to goose as a Go migration, so that
// one runner applies all three dialects:
//   - PostgreSQL and SQLite run each file's statements in one transaction
//     with the version row, so an interrupted file leaves nothing behind.
//   - MySQL/MariaDB commit DDL statement by statement, so each file runs
//     without a transaction, one statement at a time, and each statement is
//     skipped when its effect is already in place (the table, index or column
//     exists, or is gone for the Down shapes). A file interrupted anywhere is
//     simply run again on the next start. Only those shapes are accepted on
//     MySQL; a test checks every embedded file.
//
// Up holds a lock that the database server releases when the holder's
// connection ends (GET_LOCK on MySQL, a session advisory lock on PostgreSQL),
// so a killed process never leaves a stale lock, and it repairs goose's
// version table when a kill left it without its zero row.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
)

//go:embed sqlite/*.sql postgres/*.sql mysql/*.sql
var files embed.FS

// FS returns the migration files of one dialect.
func FS(dialect string) (fs.FS, error) {
	return fs.Sub(files, dialect)
}

// versionTable is goose's bookkeeping table.
const versionTable = goose.DefaultTablename

// stepHook, when set (by tests), is called at each step of a migration run:
// "lock" once the migration lock is held, "NNNNN:i" before the i-th statement
// of a file's Up section, "NNNNN:end" after its last statement and before
// goose records the version ("down:" prefixes the Down steps).
var stepHook func(step string)

func hook(step string) {
	if stepHook != nil {
		stepHook(step)
	}
}

// errApplied reports that a file was applied by another process while this
// one waited for the write lock (SQLite).
var errApplied = errors.New("migration already applied by another process")

// run is one provider's migrations and, on MySQL while the lock is held, the
// locked connection they run on: the lock then outlives any statement still
// executing for a killed process, since the server ends that session only
// after the statement.
type run struct {
	scripts []script
	conn    *sql.Conn
}

// execer is what *sql.DB and *sql.Conn offer.
type execer interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func (r *run) on(pool *sql.DB) execer {
	if r.conn != nil {
		return r.conn
	}
	return pool
}

func provider(store *db.DB) (*goose.Provider, *run, error) {
	name := store.Dialect.Name()
	scripts, err := load(name)
	if err != nil {
		return nil, nil, err
	}
	r := &run{scripts: scripts}
	var gd goose.Dialect
	switch name {
	case "postgres":
		gd = goose.DialectPostgres
	case "mysql":
		gd = goose.DialectMySQL
	default:
		gd = goose.DialectSQLite3
	}
	ms := make([]*goose.Migration, 0, len(scripts))
	for _, s := range scripts {
		ms = append(ms, goMigration(store.Dialect, s, r))
	}
	p, err := goose.NewProvider(gd, store.Write, nil, goose.WithDisableGlobalRegistry(true), goose.WithGoMigrations(ms...))
	if err != nil {
		return nil, nil, fmt.Errorf("migrations: %w", err)
	}
	return p, r, nil
}

func goMigration(d db.Dialect, s script, r *run) *goose.Migration {
	if d.Name() == "mysql" {
		return goose.NewGoMigration(s.version,
			&goose.GoFunc{RunDB: func(ctx context.Context, pool *sql.DB) error { return runGuarded(ctx, r.on(pool), s, true) }},
			&goose.GoFunc{RunDB: func(ctx context.Context, pool *sql.DB) error { return runGuarded(ctx, r.on(pool), s, false) }})
	}
	return goose.NewGoMigration(s.version,
		&goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error { return runTx(ctx, d, tx, s, true) }},
		&goose.GoFunc{RunTx: func(ctx context.Context, tx *sql.Tx) error { return runTx(ctx, d, tx, s, false) }})
}

func steps(s script, up bool) ([]statement, string) {
	if up {
		return s.up, fmt.Sprintf("%05d:", s.version)
	}
	return s.down, fmt.Sprintf("down:%05d:", s.version)
}

// runTx runs a file's statements inside goose's transaction (PostgreSQL, SQLite).
func runTx(ctx context.Context, d db.Dialect, tx *sql.Tx, s script, up bool) error {
	if up {
		var n int
		if err := tx.QueryRowContext(ctx, d.Rebind("SELECT COUNT(*) FROM "+versionTable+" WHERE version_id = ?"), s.version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return errApplied
		}
	}
	list, label := steps(s, up)
	for i, st := range list {
		hook(fmt.Sprintf("%s%d", label, i+1))
		if _, err := tx.ExecContext(ctx, st.sql); err != nil {
			return fmt.Errorf("%s: %q: %w", s.name, abbrev(st.sql), err)
		}
	}
	hook(label + "end")
	return nil
}

// runGuarded runs a file's statements one by one, skipping those already in
// effect (MySQL).
func runGuarded(ctx context.Context, conn execer, s script, up bool) error {
	list, label := steps(s, up)
	for i, st := range list {
		hook(fmt.Sprintf("%s%d", label, i+1))
		skip, err := st.done(ctx, conn)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		if skip {
			continue
		}
		if _, err := conn.ExecContext(ctx, st.sql); err != nil {
			return fmt.Errorf("%s: %q: %w", s.name, abbrev(st.sql), err)
		}
	}
	hook(label + "end")
	return nil
}

// repairVersionTable drops goose's version table when it has no rows: a kill
// between its creation and the insertion of its zero row (MySQL commits the
// CREATE on its own) leaves it so, and goose then refuses to start with
// "missing zero version migration". goose recreates it. Callers hold the
// migration lock (none on SQLite, where the check is repeated inside the
// write transaction).
func repairVersionTable(ctx context.Context, store *db.DB) error {
	empty, err := emptyVersionTable(ctx, store)
	if err != nil || !empty {
		return err
	}
	return store.InTx(ctx, func(ctx context.Context) error {
		if empty, err := emptyVersionTable(ctx, store); err != nil || !empty {
			return err
		}
		if _, err := store.Q(ctx).ExecContext(ctx, "DROP TABLE "+versionTable); err != nil {
			return fmt.Errorf("migrations: drop empty version table: %w", err)
		}
		return nil
	})
}

func emptyVersionTable(ctx context.Context, store *db.DB) (bool, error) {
	var q string
	switch store.Dialect.Name() {
	case "postgres":
		q = `SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?`
	case "mysql":
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?`
	default:
		q = `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`
	}
	var n int
	if err := store.Q(ctx).QueryRowContext(ctx, q, versionTable).Scan(&n); err != nil {
		return false, fmt.Errorf("migrations: check version table: %w", err)
	}
	if n == 0 {
		return false, nil
	}
	if err := store.Q(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM "+versionTable).Scan(&n); err != nil {
		return false, fmt.Errorf("migrations: check version table: %w", err)
	}
	return n == 0, nil
}

// Up applies every pending migration.
func Up(ctx context.Context, store *db.DB) ([]*goose.MigrationResult, error) {
	p, run, err := provider(store)
	if err != nil {
		return nil, err
	}
	var res []*goose.MigrationResult
	err = withLock(ctx, store, func(conn *sql.Conn) error {
		run.conn = conn
		defer func() { run.conn = nil }()
		if err := repairVersionTable(ctx, store); err != nil {
			return err
		}
		// On SQLite another process may apply a file while this one waits for
		// the write lock; the file is then skipped and Up starts over, at most
		// once per file. A file that holds the write lock longer than the
		// busy timeout (a large data move) makes the waiting start fail with
		// SQLITE_BUSY: it starts over too, for up to lockWait, as a start
		// waits for another's lock on PostgreSQL and MySQL.
		deadline := time.Now().Add(lockWait)
		for attempt := 0; ; attempt++ {
			r, err := p.Up(ctx)
			res = append(res, r...)
			var pe *goose.PartialError
			if errors.As(err, &pe) {
				res = append(res, pe.Applied...)
			}
			if errors.Is(err, errApplied) && attempt <= len(run.scripts) {
				continue
			}
			if store.Dialect.Name() == "sqlite" && store.Dialect.IsRetryable(err) && time.Now().Before(deadline) && ctx.Err() == nil {
				continue
			}
			return err
		}
	})
	for _, r := range res {
		r.Source.Path = sourceName(run.scripts, r.Source.Version)
	}
	if err != nil {
		return res, fmt.Errorf("migrations: up: %w", err)
	}
	if err := useSearchQueue(ctx, store); err != nil {
		return res, fmt.Errorf("migrations: up: %w", err)
	}
	return res, nil
}

// useSearchQueue has a migrated SQLite store index the rows its search
// triggers queue before each COMMIT (see crud.SearchQueue), and indexes the
// rows the migrations themselves queued.
func useSearchQueue(ctx context.Context, store *db.DB) error {
	if store.Dialect.Name() != "sqlite" {
		return nil
	}
	var n int
	if err := store.Write.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, crud.SearchQueue).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return nil
	}
	store.BeforeCommit = crud.DrainSearchQueue
	return store.InTx(ctx, func(context.Context) error { return nil })
}

func sourceName(scripts []script, version int64) string {
	for _, s := range scripts {
		if s.version == version {
			return s.name
		}
	}
	return ""
}

// Status reports each migration and whether it is applied.
func Status(ctx context.Context, store *db.DB) ([]*goose.MigrationStatus, error) {
	p, run, err := provider(store)
	if err != nil {
		return nil, err
	}
	var st []*goose.MigrationStatus
	err = withLock(ctx, store, func(*sql.Conn) error {
		st, err = p.Status(ctx)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("migrations: status: %w", err)
	}
	for _, s := range st {
		s.Source.Path = sourceName(run.scripts, s.Source.Version)
	}
	return st, nil
}

// Pending reports whether migrations remain to be applied. It takes no lock,
// so it answers while another process migrates.
func Pending(ctx context.Context, store *db.DB) (bool, error) {
	p, _, err := provider(store)
	if err != nil {
		return false, err
	}
	return p.HasPending(ctx)
}
