package migrations

import (
	"context"
	"crypto/sha1"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/pressly/goose/v3/lock"

	"github.com/crmhrm/crm/internal/platform/db"
)

// lockWait bounds how long a start waits for another process's migrations.
const lockWait = 5 * time.Minute

// mysqlLocker holds GET_LOCK('<database>.crm_migrations') on one connection.
// The server releases a named lock when the connection holding it ends, so a
// killed process leaves no stale lock behind.
type mysqlLocker struct{ name string }

var _ lock.SessionLocker = (*mysqlLocker)(nil)

func mysqlLockName(database string) string {
	name := database + ".crm_migrations"
	if len(name) > 64 { // the servers' limit on lock names
		sum := sha1.Sum([]byte(database))
		name = hex.EncodeToString(sum[:]) + ".crm_migrations"
	}
	return name
}

// SessionLock waits for the lock, polling so that ctx is honoured.
func (l *mysqlLocker) SessionLock(ctx context.Context, conn *sql.Conn) error {
	var database sql.NullString
	if err := conn.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&database); err != nil {
		return fmt.Errorf("migrations: lock: %w", err)
	}
	l.name = mysqlLockName(database.String)
	deadline := time.Now().Add(lockWait)
	for {
		var got sql.NullInt64
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 1)", l.name).Scan(&got); err != nil {
			return fmt.Errorf("migrations: lock %s: %w", l.name, err)
		}
		if got.Valid && got.Int64 == 1 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("migrations: lock %s still held by another process after %s", l.name, lockWait)
		}
	}
}

// SessionUnlock releases the lock.
func (l *mysqlLocker) SessionUnlock(ctx context.Context, conn *sql.Conn) error {
	var released sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT RELEASE_LOCK(?)", l.name).Scan(&released); err != nil {
		return err
	}
	if !released.Valid || released.Int64 != 1 {
		return fmt.Errorf("migrations: lock %s was not held", l.name)
	}
	return nil
}

// pgLocker holds a session advisory lock (the key goose uses, so older
// binaries still queue behind it). PostgreSQL releases it when the session
// ends, so a killed process leaves no stale lock behind.
type pgLocker struct{}

var _ lock.SessionLocker = pgLocker{}

// SessionLock waits for the lock, polling so that ctx is honoured.
func (pgLocker) SessionLock(ctx context.Context, conn *sql.Conn) error {
	deadline := time.Now().Add(lockWait)
	for {
		var got bool
		if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", lock.DefaultLockID).Scan(&got); err != nil {
			return fmt.Errorf("migrations: lock: %w", err)
		}
		if got {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("migrations: advisory lock %d still held by another session after %s", lock.DefaultLockID, lockWait)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("migrations: lock: %w", ctx.Err())
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// SessionUnlock releases the lock.
func (pgLocker) SessionUnlock(ctx context.Context, conn *sql.Conn) error {
	var released bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_advisory_unlock($1)", lock.DefaultLockID).Scan(&released); err != nil {
		return err
	}
	if !released {
		return fmt.Errorf("migrations: advisory lock %d was not held", lock.DefaultLockID)
	}
	return nil
}

// withLock runs fn while this process holds the database's migration lock,
// taken on a dedicated connection of the writer pool, which fn receives (nil
// on SQLite). SQLite takes none: each
// file runs in one IMMEDIATE transaction, which its file lock serialises, and
// a file found already applied inside that transaction is skipped (see Up).
func withLock(ctx context.Context, store *db.DB, fn func(conn *sql.Conn) error) (err error) {
	var l lock.SessionLocker
	switch store.Dialect.Name() {
	case "mysql":
		l = &mysqlLocker{}
	case "postgres":
		l = pgLocker{}
	default:
		hook("lock")
		return fn(nil)
	}
	conn, err := store.Write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrations: lock: %w", err)
	}
	if err := l.SessionLock(ctx, conn); err != nil {
		conn.Close()
		return err
	}
	defer func() {
		if uerr := l.SessionUnlock(context.WithoutCancel(ctx), conn); uerr != nil {
			// A session that may still hold the lock must not return to the pool.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}()
	hook("lock")
	return fn(conn)
}
