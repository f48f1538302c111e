package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/testkit"
)

// requestTimeout is the deadline of the servers these tests build; bound is
// how long a test waits for any answer before calling the request hung.
const (
	requestTimeout = 300 * time.Millisecond
	bound          = 15 * time.Second
)

// deadlineServer builds a server over store with a short request deadline.
func deadlineServer(t *testing.T, store *db.DB) http.Handler {
	t.Helper()
	s, err := app.New(store, app.Options{JWTSecret: testkit.Secret, SuperAdminKey: testkit.SuperAdminKey, MaxBodyBytes: 1 << 20,
		ListCap: 5000, BcryptCost: bcrypt.MinCost, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)), RequestTimeout: requestTimeout})
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler
}

// within sends one request and returns its answer, failing the test when
// none comes within bound (the request hung).
func within(t *testing.T, h http.Handler, method, path, token string, body any) *testkit.Response {
	t.Helper()
	req, err := testkit.NewRequest(method, path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		done <- rec
	}()
	select {
	case rec := <-done:
		res := &testkit.Response{Status: rec.Code, Raw: rec.Body.Bytes(), Header: rec.Header()}
		if err := json.Unmarshal(res.Raw, &res.Body); err != nil {
			t.Fatalf("%s %s: answer is not JSON (status %d): %q", method, path, rec.Code, res.Raw)
		}
		return res
	case <-time.After(bound):
		t.Fatalf("%s %s: no answer within %v", method, path, bound)
		return nil
	}
}

// want503 checks a 503 in the envelope with a Retry-After and the message.
func want503(t *testing.T, r *testkit.Response, what, message string) {
	t.Helper()
	if r.Status != http.StatusServiceUnavailable || r.Body["success"] != false || r.Message() != message {
		t.Fatalf("%s: status %d, body %s; want 503 %q", what, r.Status, r.Raw, message)
	}
	if ra := r.Header.Get("Retry-After"); ra == "" {
		t.Fatalf("%s: no Retry-After", what)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: content type %q", what, ct)
	}
}

func department(name string) map[string]any { return map[string]any{"department_name": name} }

// recovers waits (bounded) until the list answers 200 again, then checks
// that a create works too.
func recovers(t *testing.T, h http.Handler, co *testkit.Company) {
	t.Helper()
	var r *testkit.Response
	for i := 0; i < 50; i++ {
		if r = within(t, h, "GET", "/api/v1/departments", co.Token, nil); r.Status == http.StatusOK {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if r.Status != http.StatusOK {
		t.Fatalf("after restore, list: status %d %s", r.Status, r.Raw)
	}
	if r := within(t, h, "POST", "/api/v1/departments", co.Token, department("After "+testkit.Unique())); r.Status != http.StatusCreated {
		t.Fatalf("after restore, create: status %d %s", r.Status, r.Raw)
	}
}

// A frozen database (connections open, no answer) costs each request its
// deadline and a 503, not a hang; the server recovers when it thaws.
func TestFrozenDatabaseAnswers503AtTheDeadline(t *testing.T) {
	if testkit.Dialect() == "sqlite" {
		t.Skip("the embedded database cannot be frozen behind a proxy; TestStuckSQLiteWriterAnswers503AtTheDeadline covers SQLite")
	}
	co := testkit.New(t).NewCompany()
	p := testkit.NewProxy(t)
	h := deadlineServer(t, testkit.OpenDB(t, p))
	if r := within(t, h, "POST", "/api/v1/departments", co.Token, department("Before "+testkit.Unique())); r.Status != http.StatusCreated {
		t.Fatalf("healthy create: status %d %s", r.Status, r.Raw)
	}

	p.Freeze()
	for i := 0; i < 2; i++ { // the second round meets connections the first one freed
		want503(t, within(t, h, "GET", "/api/v1/departments", co.Token, nil), fmt.Sprintf("frozen list #%d", i+1), httpapi.MsgTimeout)
		want503(t, within(t, h, "POST", "/api/v1/departments", co.Token, department("Frozen "+testkit.Unique())),
			fmt.Sprintf("frozen create #%d", i+1), httpapi.MsgTimeout)
	}
	if r := within(t, h, "GET", "/healthz", co.Token, nil); r.Status != http.StatusOK {
		t.Fatalf("healthz while frozen: status %d", r.Status)
	}

	p.Restore()
	recovers(t, h, co)
	list := within(t, h, "GET", "/api/v1/departments", co.Token, nil)
	for _, d := range list.List() {
		if name, _ := d["department_name"].(string); strings.HasPrefix(name, "Frozen ") {
			t.Fatalf("a create answered 503 was stored: %v", d)
		}
	}
}

// A database that refuses connections answers 503 with Retry-After, not 500.
func TestDatabaseOutageAnswers503(t *testing.T) {
	if testkit.Dialect() == "sqlite" {
		t.Skip("the embedded database has no network outage")
	}
	co := testkit.New(t).NewCompany()
	p := testkit.NewProxy(t)
	h := deadlineServer(t, testkit.OpenDB(t, p))
	if r := within(t, h, "GET", "/api/v1/departments", co.Token, nil); r.Status != http.StatusOK {
		t.Fatalf("healthy list: status %d %s", r.Status, r.Raw)
	}

	p.Cut()
	for i := 0; i < 2; i++ {
		want503(t, within(t, h, "GET", "/api/v1/departments", co.Token, nil), fmt.Sprintf("list during outage #%d", i+1), httpapi.MsgUnavailable)
		want503(t, within(t, h, "POST", "/api/v1/departments", co.Token, department("Outage "+testkit.Unique())),
			fmt.Sprintf("create during outage #%d", i+1), httpapi.MsgUnavailable)
	}

	p.Restore()
	recovers(t, h, co)
}

// On SQLite every write goes through one connection. A writer stuck on it
// makes other writes wait for the pool; that wait ends at the deadline with a
// 503 while reads keep working.
func TestStuckSQLiteWriterAnswers503AtTheDeadline(t *testing.T) {
	if testkit.Dialect() != "sqlite" {
		t.Skip("the single-connection writer pool is SQLite's; TestFrozenDatabaseAnswers503AtTheDeadline covers this server")
	}
	co := testkit.New(t).NewCompany()
	store := testkit.OpenDB(t, nil)
	h := deadlineServer(t, store)
	// The store's first request opens its connections, each parsing the
	// schema: under the race detector that alone can take the whole 300 ms.
	var r *testkit.Response
	for range 5 {
		if r = within(t, h, "POST", "/api/v1/departments", co.Token, department("Before "+testkit.Unique())); r.Status == http.StatusCreated {
			break
		}
	}
	if r.Status != http.StatusCreated {
		t.Fatalf("healthy create: status %d %s", r.Status, r.Raw)
	}

	ctx := context.Background()
	conn, err := store.Write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	release := func() {
		if tx != nil {
			_ = tx.Rollback()
			_ = conn.Close()
			tx = nil
		}
	}
	defer release()

	want503(t, within(t, h, "POST", "/api/v1/departments", co.Token, department("Stuck "+testkit.Unique())), "create behind a stuck writer", httpapi.MsgTimeout)
	if r := within(t, h, "GET", "/api/v1/departments", co.Token, nil); r.Status != http.StatusOK || len(r.List()) == 0 {
		t.Fatalf("read behind a stuck writer: status %d %s", r.Status, r.Raw)
	}

	release()
	recovers(t, h, co)
}
