package db_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"syscall"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestIsUnavailable(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: &net.AddrError{Err: "connection refused", Addr: "127.0.0.1:5432"}}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"a plain error", errors.New("column does not exist"), false},
		{"a wrapped plain error", fmt.Errorf("db: commit: %w", errors.New("boom")), false},
		{"no rows", sql.ErrNoRows, false},
		{"a unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"a MySQL syntax error", &mysql.MySQLError{Number: 1064}, false},
		{"net.OpError", refused, true},
		{"wrapped net.OpError", fmt.Errorf("db: begin: %w", refused), true},
		{"connection refused", fmt.Errorf("dial: %w", syscall.ECONNREFUSED), true},
		{"connection reset", fmt.Errorf("read: %w", syscall.ECONNRESET), true},
		{"broken pipe", fmt.Errorf("write: %w", syscall.EPIPE), true},
		{"driver.ErrBadConn", driver.ErrBadConn, true},
		{"mysql.ErrInvalidConn", mysql.ErrInvalidConn, true},
		{"sql.ErrConnDone", sql.ErrConnDone, true},
		{"unexpected EOF", fmt.Errorf("receive message: %w", io.ErrUnexpectedEOF), true},
		{"context deadline exceeded", context.DeadlineExceeded, true},
		{"wrapped deadline", fmt.Errorf("auth: role permissions: %w", context.DeadlineExceeded), true},
		{"context canceled", context.Canceled, true},
		{"PostgreSQL admin shutdown", &pgconn.PgError{Code: "57P01"}, true},
		{"PostgreSQL connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"MySQL too many connections", &mysql.MySQLError{Number: 1040}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := db.IsUnavailable(tc.err); got != tc.want {
				t.Fatalf("IsUnavailable(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

// A real driver failure: connecting to a port nobody listens on.
func TestIsUnavailableRealDriverErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // now refused
	for _, tc := range []struct{ driver, dsn string }{
		{"pgx", "postgres://u@" + addr + "/x?sslmode=disable&connect_timeout=5"},
		{"mysql", "u@tcp(" + addr + ")/x?timeout=5s"},
	} {
		t.Run(tc.driver, func(t *testing.T) {
			p, err := sql.Open(tc.driver, tc.dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			err = p.PingContext(context.Background())
			if err == nil || !db.IsUnavailable(err) {
				t.Fatalf("ping a closed port: %v (unavailable: %v)", err, db.IsUnavailable(err))
			}
		})
	}
}

// The MySQL driver logs a server that hangs up mid-handshake; that line goes
// through slog, as JSON, not as the driver's own "[mysql] ..." text.
func TestMySQLDriverLogsThroughSlog(t *testing.T) {
	var buf testkit.LogBuffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(&buf, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close() // hang up before the handshake: the driver logs "unexpected EOF"
		}
	}()
	p, err := sql.Open("mysql", "u@tcp("+ln.Addr().String()+")/x?timeout=5s")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.PingContext(context.Background()); err == nil {
		t.Fatal("ping a server that hangs up succeeded")
	}
	out := strings.TrimSpace(buf.String())
	if out == "" {
		t.Fatal("the driver's log line did not reach slog")
	}
	for _, line := range strings.Split(out, "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if m["msg"] != "mysql driver" || m["detail"] == "" {
			t.Fatalf("log line %v", m)
		}
	}
}
