package org_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

const api = "/api/v1"

// reply is an answer decoded without failing the test, so it can be used
// from goroutines.
type reply struct {
	Status int
	Raw    []byte
	Body   map[string]any
	Header http.Header
	Err    error // the body was not a JSON object
}

func (r *reply) data() map[string]any { m, _ := r.Body["data"].(map[string]any); return m }

func (r *reply) message() string { s, _ := r.Body["message"].(string); return s }

// rawCall sends a request straight to the handler with the given headers and
// remote address; body may be nil, a string, []byte or a value encoded as JSON.
func rawCall(h http.Handler, method, path string, hdr map[string]string, remote string, body any) *reply {
	req, err := testkit.NewRequest(method, path, body)
	if err != nil {
		return &reply{Err: err}
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if remote != "" {
		req.RemoteAddr = remote
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	out := &reply{Status: rec.Code, Raw: rec.Body.Bytes(), Header: rec.Header()}
	if len(out.Raw) > 0 {
		if err := json.Unmarshal(out.Raw, &out.Body); err != nil {
			out.Err = fmt.Errorf("%s %s: answer is not a JSON object (status %d): %q", method, path, rec.Code, out.Raw)
		}
	}
	return out
}

var ipSeq atomic.Int64

// freshIP returns a remote address no other request used, so the login and
// super-admin rate limiters of the shared server do not carry over between tests.
func freshIP() string {
	n := ipSeq.Add(1)
	return fmt.Sprintf("10.%d.%d.%d:4000", (n>>16)&255, (n>>8)&255, n&255)
}

// login posts credentials from a fresh address and returns the answer.
func login(t *testing.T, e *testkit.Env, body any) *reply {
	t.Helper()
	r := rawCall(e.Server.Handler, "POST", api+"/auth/login", nil, freshIP(), body)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}

// withAuth sends a request with a literal Authorization header.
func withAuth(t *testing.T, e *testkit.Env, method, path, authorization string, body any) *reply {
	t.Helper()
	hdr := map[string]string{}
	if authorization != "" {
		hdr["Authorization"] = authorization
	}
	r := rawCall(e.Server.Handler, method, path, hdr, "", body)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}

// wantError checks an error answer: the status and the {success:false,message} envelope.
func wantError(t *testing.T, what string, r *testkit.Response, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d: %s", what, r.Status, status, r.Raw)
	}
	if r.Body["success"] != false || r.Message() == "" {
		t.Fatalf("%s: not an error envelope: %s", what, r.Raw)
	}
}

// ids returns the ids of a list answer.
func ids(r *testkit.Response) map[string]bool {
	out := map[string]bool{}
	for _, row := range r.List() {
		if id, ok := row["id"].(string); ok {
			out[id] = true
		}
	}
	return out
}

// defaultRole returns the id of the company's default role with that name
// ("employee" or "sub-client").
func defaultRole(t *testing.T, e *testkit.Env, co *testkit.Company, name string) string {
	t.Helper()
	r := e.Must(200, "GET", api+"/roles?role_name="+name, co.Token, nil)
	for _, row := range r.List() {
		if row["role_name"] == name && row["is_default"] == true {
			return row["id"].(string)
		}
	}
	t.Fatalf("company has no default %s role: %s", name, r.Raw)
	return ""
}

// account returns a create body for a new account with a unique name.
func account(prefix string) map[string]any {
	u := prefix + testkit.Unique()
	return map[string]any{"username": u, "email": u + "@example.com", "password": testkit.Password}
}

// noSecrets fails when a raw answer carries a password field or a bcrypt hash.
func noSecrets(t *testing.T, what string, raw []byte) {
	t.Helper()
	s := string(raw)
	for _, bad := range []string{`"password"`, "$2a$", "$2b$", "$2y$"} {
		if strings.Contains(s, bad) {
			t.Fatalf("%s: answer contains %s: %s", what, bad, s)
		}
	}
}
