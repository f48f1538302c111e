package projects_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

const api = "/api/v1"

func newProject(e *testkit.Env, co *testkit.Company, budget string) string {
	e.T.Helper()
	return e.Must(201, "POST", api+"/projects", co.Token, map[string]any{"project_name": "P " + testkit.Unique(),
		"project_category": "Fit-out", "startDate": "2025-01-01", "endDate": "2025-06-30", "budget": budget,
		"estimatedmonths": 6, "estimatedhours": 900}).ID()
}

func taskBody(assignees ...string) map[string]any {
	return map[string]any{"taskName": "Task " + testkit.Unique(), "category": "Build", "project": "HQ",
		"startDate": "2025-01-01", "dueDate": "2025-01-10", "assignTo": assignees, "status": "todo", "priority": "high"}
}

// mustFail fails unless r has status and its errors name field (and the
// answer mentions each of mention).
func mustFail(t *testing.T, r *testkit.Response, status int, field string, mention ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d naming %q: %s", r.Status, status, field, r.Raw)
	}
	for _, m := range mention {
		if !strings.Contains(string(r.Raw), m) {
			t.Fatalf("answer does not mention %q: %s", m, r.Raw)
		}
	}
	for _, f := range r.FieldErrors() {
		if f == field {
			return
		}
	}
	t.Fatalf("answer does not name %q: %s", field, r.Raw)
}

func budget(e *testkit.Env, co *testkit.Company, project string) string {
	e.T.Helper()
	var body struct {
		Data struct {
			Budget json.RawMessage `json:"budget"`
		} `json:"data"`
	}
	if err := json.Unmarshal(e.Must(200, "GET", api+"/projects/"+project, co.Token, nil).Raw, &body); err != nil {
		e.T.Fatal(err)
	}
	return string(body.Data.Budget)
}

// notifications returns the titles of the notifications the account sees.
func notifications(e *testkit.Env, token string) []string {
	e.T.Helper()
	var out []string
	for _, n := range e.Must(200, "GET", api+"/notifications", token, nil).List() {
		s, _ := n["title"].(string)
		out = append(out, s)
	}
	return out
}

func countOf(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// newStaff creates an employee and logs it in.
func newStaff(e *testkit.Env, co *testkit.Company) (id, token string) {
	e.T.Helper()
	u := "e" + testkit.Unique()
	id = e.Must(201, "POST", api+"/employees", co.Token, map[string]any{"username": u, "email": u + "@example.com", "password": testkit.Password}).ID()
	return id, e.Login(u, testkit.Password)
}
