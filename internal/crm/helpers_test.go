package crm_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

const api = "/api/v1"

func newPipeline(e *testkit.Env, co *testkit.Company) string {
	e.T.Helper()
	return e.Must(201, "POST", api+"/pipelines", co.Token, map[string]any{"pipeline_name": "P " + testkit.Unique()}).ID()
}

func newStage(e *testkit.Env, co *testkit.Company, pipeline, kind, name string) string {
	e.T.Helper()
	return e.Must(201, "POST", api+"/stages", co.Token, map[string]any{"stageType": kind, "stageName": name, "pipeline": pipeline}).ID()
}

func leadBody() map[string]any {
	return map[string]any{"leadTitle": "Fit-out", "firstName": "Eve", "lastName": "Tester", "status": "new"}
}

func dealBody(pipeline, stage string) map[string]any {
	return map[string]any{"dealName": "Office " + testkit.Unique(), "pipeline": pipeline, "stage": stage, "price": "1200.50"}
}

// mustFail fails unless r has status and its errors name field.
func mustFail(t *testing.T, r *testkit.Response, status int, field string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d naming %q: %s", r.Status, status, field, r.Raw)
	}
	for _, f := range r.FieldErrors() {
		if f == field {
			return
		}
	}
	t.Fatalf("answer does not name %q: %s", field, r.Raw)
}

func count(e *testkit.Env, token, path string) int {
	e.T.Helper()
	return len(e.Must(200, "GET", api+path, token, nil).List())
}
