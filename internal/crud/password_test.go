package crud_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// TestPasswordHashedOutsideWriteTransaction: while the engine hashes the
// password of a create or an update, no transaction is open on the request's
// context and another write goes through (SQLite has one writer connection,
// which an open write transaction would hold). The password still works, the
// policy still refuses a weak one, and a new password still ends sessions.
func TestPasswordHashedOutsideWriteTransaction(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()

	var mu sync.Mutex
	var hashes int
	var problems []string
	restore := crud.SetPasswordHasher(func(ctx context.Context, c *crud.Call, plain string) (string, error) {
		mu.Lock()
		hashes++
		mu.Unlock()
		fail := func(format string, args ...any) {
			mu.Lock()
			problems = append(problems, fmt.Sprintf(format, args...))
			mu.Unlock()
		}
		if _, inTx := c.Deps.DB.Q(ctx).(*db.Tx); inTx {
			fail("hashing inside a transaction")
		}
		// A write of its own (a fresh context carries no transaction): it
		// would wait for the writer, then time out, if a transaction held it.
		wctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := c.Deps.DB.InTx(wctx, func(ctx context.Context) error {
			_, err := c.Deps.DB.Q(ctx).ExecContext(ctx, "UPDATE principals SET updated_at = updated_at WHERE id = ?", "none")
			return err
		})
		if err != nil {
			fail("another write while hashing: %v", err)
		}
		return c.Deps.Auth.HashPassword(plain)
	})
	defer restore()

	u := "pw" + testkit.Unique()
	emp := e.Must(201, "POST", "/api/v1/employees", co.Token, map[string]any{"username": u, "email": u + "@example.com", "password": testkit.Password}).ID()
	old := e.Login(u, testkit.Password)

	// The policy is still applied: no hash for a refused password.
	mu.Lock()
	before := hashes
	mu.Unlock()
	e.Must(422, "PUT", "/api/v1/employees/"+emp, co.Token, map[string]any{"password": "short"})
	e.Must(422, "PUT", "/api/v1/employees/"+emp, co.Token, map[string]any{"password": u + "-Orbit-47"}) // contains the username
	const next = "Quiet-Harbor-Lantern-82"
	e.Must(200, "PUT", "/api/v1/employees/"+emp, co.Token, map[string]any{"password": next})
	e.Login(u, next)
	if r := e.Do("GET", "/api/v1/employees/"+emp, old, nil); r.Status != 401 {
		t.Fatalf("a token from before the password change: %d %s", r.Status, r.Raw)
	}
	if r := e.Do("POST", "/api/v1/auth/login", "", map[string]any{"login": u, "password": testkit.Password}); r.Status == 200 {
		t.Fatalf("the old password still logs in: %s", r.Raw)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	// The employee's, the username-containing password (refused by the
	// account's own rules, which run after hashing) and the new one.
	if hashes != 3 || before != 1 {
		t.Fatalf("%d passwords hashed (%d from the updates)", hashes, hashes-before)
	}
}
