package hr_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

const api = "/api/v1"

var warm sync.Once

// env returns the shared test server. The first caller creates a company
// before the parallel tests do, because concurrent first sign-ups race to
// create the platform's client role (org.platformRoleID is check-then-insert
// and answers 500 to the loser on MySQL).
func env(t *testing.T) *testkit.Env {
	t.Helper()
	e := testkit.New(t)
	warm.Do(func() { e.NewCompany() })
	return e
}

// hrm is the HR permission on entity with every action.
func hrm(entities ...string) authz.Perms {
	var ps []authz.Perm
	for _, e := range entities {
		ps = append(ps, authz.Perm{Module: "hrm", Entity: e})
	}
	return authz.Grant(authz.Actions, ps...)
}

// newEmployee creates a plain employee of co and returns its id.
func newEmployee(e *testkit.Env, co *testkit.Company) string {
	e.T.Helper()
	u := "e" + testkit.Unique()
	return e.Must(201, "POST", api+"/employees", co.Token, map[string]any{"username": u, "email": u + "@example.com", "password": testkit.Password}).ID()
}

// fieldErrors returns the field names listed in a 422 answer.
func fieldErrors(r *testkit.Response) []string {
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

// mustInvalid fails unless r is a 422 naming field.
func mustInvalid(t *testing.T, r *testkit.Response, field string) {
	t.Helper()
	if r.Status != 422 {
		t.Fatalf("status %d, want 422 naming %q: %s", r.Status, field, r.Raw)
	}
	for _, f := range fieldErrors(r) {
		if f == field {
			return
		}
	}
	t.Fatalf("422 does not name %q: %s", field, r.Raw)
}

// upload posts a multipart form with one file field.
func upload(t *testing.T, e *testkit.Env, path, token, field, name string, content []byte) *testkit.Response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(content)
	_ = mw.Close()
	req := httptest.NewRequest("POST", path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	e.Server.Handler.ServeHTTP(rec, req)
	res := &testkit.Response{Status: rec.Code, Raw: rec.Body.Bytes(), Header: rec.Header()}
	if err := json.Unmarshal(res.Raw, &res.Body); err != nil {
		t.Fatalf("upload answer is not JSON (%d): %s", rec.Code, res.Raw)
	}
	return res
}

// postRaw posts body with the given content type.
func postRaw(t *testing.T, e *testkit.Env, path, token, contentType, body string) *testkit.Response {
	t.Helper()
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	e.Server.Handler.ServeHTTP(rec, req)
	res := &testkit.Response{Status: rec.Code, Raw: rec.Body.Bytes(), Header: rec.Header()}
	if err := json.Unmarshal(res.Raw, &res.Body); err != nil {
		t.Fatalf("answer is not JSON (%d): %s", rec.Code, res.Raw)
	}
	return res
}

// activities lists the activity-log rows of one entity.
func activities(e *testkit.Env, token, id string) []map[string]any {
	e.T.Helper()
	return e.Must(200, "GET", api+"/activities?activity_id="+id, token, nil).List()
}

func hasAction(rows []map[string]any, action string) bool {
	for _, r := range rows {
		if r["action"] == action {
			return true
		}
	}
	return false
}
