package org_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/migrations"
	"github.com/crmhrm/crm/internal/org"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

func closedSignupServer(t *testing.T, store *db.DB) *app.Server {
	t.Helper()
	srv, err := app.New(store, app.Options{JWTSecret: testkit.Secret, SuperAdminKey: testkit.SuperAdminKey, BcryptCost: bcrypt.MinCost,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func superAdminBody() map[string]any {
	u := "sa" + testkit.Unique()
	return map[string]any{"username": u, "email": u + "@example.com", "password": testkit.SuperAdminPassword, "secret_key": testkit.SuperAdminKey}
}

// TestSuperAdminSignupClosedAfterFirst: without ALLOW_SUPER_ADMIN_SIGNUP,
// POST /super-admin answers 403 (pointing to `crm admin create`) once a
// super-admin exists, even with the right key, and creates nothing;
// `crm admin create` still works.
func TestSuperAdminSignupClosedAfterFirst(t *testing.T) {
	e := testkit.New(t)
	e.SuperAdmin() // one exists
	srv := closedSignupServer(t, e.DB)
	body := superAdminBody()
	r := rawCall(srv.Handler, "POST", api+"/super-admin", nil, freshIP(), body)
	if r.Status != 403 || r.Body["success"] != false || !strings.Contains(r.message(), "crm admin create") {
		t.Fatalf("status %d: %s", r.Status, r.Raw)
	}
	e.Must(401, "POST", api+"/auth/login", "", map[string]any{"login": body["username"], "password": testkit.SuperAdminPassword})

	raw := map[string]json.RawMessage{}
	for _, k := range []string{"username", "email", "password"} {
		raw[k], _ = json.Marshal(body[k])
	}
	if _, err := org.CreateSuperAdmin(context.Background(), srv.Deps, raw); err != nil {
		t.Fatalf("crm admin create: %v", err)
	}
	e.Must(200, "GET", api+"/clients", e.Login(body["username"].(string), testkit.SuperAdminPassword), nil)
}

// TestSuperAdminSignupCreatesOnlyTheFirst: on an empty database, of two
// concurrent sign-ups exactly one becomes the first super-admin; the other,
// and any later one, answer 403.
func TestSuperAdminSignupCreatesOnlyTheFirst(t *testing.T) {
	if testkit.Dialect() != "sqlite" {
		// It needs a database without super-admins; the package's shared one
		// has some, and a process mounts its resources on one dialect only.
		t.Skip("needs an empty database: runs on SQLite")
	}
	store, err := db.Open("sqlite", filepath.Join(t.TempDir(), "first.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := migrations.Up(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	srv := closedSignupServer(t, store)
	var wg sync.WaitGroup
	statuses := make([]int, 4)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = rawCall(srv.Handler, "POST", api+"/super-admin", nil, freshIP(), superAdminBody()).Status
		}()
	}
	wg.Wait()
	created := 0
	for _, s := range statuses {
		switch s {
		case 201:
			created++
		case 403:
		default:
			t.Fatalf("statuses %v", statuses)
		}
	}
	var n int
	if err := store.Q(context.Background()).QueryRowContext(context.Background(), `SELECT COUNT(*) FROM principals WHERE kind = 'super-admin'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if created != 1 || n != 1 {
		t.Fatalf("%d created (statuses %v), %d super-admins stored", created, statuses, n)
	}
	if r := rawCall(srv.Handler, "POST", api+"/super-admin", nil, freshIP(), superAdminBody()); r.Status != 403 {
		t.Fatalf("later sign-up: %d %s", r.Status, r.Raw)
	}
}
