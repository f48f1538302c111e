package httpapi_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/httpapi"
)

func quietLogs(t *testing.T) {
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewJSONHandler(io.Discard, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
}

func TestWriteErrorUnavailable(t *testing.T) {
	quietLogs(t)
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused 10.1.2.3:5432")}
	for _, tc := range []struct {
		name    string
		err     error
		status  int
		message string
	}{
		{"a plain error stays 500", errors.New("no such column: x"), 500, "Internal server error"},
		{"connection refused", fmt.Errorf("db: begin: %w", refused), 503, httpapi.MsgUnavailable},
		{"bad connection", driver.ErrBadConn, 503, httpapi.MsgUnavailable},
		{"deadline", fmt.Errorf("auth: %w", context.DeadlineExceeded), 503, httpapi.MsgTimeout},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			httpapi.WriteError(rec, httptest.NewRequest("GET", "/api/v1/departments", nil), tc.err)
			m := decode(t, rec)
			if rec.Code != tc.status || m["success"] != false || m["message"] != tc.message {
				t.Fatalf("status %d body %v", rec.Code, m)
			}
			ra := rec.Header().Get("Retry-After")
			if tc.status == 503 && ra != "5" {
				t.Fatalf("Retry-After %q", ra)
			}
			if tc.status == 500 && ra != "" {
				t.Fatalf("a 500 carries Retry-After %q", ra)
			}
			if strings.Contains(rec.Body.String(), "10.1.2.3") || strings.Contains(rec.Body.String(), "column") {
				t.Fatalf("driver text leaked: %s", rec.Body)
			}
		})
	}
}

// blockUntilDone waits for the request's context like a database call would,
// then returns what the driver would: the context's error.
func blockUntilDone(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
		httpapi.WriteError(w, r, fmt.Errorf("db: query: %w", r.Context().Err()))
	case <-time.After(30 * time.Second):
		httpapi.OK(w, 200, "too late", nil)
	}
}

func TestDeadline(t *testing.T) {
	quietLogs(t)
	serve := func(h http.Handler, path string) (*httptest.ResponseRecorder, map[string]any) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		var m map[string]any
		if rec.Body.Len() > 0 {
			m = decode(t, rec)
		}
		return rec, m
	}

	t.Run("a request past its deadline answers 503", func(t *testing.T) {
		h := httpapi.Deadline(http.HandlerFunc(blockUntilDone), 50*time.Millisecond)
		rec, m := serve(h, "/api/v1/departments")
		if rec.Code != 503 || m["success"] != false || m["message"] != httpapi.MsgTimeout || rec.Header().Get("Retry-After") == "" {
			t.Fatalf("status %d %v %v", rec.Code, rec.Header(), m)
		}
	})
	t.Run("a handler that returns without answering at the deadline answers 503", func(t *testing.T) {
		h := httpapi.Deadline(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }), 50*time.Millisecond)
		rec, m := serve(h, "/api/v1/departments")
		if rec.Code != 503 || m["message"] != httpapi.MsgTimeout || rec.Header().Get("Retry-After") == "" {
			t.Fatalf("status %d %v", rec.Code, m)
		}
	})
	t.Run("a response already started is not rewritten", func(t *testing.T) {
		h := httpapi.Deadline(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"success":true,"message":"partial","data":[`))
			<-r.Context().Done()
			httpapi.WriteError(w, r, r.Context().Err())
		}), 50*time.Millisecond)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/departments", nil))
		if rec.Code != 200 || rec.Body.String() != `{"success":true,"message":"partial","data":[` || rec.Header().Get("Retry-After") != "" {
			t.Fatalf("status %d body %q", rec.Code, rec.Body)
		}
	})
	t.Run("skipped paths and a zero duration have no deadline", func(t *testing.T) {
		noDeadline := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, ok := r.Context().Deadline(); ok {
				httpapi.WriteError(w, r, httpapi.Errorf(418, "deadline set"))
				return
			}
			httpapi.OK(w, 200, "ok", nil)
		})
		for _, tc := range []struct {
			h    http.Handler
			path string
		}{
			{httpapi.Deadline(noDeadline, time.Second, "/healthz", "/readyz"), "/healthz"},
			{httpapi.Deadline(noDeadline, time.Second, "/healthz", "/readyz"), "/readyz"},
			{httpapi.Deadline(noDeadline, 0), "/api/v1/departments"},
			{httpapi.Deadline(noDeadline, time.Second, "/api/v1/files", "/api/v1/files/"), "/api/v1/files"},
			{httpapi.Deadline(noDeadline, time.Second, "/api/v1/files", "/api/v1/files/"), "/api/v1/files/abc"},
		} {
			if rec, _ := serve(tc.h, tc.path); rec.Code != 200 {
				t.Fatalf("%s: status %d", tc.path, rec.Code)
			}
		}
		if rec, _ := serve(httpapi.Deadline(noDeadline, time.Second, "/healthz"), "/api/v1/departments"); rec.Code != 418 {
			t.Fatalf("no deadline on a business route: status %d", rec.Code)
		}
		// A prefix skips only the paths under it.
		if rec, _ := serve(httpapi.Deadline(noDeadline, time.Second, "/api/v1/files/"), "/api/v1/filesystem"); rec.Code != 418 {
			t.Fatalf("no deadline next to a skipped prefix: status %d", rec.Code)
		}
	})
}
