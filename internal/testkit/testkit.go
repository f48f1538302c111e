// Package testkit gives tests a migrated database on the engine chosen by
// TEST_DB (sqlite, the default; postgres; mysql), an in-process server over
// it, and factories for companies, roles and accounts. Every test makes its
// own companies, so tests share one database per package without cleanup.
package testkit

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/config"
	"github.com/crmhrm/crm/internal/migrations"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
)

// Dialect is the engine under test (TEST_DB).
func Dialect() string {
	switch strings.ToLower(os.Getenv("TEST_DB")) {
	case "postgres", "postgresql", "pg":
		return "postgres"
	case "mysql", "mariadb":
		return "mysql"
	}
	return "sqlite"
}

var (
	once     sync.Once
	shared   *db.DB
	openErr  error
	cleanups []func()
	// sharedDSN is the driver DSN of the package's test database (a file
	// path on SQLite), for OpenDB.
	sharedDSN string
)

// Main runs a package's tests and then drops the package's test database.
// Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	for _, f := range cleanups {
		f()
	}
	os.Exit(code)
}

// DB returns the package's migrated test database.
func DB(t testing.TB) *db.DB {
	t.Helper()
	once.Do(func() { shared, openErr = open() })
	if openErr != nil {
		t.Fatalf("testkit: %v", openErr)
	}
	return shared
}

func serverURL(def string) string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return def
}

func open() (*db.DB, error) {
	name := "crm_t_" + Unique() + Unique()[:2]
	var store *db.DB
	var err error
	switch Dialect() {
	case "postgres":
		base := serverURL("postgres://postgres@127.0.0.1:5432/test?sslmode=disable")
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return nil, err
		}
		if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
			admin.Close()
			return nil, fmt.Errorf("create test database: %w", err)
		}
		u, _ := url.Parse(base)
		u.Path = "/" + name
		sharedDSN = u.String()
		store, err = db.Open("postgres", sharedDSN)
		if err != nil {
			admin.Close()
			return nil, err
		}
		cleanups = append(cleanups, func() {
			_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			admin.Close()
		})
	case "mysql":
		_, base, perr := config.ParseDatabaseURL(serverURL("mysql://root@127.0.0.1:3306/test"))
		if perr != nil {
			return nil, perr
		}
		admin, err := sql.Open("mysql", db.MySQLDSN(base))
		if err != nil {
			return nil, err
		}
		if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
			admin.Close()
			return nil, fmt.Errorf("create test database: %w", err)
		}
		dsn := base
		if i := strings.LastIndex(dsn, "/"); i >= 0 {
			rest := ""
			if j := strings.Index(dsn[i:], "?"); j >= 0 {
				rest = dsn[i+j:]
			}
			dsn = dsn[:i+1] + name + rest
		}
		sharedDSN = dsn
		store, err = db.Open("mysql", dsn)
		if err != nil {
			admin.Close()
			return nil, err
		}
		cleanups = append(cleanups, func() {
			_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name)
			admin.Close()
		})
	default:
		dir, derr := os.MkdirTemp("", "crm-test-")
		if derr != nil {
			return nil, derr
		}
		cleanups = append(cleanups, func() { os.RemoveAll(dir) })
		sharedDSN = filepath.Join(dir, "test.db")
		store, err = db.Open("sqlite", sharedDSN)
		if err != nil {
			return nil, err
		}
	}
	if _, err = migrations.Up(context.Background(), store); err != nil {
		store.Close()
		return nil, err
	}
	return store, nil
}

// Env is an in-process server over the package's test database.
type Env struct {
	T      testing.TB
	DB     *db.DB
	Server *app.Server
	Secret []byte
	SAKey  string
	admin  string
}

var (
	envOnce sync.Once
	envVal  *app.Server
	envErr  error
	saToken atomic.Value
	saMu    sync.Mutex
)

// Secret is the JWT secret of test servers.
var Secret = []byte("test-secret-that-is-long-enough-for-hs256-0123456789")

// SuperAdminKey is the SUPER_ADMIN_SECRET_KEY of test servers.
const SuperAdminKey = "test-super-admin-key"

