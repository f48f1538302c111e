// Package db is the project's thin layer over database/sql: one DB value with a
// reader pool and a writer pool, a small Dialect for the three supported
// engines (SQLite, PostgreSQL, MySQL/MariaDB), transactions carried in the
// context, identifiers and the column value types the resources share.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/go-sql-driver/mysql" // MySQL / MariaDB driver
	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver
	_ "modernc.org/sqlite"             // pure-Go SQLite driver
)

// DB holds the connection pools of one database. With SQLite, Write has exactly
// one connection so write transactions queue in Go instead of failing with
// SQLITE_BUSY; Read has several. With PostgreSQL and MySQL both are the same pool.
type DB struct {
	Read    *sql.DB
	Write   *sql.DB
	Dialect Dialect

	// readStmts and writeStmts cache prepared statements (SQLite only; nil
	// otherwise: statements are sent as they are).
	readStmts, writeStmts *stmtCache
	watch                 writeWatch
	// group batches concurrent write transactions (SQLite only; see groupCommit).
	group *groupCommit
	// ckpt checkpoints the WAL after commits (SQLite only; see checkpointer).
	ckpt *checkpointer
	// MariaDB is set when the "mysql" server is MariaDB (its SQL has
	// extensions MySQL lacks, such as LIMIT … ROWS EXAMINED).
	MariaDB bool
	// indexes caches Indexes per table.
	indexes sync.Map
	// BeforeCommit, when set, runs in every write transaction just before its
	// COMMIT, outside any unit's savepoint: once per group commit on SQLite.
	// Its error rolls the transaction back. The search index's queue uses it
	// (see crud.DrainSearchQueue). Set it before the store is shared.
	BeforeCommit func(ctx context.Context, tx *Tx) error
}

// SQLite page cache per connection, in KiB (SQLite's default is 2,000 KiB).
// The writer changes the leaves of a dozen indexes per insert and keeps them
// cached. A reader's pages of a large table come from the operating system's
// cache of the file when they are not in its own (a read system call, no
// disk): halving the four readers' caches saved about 4 MB of peak memory under
// the load tool at no measurable cost in CPU per request (README, Memory).
const (
	WriterCacheKiB = 1024
	ReaderCacheKiB = 512
)

// Open connects to the database named by dialect and dsn. For SQLite the dsn is
// a file path (its directory is created when missing).
func Open(dialect, dsn string) (*DB, error) {
	d, err := DialectByName(dialect)
	if err != nil {
		return nil, err
	}
	switch d.Name() {
	case "sqlite":
		if err := prepareSQLiteFile(dsn); err != nil {
			return nil, err
		}
		q := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_txlock=immediate"
		// The writer keeps temporary files in memory: a group commit's
		// savepoints journal every page a unit changes, and a sub-journal in a
		// file cost a write system call per page.
		// It checkpoints the WAL itself only past 4,000 pages (SQLite's
		// default is 1,000): the checkpointer does it off its path.
		w, err := sql.Open("sqlite", "file:"+dsn+"?"+q+"&_pragma=cache_size(-"+strconv.Itoa(WriterCacheKiB)+")&_pragma=temp_store(MEMORY)&_pragma=wal_autocheckpoint(4000)")
		if err != nil {
			return nil, fmt.Errorf("db: open sqlite: %w", err)
		}
		w.SetMaxOpenConns(1)
		r, err := sql.Open("sqlite", "file:"+dsn+"?"+q+"&_pragma=cache_size(-"+strconv.Itoa(ReaderCacheKiB)+")")
		if err != nil {
			return nil, fmt.Errorf("db: open sqlite: %w", err)
		}
		// Each connection holds its own page cache, parsed schema and prepared
		// statements: four readers keep both cores busy.
		r.SetMaxOpenConns(4)
		r.SetMaxIdleConns(4)
		out := &DB{Read: r, Write: w, Dialect: d, readStmts: newStmtCache(r), writeStmts: newStmtCache(w)}
		out.group = &groupCommit{d: out}
		if err := out.Ping(context.Background()); err != nil {
			out.Close()
			return nil, err
		}
		out.ckpt = startCheckpointer(r)
		return out, nil
	case "postgres":
		p, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("db: open postgres: %w", err)
		}
		setServerPool(p)
		p.SetConnMaxLifetime(30 * time.Minute)
		out := &DB{Read: p, Write: p, Dialect: d}
		if err := out.Ping(context.Background()); err != nil {
			p.Close()
			return nil, err
		}
		return out, nil
	default: // mysql
		p, err := sql.Open("mysql", MySQLDSN(dsn))
		if err != nil {
			return nil, fmt.Errorf("db: open mysql: %w", err)
		}
		setServerPool(p)
		p.SetConnMaxLifetime(5 * time.Minute)
		out := &DB{Read: p, Write: p, Dialect: d}
		if err := out.Ping(context.Background()); err != nil {
			p.Close()
			return nil, err
		}
		var version string
		if err := p.QueryRowContext(context.Background(), "SELECT VERSION()").Scan(&version); err != nil {
			p.Close()
			return nil, fmt.Errorf("db: mysql version: %w", err)
		}
		out.MariaDB = strings.Contains(strings.ToLower(version), "mariadb")
		return out, nil
	}
}

