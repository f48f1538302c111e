package hr_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

const api = "/api/v1"

// hrm is the HR permission on entity with every action.
func hrm(entities ...string) authz.Perms {
	var ps []authz.Perm
	for _, e := range entities {
		ps = append(ps, authz.Perm{Module: "hrm", Entity: e})
	}
	return authz.Grant(authz.Actions, ps...)
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