// New returns the package's shared test server.
func New(t testing.TB) *Env {
	t.Helper()
	store := DB(t)
	envOnce.Do(func() {
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		// Tests create super-admins through POST /super-admin, more than one per database.
		envVal, envErr = app.New(store, app.Options{JWTSecret: Secret, SuperAdminKey: SuperAdminKey, AllowSuperAdminSignup: true,
			MaxBodyBytes: 1 << 20, ListCap: 5000, BcryptCost: bcrypt.MinCost, Logger: quiet})
	})
	if envErr != nil {
		t.Fatalf("testkit: %v", envErr)
	}
	return &Env{T: t, DB: store, Server: envVal, Secret: Secret, SAKey: SuperAdminKey}
}

// Response is a decoded answer.
type Response struct {
	Status int
	Raw    []byte
	Body   map[string]any
	Header http.Header
}

// Data returns the envelope's data as an object (nil when it is not one).
func (r *Response) Data() map[string]any {
	m, _ := r.Body["data"].(map[string]any)
	return m
}

// List returns the envelope's data as a list of objects.
func (r *Response) List() []map[string]any {
	arr, _ := r.Body["data"].([]any)
	out := make([]map[string]any, 0, len(arr))
	for _, v := range arr {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// ID returns data.id.
func (r *Response) ID() string { s, _ := r.Data()["id"].(string); return s }

// Message returns the envelope's message.
func (r *Response) Message() string { s, _ := r.Body["message"].(string); return s }

// NewRequest builds a test request. body may be nil, a string or []byte
// (sent as is), or any value (encoded as JSON); a body gets a JSON content type.
func NewRequest(method, path string, body any) (*http.Request, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// Do sends a request. body may be nil, a string or []byte (sent as is), or
// any value (encoded as JSON). token may be empty.
func (e *Env) Do(method, path, token string, body any) *Response {
	e.T.Helper()
	return e.serve(e.request(method, path, token, body))
}

// Counted sends a request like Do and also returns how many statements the
// server ran for it (see db.CountQueries).
func (e *Env) Counted(method, path, token string, body any) (*Response, int64) {
	e.T.Helper()
	req := e.request(method, path, token, body)
	ctx, n := db.CountQueries(req.Context())
	res := e.serve(req.WithContext(ctx))
	return res, n.Load()
}

func (e *Env) request(method, path, token string, body any) *http.Request {
	e.T.Helper()
	req, err := NewRequest(method, path, body)
	if err != nil {
		e.T.Fatalf("encode body: %v", err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

func (e *Env) serve(req *http.Request) *Response {
	e.T.Helper()
	rec := httptest.NewRecorder()
	e.Server.Handler.ServeHTTP(rec, req)
	res := &Response{Status: rec.Code, Raw: rec.Body.Bytes(), Header: rec.Header()}
	if len(res.Raw) > 0 {
		if err := json.Unmarshal(res.Raw, &res.Body); err != nil {
			e.T.Fatalf("%s %s: answer is not a JSON object (status %d): %q", req.Method, req.URL.Path, rec.Code, truncate(string(res.Raw)))
		}
	}
	return res
}

// Must sends a request and fails the test unless the status is want.
func (e *Env) Must(want int, method, path, token string, body any) *Response {
	e.T.Helper()
	r := e.Do(method, path, token, body)
	if r.Status != want {
		e.T.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, truncate(string(r.Raw)))
	}
	return r
}

func truncate(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}

// Unique returns a short random lowercase suffix for names that must not collide.
func Unique() string {
	var b strings.Builder
	for b.Len() < 8 {
		// The random part of an id (its start is the time).
		for _, c := range strings.ToLower(db.NewID()[db.IDTimeLen:]) {
			if c >= 'a' && c <= 'z' && b.Len() < 8 {
				b.WriteRune(c)
			}
		}
	}
	return b.String()
}

// Password is the password of every account the factories create.
const Password = "Tidal-Orbit-Canvas-47"

// SuperAdminPassword is the password of the package's super-admin (a
// super-admin's needs at least 12 characters).
const SuperAdminPassword = "Granite-Harbour-Lamp-2026"

// SuperAdmin returns a token for the package's super-admin, creating it once.
func (e *Env) SuperAdmin() string {
	e.T.Helper()
	saMu.Lock()
	defer saMu.Unlock()
	if tok, ok := saToken.Load().(string); ok && tok != "" {
		return tok
	}
	u := "root" + Unique()
	e.Must(201, "POST", "/api/v1/super-admin", "", map[string]any{"username": u, "email": u + "@example.com",
		"password": SuperAdminPassword, "secret_key": e.SAKey})
	tok := e.Login(u+"@example.com", SuperAdminPassword)
	saToken.Store(tok)
	return tok
}

// Login returns a token for the credentials.
func (e *Env) Login(login, password string) string {
	e.T.Helper()
	r := e.Must(200, "POST", "/api/v1/auth/login", "", map[string]any{"login": login, "password": password})
	tok, _ := r.Data()["token"].(string)
	if tok == "" {
		e.T.Fatalf("login answered no token: %s", r.Raw)
	}
	return tok
}

// Company is a client (tenant) made for a test.
type Company struct {
	ID       string // the client's id, which is the company id
	Username string
	Token    string // the owner's token
	PlanID   string
}

// NewCompany creates a client with a generous active plan and logs its owner in.
func (e *Env) NewCompany() *Company {
	return e.NewCompanyWithPlan(1000, 1000)
}

// NewCompanyWithPlan creates a client whose plan allows maxUsers users and
// maxClients sub-clients.
func (e *Env) NewCompanyWithPlan(maxUsers, maxClients int) *Company {
	e.T.Helper()
	sa := e.SuperAdmin()
	u := "co" + Unique()
	c := e.Must(201, "POST", "/api/v1/clients", sa, map[string]any{"username": u, "email": u + "@example.com", "password": Password})
	plan := e.Must(201, "POST", "/api/v1/subscriptions", sa, map[string]any{"name": "Plan " + u, "currency": "USD", "price": 10,
		"duration": "Per Month", "trial_period": 0, "max_users": maxUsers, "max_clients": maxClients, "storage_limit": 100, "status": "active"})
	e.Must(201, "POST", "/api/v1/subscriptions/assign", sa, map[string]any{"client_id": c.ID(), "plan_id": plan.ID(),
		"start_date": "2020-01-01", "status": "active"})
	return &Company{ID: c.ID(), Username: u, Token: e.Login(u, Password), PlanID: plan.ID()}
}

// Member is an account of a company with a role made for the test.
type Member struct {
	ID, Username, RoleID, Token string
}

// NewMember creates a role holding perms in the company and an employee with
// that role, and logs the employee in.
func (e *Env) NewMember(co *Company, perms authz.Perms) *Member {
	e.T.Helper()
	role := e.Must(201, "POST", "/api/v1/roles", co.Token, map[string]any{"role_name": "role " + Unique(), "permissions": perms})
	u := "em" + Unique()
	emp := e.Must(201, "POST", "/api/v1/auth/signup", co.Token, map[string]any{"username": u, "email": u + "@example.com",
		"password": Password, "role_id": role.ID()})
	return &Member{ID: emp.ID(), Username: u, RoleID: role.ID(), Token: e.Login(u, Password)}
}

// EmptyDB creates a fresh, empty database on the engine under test (TEST_DB)
// and returns the dialect and DSN to open it with db.Open. The database is
// dropped (or its folder removed) when the test ends; close every pool on it
// before then (t.Cleanup runs last-registered first).
func EmptyDB(t testing.TB) (dialect, dsn string) {
	t.Helper()
	dialect = Dialect()
	name := "crm_t_" + Unique() + Unique()[:2]
	switch dialect {
	case "postgres":
		base := serverURL("postgres://postgres@127.0.0.1:5432/test?sslmode=disable")
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatalf("testkit: %v", err)
		}
		if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
			admin.Close()
			t.Fatalf("testkit: create test database: %v", err)
		}
		t.Cleanup(func() {
			_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			admin.Close()
		})
		u, _ := url.Parse(base)
		u.Path = "/" + name
		return dialect, u.String()
	case "mysql":
		_, base, err := config.ParseDatabaseURL(serverURL("mysql://root@127.0.0.1:3306/test"))
		if err != nil {
			t.Fatalf("testkit: %v", err)
		}
		admin, err := sql.Open("mysql", db.MySQLDSN(base))
		if err != nil {
			t.Fatalf("testkit: %v", err)
		}
		if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
			admin.Close()
			t.Fatalf("testkit: create test database: %v", err)
		}
		t.Cleanup(func() {
			_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name)
			admin.Close()
		})
		dsn = base
		if i := strings.LastIndex(dsn, "/"); i >= 0 {
			rest := ""
			if j := strings.Index(dsn[i:], "?"); j >= 0 {
				rest = dsn[i+j:]
			}
			dsn = dsn[:i+1] + name + rest
		}
		return dialect, dsn
	default:
		return dialect, filepath.Join(t.TempDir(), name+".db")
	}
}
