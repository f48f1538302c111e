package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"syscall"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// IsUnavailable reports an error that means the database could not be reached
// or did not answer in time, rather than a bug: a refused, reset or broken
// connection, a connection the driver gave up on, a deadline or cancellation
// of the request's context, or a busy or locked database that stayed so after
// its timeout. Callers answer it with 503 and a Retry-After; every other
// error stays a 500.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	for _, target := range []error{driver.ErrBadConn, sql.ErrConnDone, mysql.ErrInvalidConn, pgconn.ErrConnClosed,
		io.EOF, io.ErrUnexpectedEOF, net.ErrClosed, syscall.ECONNREFUSED, syscall.ECONNRESET, syscall.ECONNABORTED,
		syscall.EPIPE, syscall.ETIMEDOUT, syscall.EHOSTUNREACH, syscall.ENETUNREACH} {
		if errors.Is(err, target) {
			return true
		}
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return true
	}
	var connectErr *pgconn.ConnectError
	if errors.As(err, &connectErr) || pgconn.Timeout(err) {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch {
		case strings.HasPrefix(pgErr.Code, "08"): // connection exception
			return true
		case pgErr.Code == "57P01", pgErr.Code == "57P02", pgErr.Code == "57P03": // shutting down, cannot connect now
			return true
		case pgErr.Code == "53300", pgErr.Code == "55P03", pgErr.Code == "57014": // too many connections, lock not available, query canceled
			return true
		}
		return false
	}
	var myErr *mysql.MySQLError
	if errors.As(err, &myErr) {
		switch myErr.Number {
		case 1040, 1053, 1205, 1927: // too many connections, server shutdown, lock wait timeout, connection killed
			return true
		}
		return false
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		switch liteErr.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_INTERRUPT:
			return true
		}
	}
	return false
}

// mysqlLogger routes the MySQL driver's own log lines (for example
// "unexpected EOF" when a server goes away) through slog, so that every line
// the process writes is JSON. slog.Default is read at each call.
type mysqlLogger struct{}

func (mysqlLogger) Print(v ...any) {
	slog.Default().Warn("mysql driver", "detail", strings.TrimSpace(fmt.Sprint(v...)))
}

func init() {
	_ = mysql.SetLogger(mysqlLogger{})
}
