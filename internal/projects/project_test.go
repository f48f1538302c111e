package projects_test

import (
	"encoding/json"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

// members parses project_members the way the web client does:
// JSON.parse(project.project_members).project_members.
func members(t *testing.T, p map[string]any) []string {
	t.Helper()
	s, ok := p["project_members"].(string)
	if !ok {
		t.Fatalf("project_members is not a JSON string: %#v", p["project_members"])
	}
	var d struct {
		ProjectMembers []string `json:"project_members"`
	}
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("project_members %q: %v", s, err)
	}
	return d.ProjectMembers
}

func TestProjectMembers(t *testing.T) {
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	p := newProject(e, co, "100")
	a, b := e.NewEmployee(co), e.NewEmployee(co)
	foreign := e.NewEmployee(other)
	if got := members(t, e.Must(200, "GET", api+"/projects/"+p, co.Token, nil).Data()); len(got) != 0 {
		t.Fatalf("new project has members %v", got)
	}
	// The web client's add shape.
	r := e.Must(200, "POST", api+"/projects/membersadd/"+p, co.Token, map[string]any{"project_members": []string{a}})
	if got := members(t, r.Data()); len(got) != 1 || got[0] != a {
		t.Fatalf("members %v, want [%s]", got, a)
	}
	// Twice, another company's employee: 422 naming the ids, nothing changed.
	mustFail(t, e.Do("POST", api+"/projects/membersadd/"+p, co.Token, map[string]any{"project_members": []string{b, a}}), 422, "project_members", a)
	mustFail(t, e.Do("POST", api+"/projects/membersadd/"+p, co.Token, map[string]any{"project_members": []string{b, foreign}}), 422, "project_members", foreign)
	if got := members(t, e.Must(200, "GET", api+"/projects/"+p, co.Token, nil).Data()); len(got) != 1 {
		t.Fatalf("a refused add changed the members: %v", got)
	}
	// The original's nested shape.
	e.Must(200, "POST", api+"/projects/membersadd/"+p, co.Token, map[string]any{"project_members": map[string]any{"project_members": []string{b}}})
	// Removing a non-member: 422 naming it.
	mustFail(t, e.Do("POST", api+"/projects/membersdelete/"+p, co.Token, map[string]any{"project_members": map[string]any{"project_members": []string{foreign}}}), 422, "project_members", foreign)
	// The web client's delete shape.
	r = e.Must(200, "POST", api+"/projects/membersdelete/"+p, co.Token, map[string]any{"project_members": map[string]any{"project_members": []string{a}}})
	if got := members(t, r.Data()); len(got) != 1 || got[0] != b {
		t.Fatalf("members %v, want [%s]", got, b)
	}
	// Another company cannot see or edit the project.
	e.Must(404, "POST", api+"/projects/membersadd/"+p, other.Token, map[string]any{"project_members": []string{foreign}})
}

func TestProjectRules(t *testing.T) {
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	sub := e.Must(201, "POST", api+"/sub-clients", co.Token, map[string]any{"username": "s" + testkit.Unique(), "email": "s" + testkit.Unique() + "@example.com", "password": testkit.Password}).ID()
	foreignSub := e.Must(201, "POST", api+"/sub-clients", other.Token, map[string]any{"username": "s" + testkit.Unique(), "email": "s" + testkit.Unique() + "@example.com", "password": testkit.Password}).ID()
	body := func(name string) map[string]any {
		return map[string]any{"project_name": name, "project_category": "Fit-out", "startDate": "2025-01-01", "endDate": "2025-06-30",
			"budget": "1000.50", "estimatedmonths": 6, "estimatedhours": 900}
	}
	b := body("Alpha " + testkit.Unique())
	b["client"] = foreignSub
	mustFail(t, e.Do("POST", api+"/projects", co.Token, b), 422, "client")
	b["client"] = sub
	p := e.Must(201, "POST", api+"/projects", co.Token, b).ID()
	b2 := body(b["project_name"].(string))
	e.Must(409, "POST", api+"/projects", co.Token, b2)
	b2 = body("Beta " + testkit.Unique())
	b2["endDate"] = "2024-12-31"
	mustFail(t, e.Do("POST", api+"/projects", co.Token, b2), 422, "endDate")
	for _, bad := range []any{"-1", "100000000000000000000", 1e20} {
		b2 = body("Gamma " + testkit.Unique())
		b2["budget"] = bad
		mustFail(t, e.Do("POST", api+"/projects", co.Token, b2), 422, "budget")
	}
	list := e.Must(200, "GET", api+"/projects/clients/"+sub, co.Token, nil).List()
	if len(list) != 1 || list[0]["id"] != p {
		t.Fatalf("projects of the client: %v", list)
	}
	if n := len(e.Must(200, "GET", api+"/projects/clients/"+sub, other.Token, nil).List()); n != 0 {
		t.Fatalf("another company sees %d projects of the client", n)
	}
	// A project with a task cannot be deleted; once empty it can.
	emp := e.NewEmployee(co)
	task := e.Must(201, "POST", api+"/tasks/"+p, co.Token, taskBody(emp)).ID()
	r := e.Do("DELETE", api+"/projects/"+p, co.Token, nil)
	if r.Status != 409 {
		t.Fatalf("delete of a project with a task: %d %s", r.Status, r.Raw)
	}
	e.Must(200, "DELETE", api+"/tasks/"+task, co.Token, nil)
	e.Must(200, "DELETE", api+"/projects/"+p, co.Token, nil)
}

func TestTaskCalendar(t *testing.T) {
	e := testkit.Warm(t)
	co := e.NewCompany()
	id := e.Must(201, "POST", api+"/taskcalendars", co.Token, map[string]any{"taskName": "Call", "taskDate": "2025-03-03",
		"taskTime": "10:30", "taskDescription": "Supplier"}).ID()
	if d := e.Must(200, "GET", api+"/taskcalendars/"+id, co.Token, nil).Data(); d["taskDate"] != "2025-03-03" {
		t.Fatalf("entry: %v", d)
	}
	e.Must(404, "GET", api+"/taskcalendars/"+testkit.Unique()+"aaaaaaaaaaaaaaaaaa", co.Token, nil)
	mustFail(t, e.Do("POST", api+"/taskcalendars", co.Token, map[string]any{"taskName": "Call", "taskDate": "soon",
		"taskTime": "10:30", "taskDescription": "x"}), 422, "taskDate")
}
