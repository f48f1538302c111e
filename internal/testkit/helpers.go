package testkit

import (
	"sync"
	"testing"
)

var warm sync.Once

// Warm returns the package's shared test server once one company exists, so
// that parallel tests do not race to be the first sign-up (the first
// creates the platform's roles and super-admin).
func Warm(t testing.TB) *Env {
	t.Helper()
	e := New(t)
	warm.Do(func() { e.NewCompany() })
	return e
}

// NewEmployee creates an employee account in co and returns its id.
func (e *Env) NewEmployee(co *Company) string {
	e.T.Helper()
	u := "e" + Unique()
	return e.Must(201, "POST", "/api/v1/employees", co.Token, map[string]any{"username": u, "email": u + "@example.com", "password": Password}).ID()
}

// FieldErrors returns the fields named by the answer's errors list.
func (r *Response) FieldErrors() []string {
	var out []string
	errs, _ := r.Body["errors"].([]any)
	for _, x := range errs {
		if m, ok := x.(map[string]any); ok {
			f, _ := m["field"].(string)
			out = append(out, f)
		}
	}
	return out
}

// MustInvalid fails unless r is a 422 naming field.
func MustInvalid(t testing.TB, r *Response, field string) {
	t.Helper()
	if r.Status != 422 {
		t.Fatalf("status %d, want 422 naming %q: %.600s", r.Status, field, r.Raw)
	}
	for _, f := range r.FieldErrors() {
		if f == field {
			return
		}
	}
	t.Fatalf("422 does not name %q: %.600s", field, r.Raw)
}
