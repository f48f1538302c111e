package idempotency_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/platform/idempotency"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

type answer struct {
	Status int
	Raw    []byte
	Body   map[string]any
	Replay string
}

// send is safe from any goroutine: it never fails the test itself.
func send(h http.Handler, method, path, token, key string, body any) answer {
	req, err := testkit.NewRequest(method, path, body)
	if err != nil {
		panic(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set(idempotency.Header, key)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := answer{Status: rec.Code, Raw: rec.Body.Bytes(), Replay: rec.Header().Get(idempotency.ReplayedHeader)}
	_ = json.Unmarshal(a.Raw, &a.Body)
	return a
}

func (a answer) id() string {
	d, _ := a.Body["data"].(map[string]any)
	s, _ := d["id"].(string)
	return s
}

func count(t *testing.T, e *testkit.Env, q string, args ...any) int {
	t.Helper()
	var n int
	if err := e.DB.Q(context.Background()).QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func departments(t *testing.T, e *testkit.Env, co *testkit.Company, name string) int {
	return count(t, e, `SELECT COUNT(*) FROM departments WHERE company_id = ? AND department_name = ?`, co.ID, name)
}

func TestRetryReplaysTheStoredAnswer(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	name := "Sales " + testkit.Unique()
	body := map[string]any{"department_name": name}
	key := "create-" + testkit.Unique()
	first := send(h, "POST", "/api/v1/departments", co.Token, key, body)
	if first.Status != 201 || first.Replay != "" {
		t.Fatalf("first: %d replay=%q %s", first.Status, first.Replay, first.Raw)
	}
	again := send(h, "POST", "/api/v1/departments", co.Token, key, body)
	if again.Status != 201 || !bytes.Equal(again.Raw, first.Raw) || again.Replay != "true" {
		t.Fatalf("retry: %d replay=%q %s, want the first answer %s", again.Status, again.Replay, again.Raw, first.Raw)
	}
	if n := departments(t, e, co, name); n != 1 {
		t.Fatalf("%d departments after a retry, want 1", n)
	}
	list := e.Must(200, "GET", "/api/v1/departments?q="+strings.ReplaceAll(name, " ", "+"), co.Token, nil)
	if len(list.List()) != 1 {
		t.Fatalf("the list shows %d departments", len(list.List()))
	}
	// A trailing slash is the same path.
	if a := send(h, "POST", "/api/v1/departments/", co.Token, key, body); a.Status != 201 || a.Replay != "true" {
		t.Fatalf("retry with a trailing slash: %d %s", a.Status, a.Raw)
	}
	// Without the header nothing changes: the duplicate is refused.
	if a := send(h, "POST", "/api/v1/departments", co.Token, "", body); a.Status != 409 {
		t.Fatalf("without a key: %d %s", a.Status, a.Raw)
	}
}

func TestKeyReusedForAnotherRequest(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	key := "k-" + testkit.Unique()
	name := "Ops " + testkit.Unique()
	if a := send(h, "POST", "/api/v1/departments", co.Token, key, map[string]any{"department_name": name}); a.Status != 201 {
		t.Fatalf("first: %d %s", a.Status, a.Raw)
	}
	other := "Other " + testkit.Unique()
	a := send(h, "POST", "/api/v1/departments", co.Token, key, map[string]any{"department_name": other})
	if a.Status != 422 || a.Body["success"] != false || !strings.Contains(a.Body["message"].(string), "Idempotency-Key") {
		t.Fatalf("same key, other body: %d %s", a.Status, a.Raw)
	}
	if n := departments(t, e, co, other); n != 0 {
		t.Fatalf("the other body created %d departments", n)
	}
	// Same key and body on another path.
	if a := send(h, "POST", "/api/v1/designations", co.Token, key, map[string]any{"department_name": name}); a.Status != 422 {
		t.Fatalf("same key, other path: %d %s", a.Status, a.Raw)
	}
	// Another principal's identical key and body are its own.
	co2 := e.NewCompany()
	b := send(h, "POST", "/api/v1/departments", co2.Token, key, map[string]any{"department_name": name})
	if b.Status != 201 || b.Replay != "" || b.id() == "" {
		t.Fatalf("another company with the same key: %d %s", b.Status, b.Raw)
	}
	if departments(t, e, co, name) != 1 || departments(t, e, co2, name) != 1 {
		t.Fatal("each company should hold its own department")
	}
}

func TestErrorAnswersAreNotStored(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	key := "fix-" + testkit.Unique()
	bad := send(h, "POST", "/api/v1/departments", co.Token, key, map[string]any{"description": "no name"})
	if bad.Status != 422 {
		t.Fatalf("invalid body: %d %s", bad.Status, bad.Raw)
	}
	name := "Fixed " + testkit.Unique()
	good := send(h, "POST", "/api/v1/departments", co.Token, key, map[string]any{"department_name": name})
	if good.Status != 201 || good.Replay != "" {
		t.Fatalf("fixed body with the same key: %d %s", good.Status, good.Raw)
	}
	if n := departments(t, e, co, name); n != 1 {
		t.Fatalf("%d departments", n)
	}
}

func TestHandWrittenPOSTs(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	role := e.Must(201, "POST", "/api/v1/roles", co.Token, map[string]any{"role_name": "r " + testkit.Unique(),
		"permissions": map[string]any{"hrm": map[string]any{"departments": map[string]any{"view": true}}}})
	u := "em" + testkit.Unique()
	signup := map[string]any{"username": u, "email": u + "@example.com", "password": testkit.Password, "role_id": role.ID()}
	key := "signup-" + testkit.Unique()
	first := send(h, "POST", "/api/v1/auth/signup", co.Token, key, signup)
	again := send(h, "POST", "/api/v1/auth/signup", co.Token, key, signup)
	if first.Status != 201 || again.Status != 201 || !bytes.Equal(first.Raw, again.Raw) || again.Replay != "true" {
		t.Fatalf("signup: %d %s, then %d %s", first.Status, first.Raw, again.Status, again.Raw)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM principals WHERE username = ?`, u); n != 1 {
		t.Fatalf("%d accounts", n)
	}
	// Assigning a plan twice would be a 409 ("already has an active subscription").
	sa := e.SuperAdmin()
	cu := "co" + testkit.Unique()
	client := e.Must(201, "POST", "/api/v1/clients", sa, map[string]any{"username": cu, "email": cu + "@example.com", "password": testkit.Password})
	plan := e.Must(201, "POST", "/api/v1/subscriptions", sa, map[string]any{"name": "Plan " + cu, "currency": "USD", "price": 10,
		"duration": "Per Month", "trial_period": 0, "max_users": 5, "max_clients": 5, "storage_limit": 100, "status": "active"})
	assign := map[string]any{"client_id": client.ID(), "plan_id": plan.ID(), "start_date": "2020-01-01", "status": "active"}
	key = "assign-" + testkit.Unique()
	first = send(h, "POST", "/api/v1/subscriptions/assign", sa, key, assign)
	again = send(h, "POST", "/api/v1/subscriptions/assign", sa, key, assign)
	if first.Status != 201 || again.Status != 201 || !bytes.Equal(first.Raw, again.Raw) || again.Replay != "true" {
		t.Fatalf("assign: %d %s, then %d %s", first.Status, first.Raw, again.Status, again.Raw)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM client_subscriptions WHERE company_id = ?`, client.ID()); n != 1 {
		t.Fatalf("%d subscriptions", n)
	}
	// Bulk imports too.
	dept := e.Must(201, "POST", "/api/v1/departments", co.Token, map[string]any{"department_name": "D " + testkit.Unique()})
	emp := e.Must(201, "POST", "/api/v1/employees", co.Token, map[string]any{"username": "b" + testkit.Unique(), "email": testkit.Unique() + "@example.com",
		"password": testkit.Password, "role_id": role.ID()})
	rows := []map[string]any{{"department": dept.ID(), "employee": []string{emp.ID()}, "startDate": "2026-01-05", "startTime": "09:00",
		"endDate": "2026-01-05", "endTime": "17:00"}}
	key = "bulk-" + testkit.Unique()
	first = send(h, "POST", "/api/v1/attendance/bulk", co.Token, key, rows)
	again = send(h, "POST", "/api/v1/attendance/bulk", co.Token, key, rows)
	if first.Status != 201 || again.Status != 201 || !bytes.Equal(first.Raw, again.Raw) {
		t.Fatalf("bulk: %d %s, then %d %s", first.Status, first.Raw, again.Status, again.Raw)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM attendances WHERE company_id = ? AND department = ?`, co.ID, dept.ID()); n != 1 {
		t.Fatalf("%d attendance rows after a replayed import", n)
	}
}

// TestLoginIgnoresTheKey: login answers hold a token; they are never stored,
// even when the caller also sends a valid bearer token.
func TestLoginIgnoresTheKey(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	before := count(t, e, `SELECT COUNT(*) FROM idempotency_keys WHERE principal_id = ?`, co.ID)
	key := "login-" + testkit.Unique()
	var tokens []string
	for i := 0; i < 2; i++ {
		a := send(h, "POST", "/api/v1/auth/login", co.Token, key, map[string]any{"login": co.Username, "password": testkit.Password})
		if a.Status != 200 || a.Replay != "" {
			t.Fatalf("login %d: %d replay=%q %s", i, a.Status, a.Replay, a.Raw)
		}
		tokens = append(tokens, a.Body["data"].(map[string]any)["token"].(string))
	}
	if n := count(t, e, `SELECT COUNT(*) FROM idempotency_keys WHERE principal_id = ?`, co.ID); n != before {
		t.Fatalf("login stored %d answers", n-before)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM idempotency_keys WHERE body LIKE ?`, "%"+tokens[0]+"%"); n != 0 {
		t.Fatal("a token was stored")
	}
}

func TestExpiredKeyIsProcessedAsNew(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	key := "exp-" + testkit.Unique()
	first := send(h, "POST", "/api/v1/departments", co.Token, key, map[string]any{"department_name": "A " + testkit.Unique()})
	if first.Status != 201 {
		t.Fatalf("%d %s", first.Status, first.Raw)
	}
	var created, expires int64
	if err := e.DB.Q(context.Background()).QueryRowContext(context.Background(),
		`SELECT created_at, expires_at FROM idempotency_keys WHERE principal_id = ?`, co.ID).Scan(&created, &expires); err != nil {
		t.Fatal(err)
	}
	if expires-created != (24 * time.Hour).Milliseconds() {
		t.Fatalf("default TTL is %v", time.Duration(expires-created)*time.Millisecond)
	}
	if _, err := e.DB.Q(context.Background()).ExecContext(context.Background(),
		`UPDATE idempotency_keys SET expires_at = ? WHERE principal_id = ?`, time.Now().Add(-time.Second).UnixMilli(), co.ID); err != nil {
		t.Fatal(err)
	}
	name := "B " + testkit.Unique()
	second := send(h, "POST", "/api/v1/departments", co.Token, key, map[string]any{"department_name": name})
	if second.Status != 201 || second.Replay != "" || second.id() == first.id() {
		t.Fatalf("after expiry: %d %s", second.Status, second.Raw)
	}
	if n := departments(t, e, co, name); n != 1 {
		t.Fatalf("%d departments", n)
	}
	if n := count(t, e, `SELECT COUNT(*) FROM idempotency_keys WHERE principal_id = ?`, co.ID); n != 1 {
		t.Fatalf("%d keys stored, want the new one only", n)
	}
	// The sweep removes expired keys and keeps live ones.
	if _, err := e.DB.Q(context.Background()).ExecContext(context.Background(),
		`UPDATE idempotency_keys SET expires_at = ? WHERE principal_id = ?`, time.Now().Add(-time.Second).UnixMilli(), co.ID); err != nil {
		t.Fatal(err)
	}
	live := e.NewCompany()
	if a := send(h, "POST", "/api/v1/departments", live.Token, key, map[string]any{"department_name": "Cc"}); a.Status != 201 {
		t.Fatalf("%d %s", a.Status, a.Raw)
	}
	if n, err := e.Server.Idempotency.Sweep(context.Background()); err != nil || n < 1 {
		t.Fatalf("sweep deleted %d: %v", n, err)
	}
	if count(t, e, `SELECT COUNT(*) FROM idempotency_keys WHERE principal_id = ?`, co.ID) != 0 ||
		count(t, e, `SELECT COUNT(*) FROM idempotency_keys WHERE principal_id = ?`, live.ID) != 1 {
		t.Fatal("the sweep removed the wrong keys")
	}
}

func TestConfiguredTTL(t *testing.T) {
	e := testkit.New(t)
	srv, err := app.New(e.DB, app.Options{JWTSecret: testkit.Secret, BcryptCost: bcrypt.MinCost, IdempotencyTTL: 90 * time.Minute,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	co := e.NewCompany()
	if a := send(srv.Handler, "POST", "/api/v1/departments", co.Token, "ttl", map[string]any{"department_name": "Tt"}); a.Status != 201 {
		t.Fatalf("%d %s", a.Status, a.Raw)
	}
	var created, expires int64
	if err := e.DB.Q(context.Background()).QueryRowContext(context.Background(),
		`SELECT created_at, expires_at FROM idempotency_keys WHERE principal_id = ?`, co.ID).Scan(&created, &expires); err != nil {
		t.Fatal(err)
	}
	if expires-created != (90 * time.Minute).Milliseconds() {
		t.Fatalf("TTL %v, want 90m", time.Duration(expires-created)*time.Millisecond)
	}
	// Run stops with its context.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { srv.Idempotency.Run(ctx); close(done) }()
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
}

func TestConcurrentRetries(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	name := "Rush " + testkit.Unique()
	key := "rush-" + testkit.Unique()
	const n = 10
	answers := make([]answer, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			answers[i] = send(h, "POST", "/api/v1/departments", co.Token, key, map[string]any{"department_name": name})
		}()
	}
	close(start)
	wg.Wait()
	replays := 0
	for i, a := range answers {
		if a.Status != 201 || !bytes.Equal(a.Raw, answers[0].Raw) {
			t.Fatalf("answer %d: %d %s; answer 0: %d %s", i, a.Status, a.Raw, answers[0].Status, answers[0].Raw)
		}
		if a.Replay == "true" {
			replays++
		}
	}
	if replays != n-1 {
		t.Fatalf("%d replays, want %d", replays, n-1)
	}
	if c := departments(t, e, co, name); c != 1 {
		t.Fatalf("%d departments", c)
	}
}

func TestMalformedKeys(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	name := "Bad " + testkit.Unique()
	for _, key := range []string{strings.Repeat("k", 256), "tab\there", "nul\x00", "del\x7f", "ключ"} {
		a := send(h, "POST", "/api/v1/departments", co.Token, key, map[string]any{"department_name": name})
		if a.Status != 400 || a.Body["success"] != false {
			t.Errorf("key %q: %d %s", key, a.Status, a.Raw)
		}
	}
	// An empty header and two headers are refused too.
	for _, vals := range [][]string{{""}, {"a", "b"}} {
		req, _ := testkit.NewRequest("POST", "/api/v1/departments", map[string]any{"department_name": name})
		req.Header.Set("Authorization", "Bearer "+co.Token)
		req.Header[idempotency.Header] = vals
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 400 {
			t.Errorf("header %q: %d %s", vals, rec.Code, rec.Body)
		}
	}
	if n := departments(t, e, co, name); n != 0 {
		t.Fatalf("a refused key created %d departments", n)
	}
	// The longest key is fine.
	if a := send(h, "POST", "/api/v1/departments", co.Token, strings.Repeat("k", 255), map[string]any{"department_name": name}); a.Status != 201 {
		t.Fatalf("255-character key: %d %s", a.Status, a.Raw)
	}
}

func TestDocumentedOnEveryPOST(t *testing.T) {
	e := testkit.New(t)
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name string `json:"name"`
				In   string `json:"in"`
			} `json:"parameters"`
			Responses map[string]struct {
				Description string `json:"description"`
			} `json:"responses"`
			Security []any `json:"security"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(e.Server.OpenAPIDocument(), &doc); err != nil {
		t.Fatal(err)
	}
	posts := 0
	for path, ops := range doc.Paths {
		op, ok := ops["post"]
		if !ok {
			continue
		}
		posts++
		has := false
		for _, p := range op.Parameters {
			has = has || p.Name == "Idempotency-Key" && p.In == "header"
		}
		if !has {
			t.Errorf("POST %s does not document Idempotency-Key", path)
		}
		// Public POSTs (login, password reset, super-admin sign-up) ignore keys.
		public := len(op.Security) == 0
		if !public && !strings.Contains(op.Responses["422"].Description, "Idempotency-Key") {
			t.Errorf("POST %s: 422 does not mention a reused key", path)
		}
	}
	if posts < 20 {
		t.Fatalf("only %d POST operations", posts)
	}
}

// TestKeyedRequestsKeepTheRules: requests with keys run their handler inside
// one longer transaction; concurrent overlapping leaves (each with its own
// key) must still leave exactly one request standing.
func TestKeyedRequestsKeepTheRules(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	u := "e" + testkit.Unique()
	emp := e.Must(201, "POST", "/api/v1/employees", co.Token, map[string]any{"username": u, "email": u + "@example.com", "password": testkit.Password}).ID()
	body := map[string]any{"employeeId": emp, "leaveType": "casual", "startDate": "2025-11-03", "endDate": "2025-11-04", "reason": "trip"}
	const n = 6
	statuses := make([]int, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			statuses[i] = send(h, "POST", "/api/v1/leaves", co.Token, "leave-"+testkit.Unique(), body).Status
		}()
	}
	close(start)
	wg.Wait()
	got := map[int]int{}
	for _, s := range statuses {
		got[s]++
	}
	if got[201] != 1 || got[422] != n-1 {
		t.Fatalf("concurrent overlapping leaves with keys: %v, want one 201 and %d 422", got, n-1)
	}
}