// prepareSQLiteFile makes the database file private to the service's user:
// a missing folder is created 0700 and a missing file 0600 before SQLite
// opens it (SQLite gives its -wal and -shm files the mode of the database
// file). Existing files lose any group and other permissions.
func prepareSQLiteFile(path string) error {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil
	}
	if dir := filepath.Dir(path); dir != "" && dir != "." {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("db: create data folder: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("db: create sqlite file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("db: create sqlite file: %w", err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		st, err := os.Stat(p)
		if err != nil || st.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(p, st.Mode().Perm()&^0o077); err != nil {
			return fmt.Errorf("db: make %s private: %w", p, err)
		}
	}
	return nil
}

// MySQLDSN adds the connection options the project relies on (UTC, utf8mb4,
// client-side interpolation, multi-statement migrations) to a go-sql-driver DSN.
func MySQLDSN(dsn string) string {
	want := map[string]string{
		"charset":           "utf8mb4",
		"collation":         "utf8mb4_unicode_ci",
		"loc":               "UTC",
		"interpolateParams": "true",
		"multiStatements":   "true",
		"parseTime":         "true", // goose's MySQL lock table has DATETIME columns
	}
	base, query, _ := strings.Cut(dsn, "?")
	vals, _ := url.ParseQuery(query)
	for k, v := range want {
		if vals.Get(k) == "" {
			vals.Set(k, v)
		}
	}
	return base + "?" + vals.Encode()
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := d.Write.PingContext(ctx); err != nil {
		return fmt.Errorf("db: ping: %w", err)
	}
	return nil
}

// Close closes both pools.
func (d *DB) Close() error {
	d.ckpt.shutdown()
	err := d.Write.Close()
	if d.Read != d.Write {
		if e := d.Read.Close(); err == nil {
			err = e
		}
	}
	return err
}

type txKey struct{}

// Tx is a transaction with the dialect's placeholder rebinding applied.
type Tx struct {
	tx    *sql.Tx
	d     Dialect
	cache *stmtCache
	watch *writeWatch
	// after holds the OnWrite functions of the statements run so far, to
	// call once the transaction commits.
	after []func()
	// missed are the statements run unprepared, to prepare once the
	// transaction ends.
	missed []string
	// retry is a deadlock, serialization or busy failure that a nested InTx
	// met; see RetryableFailure.
	retry error
	// batch is set when the transaction is shared by a group commit.
	batch *batchState
}

// Querier is what both the DB (outside a transaction) and a Tx offer.
type Querier interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// ExecContext runs a statement inside the transaction.
func (t *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	counted(ctx)
	q = t.d.Rebind(q)
	t.after = append(t.after, t.watch.matches(q)...)
	if t.lost() {
		return nil, errGroupAborted
	}
	var res sql.Result
	var err error
	if e, release := t.cache.get(ctx, q, false); e != nil {
		defer release()
		res, err = t.tx.StmtContext(ctx, e.st).ExecContext(ctx, args...)
	} else {
		t.miss(q)
		res, err = t.tx.ExecContext(ctx, q, args...)
	}
	t.checkAlive(err)
	return res, err
}

// QueryContext runs a query inside the transaction.
func (t *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	counted(ctx)
	q = t.d.Rebind(q)
	t.after = append(t.after, t.watch.matches(q)...)
	if t.lost() {
		return nil, errGroupAborted
	}
	var rows *sql.Rows
	var err error
	if e, release := t.cache.get(ctx, q, false); e != nil {
		defer release()
		rows, err = t.tx.StmtContext(ctx, e.st).QueryContext(ctx, args...)
	} else {
		t.miss(q)
		rows, err = t.tx.QueryContext(ctx, q, args...)
	}
	t.checkAlive(err)
	return rows, err
}

// QueryRowContext runs a one-row query inside the transaction.
func (t *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	counted(ctx)
	q = t.d.Rebind(q)
	t.after = append(t.after, t.watch.matches(q)...)
	if t.lost() { // a Row cannot be made with an error: a done context gives one
		done, cancel := context.WithCancel(ctx)
		cancel()
		return t.tx.QueryRowContext(done, q, args...)
	}
	var row *sql.Row
	if e, release := t.cache.get(ctx, q, false); e != nil {
		defer release()
		row = t.tx.StmtContext(ctx, e.st).QueryRowContext(ctx, args...)
	} else {
		t.miss(q)
		row = t.tx.QueryRowContext(ctx, q, args...)
	}
	if t.batch != nil {
		t.checkAlive(row.Err())
	}
	return row
}

func (t *Tx) miss(q string) {
	if t.cache != nil && len(t.missed) < 16 {
		t.missed = append(t.missed, q)
	}
}

type pool struct {
	p     *sql.DB
	d     Dialect
	cache *stmtCache
	watch *writeWatch
}

func (p pool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	counted(ctx)
	q = p.d.Rebind(q)
	defer run(p.watch.matches(q))
	if e, release := p.cache.get(ctx, q, true); e != nil {
		defer release()
		return e.st.ExecContext(ctx, args...)
	}
	return p.p.ExecContext(ctx, q, args...)
}

func (p pool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	counted(ctx)
	q = p.d.Rebind(q)
	defer run(p.watch.matches(q))
	if e, release := p.cache.get(ctx, q, true); e != nil {
		defer release()
		return e.st.QueryContext(ctx, args...)
	}
	return p.p.QueryContext(ctx, q, args...)
}

func (p pool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	counted(ctx)
	q = p.d.Rebind(q)
	defer run(p.watch.matches(q))
	if e, release := p.cache.get(ctx, q, true); e != nil {
		defer release()
		return e.st.QueryRowContext(ctx, args...)
	}
	return p.p.QueryRowContext(ctx, q, args...)
}

type queryCountKey struct{}

// CountQueries returns a context under which every statement run through Q,
// in or out of a transaction, adds one to n. Tests use it to show that a
// request's number of statements does not grow with the rows it answers.
func CountQueries(ctx context.Context) (_ context.Context, n *atomic.Int64) {
	n = new(atomic.Int64)
	return context.WithValue(ctx, queryCountKey{}, n), n
}

func counted(ctx context.Context) {
	if n, ok := ctx.Value(queryCountKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}

// HasTx reports whether ctx carries a transaction.
func HasTx(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*Tx)
	return ok
}

// Q returns the transaction carried by ctx, or the reader pool when there is none.
// Statements use '?' placeholders; they are rebound for PostgreSQL.
func (d *DB) Q(ctx context.Context) Querier {
	if tx, ok := ctx.Value(txKey{}).(*Tx); ok {
		return tx
	}
	return pool{d.Read, d.Dialect, d.readStmts, &d.watch}
}

// InTx runs fn in one write transaction carried by the context. A transaction
// already in ctx is reused, so helpers compose into one unit of work. The
// transaction commits when fn returns nil and rolls back otherwise. On SQLite
// units that queue for the writer share one commit (see groupCommit); fn may
// then run more than once, as it does after a busy failure.
//
// Example:
//
//	err := store.InTx(ctx, func(ctx context.Context) error {
//		_, err := store.Q(ctx).ExecContext(ctx, "UPDATE leaves SET status = ? WHERE id = ?", "approved", id)
//		return err
//	})
func (d *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	if tx, ok := ctx.Value(txKey{}).(*Tx); ok {
		err = fn(ctx)
		if err != nil && d.Dialect.IsRetryable(err) {
			tx.retry = err
		}
		return err
	}
	for attempt := 0; ; attempt++ {
		err = d.writeOnce(ctx, fn)
		if err == nil || attempt >= 2 || !d.Dialect.IsRetryable(err) {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 20 * time.Millisecond)
	}
}

func (d *DB) inTxOnce(ctx context.Context, fn func(ctx context.Context) error) (err error) {
	opts, _ := ctx.Value(txOptsKey{}).(*sql.TxOptions)
	sqlTx, err := d.Write.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	tx := &Tx{tx: sqlTx, d: d.Dialect, cache: d.writeStmts, watch: &d.watch}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
		if len(tx.missed) > 0 {
			tx.cache.warmLater(tx.missed)
		}
	}()
	if err = fn(context.WithValue(ctx, txKey{}, tx)); err != nil {
		return err
	}
	if d.BeforeCommit != nil {
		if err = d.BeforeCommit(ctx, tx); err != nil {
			return fmt.Errorf("db: before commit: %w", err)
		}
	}
	if d.group != nil {
		d.group.commits.Add(1)
	}
	err = sqlTx.Commit()
	run(tx.after) // also after a failed commit: a cache dropping entries needlessly is harmless
	d.ckpt.wrote()
	if err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

type txOptsKey struct{}

// WithTxOptions returns ctx asking InTx to begin its transaction with opts
// (a transaction already in ctx is reused as it is). With
// sql.LevelReadCommitted every statement sees the rows committed before it on
// MySQL as on PostgreSQL, instead of MySQL's REPEATABLE READ snapshot taken at
// the transaction's first plain read; code that runs other code's reads and
// locks inside one long transaction needs that.
func WithTxOptions(ctx context.Context, opts *sql.TxOptions) context.Context {
	return context.WithValue(ctx, txOptsKey{}, opts)
}

// RetryableFailure returns the deadlock, serialization or busy failure that an
// InTx nested in ctx's transaction returned, or nil. Only the outermost InTx
// retries; code that runs other code in a transaction and turns its errors
// into answers (an HTTP handler writing a 500) returns this error instead, so
// that the outermost InTx retries the whole unit as the nested one would have.
func RetryableFailure(ctx context.Context) error {
	if tx, ok := ctx.Value(txKey{}).(*Tx); ok {
		return tx.retry
	}
	return nil
}

// ErrNoRows is returned by helpers when a row does not exist.
var ErrNoRows = sql.ErrNoRows

// IsNoRows reports whether err means that no row matched.
func IsNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// setServerPool sizes the pool of a database server: 20 connections, all of
// which may stay idle between bursts. An idle limit below the open limit made
// every burst above it open and close connections (a PostgreSQL backend
// process each): at 32 concurrent requests that churn halved the throughput
// of a get. Connections idle for a minute are closed.
func setServerPool(p *sql.DB) {
	p.SetMaxOpenConns(20)
	p.SetMaxIdleConns(20)
	p.SetConnMaxIdleTime(time.Minute)
}
