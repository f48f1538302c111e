package projects_test

import (
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func TestMilestoneBudget(t *testing.T) {
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := newProject(e, co, "1000")
	m := e.Must(201, "POST", api+"/milestones/"+p, co.Token, map[string]any{"milestone_title": "Design", "milestone_cost": "250.50",
		"add_cost_to_project_budget": true, "milestone_start_date": "2025-01-01", "milestone_end_date": "2025-01-31"}).ID()
	if got := budget(e, co, p); got != "1250.50" {
		t.Fatalf("budget %s, want 1250.50", got)
	}
	e.Must(200, "PUT", api+"/milestones/"+m, co.Token, map[string]any{"milestone_cost": 300})
	if got := budget(e, co, p); got != "1300.00" {
		t.Fatalf("budget after repricing %s, want 1300.00", got)
	}
	e.Must(200, "PUT", api+"/milestones/"+m, co.Token, map[string]any{"add_cost_to_project_budget": false})
	if got := budget(e, co, p); got != "1000.00" {
		t.Fatalf("budget after clearing the flag %s, want 1000.00", got)
	}
	e.Must(200, "PUT", api+"/milestones/"+m, co.Token, map[string]any{"add_cost_to_project_budget": "true"})
	// Bad input: 4xx naming the field, budget unchanged.
	mustFail(t, e.Do("PUT", api+"/milestones/"+m, co.Token, map[string]any{"milestone_end_date": "2024-12-01"}), 422, "milestone_end_date")
	for _, bad := range []any{"-5", "100000000000000000000", 1e20} {
		mustFail(t, e.Do("POST", api+"/milestones/"+p, co.Token, map[string]any{"milestone_cost": bad, "add_cost_to_project_budget": true}), 422, "milestone_cost")
		mustFail(t, e.Do("PUT", api+"/milestones/"+m, co.Token, map[string]any{"milestone_cost": bad}), 422, "milestone_cost")
	}
	mustFail(t, e.Do("POST", api+"/milestones/"+p, co.Token, map[string]any{"milestone_cost": "9999999999999", "add_cost_to_project_budget": true}), 422, "milestone_cost")
	if got := budget(e, co, p); got != "1300.00" {
		t.Fatalf("budget after refused requests %s, want 1300.00", got)
	}
	if n := len(e.Must(200, "GET", api+"/milestones/"+p, co.Token, nil).List()); n != 1 {
		t.Fatalf("%d milestones after refused creates", n)
	}
	// A milestone only hangs on a project.
	e.Must(200, "DELETE", api+"/milestones/"+m, co.Token, nil)
	if got := budget(e, co, p); got != "1000.00" {
		t.Fatalf("budget after delete %s, want 1000.00", got)
	}
}

func TestConcurrentMilestonesBudget(t *testing.T) {
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := newProject(e, co, "0")
	const n = 8
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.Do("POST", api+"/milestones/"+p, co.Token, map[string]any{"milestone_cost": "10.25", "add_cost_to_project_budget": true}).Status
		}()
	}
	wg.Wait()
	created := 0
	for _, s := range statuses {
		if s == 201 {
			created++
		} else if s != 503 {
			t.Fatalf("statuses %v", statuses)
		}
	}
	rows := len(e.Must(200, "GET", api+"/milestones/"+p, co.Token, nil).List())
	if rows != created || created == 0 {
		t.Fatalf("%d created answers, %d rows", created, rows)
	}
	want := map[int]string{1: "10.25", 2: "20.50", 3: "30.75", 4: "41.00", 5: "51.25", 6: "61.50", 7: "71.75", 8: "82.00"}[created]
	if got := budget(e, co, p); got != want {
		t.Fatalf("budget %s after %d milestones of 10.25, want %s", got, created, want)
	}
}

func TestProjectReportSummary(t *testing.T) {
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	p := newProject(e, co, "500")
	emp := e.NewEmployee(co)
	for _, st := range []string{"todo", "todo", "done"} {
		b := taskBody(emp)
		b["status"] = st
		e.Must(201, "POST", api+"/tasks/"+p, co.Token, b)
	}
	e.Must(201, "POST", api+"/milestones/"+p, co.Token, map[string]any{"milestone_status": "complete", "milestone_cost": "100", "add_cost_to_project_budget": true})
	e.Must(201, "POST", api+"/milestones/"+p, co.Token, map[string]any{"milestone_cost": "40.10"})
	body := map[string]any{"project": p, "startdate": "2025-01-01", "enddate": "2025-01-31", "projectMembers": map[string]any{"members": []string{emp}},
		"completion": "40%", "status": "in-progress"}
	r := e.Must(201, "POST", api+"/project-reports", co.Token, body)
	s := r.Data()["summary"].(map[string]any)
	tasks := s["tasks"].(map[string]any)
	ms := s["milestones"].(map[string]any)
	if tasks["total"] != 3.0 || tasks["byStatus"].(map[string]any)["todo"] != 2.0 || ms["total"] != 2.0 ||
		ms["cost"] != "140.10" || ms["addedToBudget"] != "100.00" || s["budget"] != "600.00" || s["estimatedHours"] != 900.0 {
		t.Fatalf("summary %v", s)
	}
	bad := map[string]any{}
	for k, v := range body {
		bad[k] = v
	}
	bad["status"] = "paused"
	mustFail(t, e.Do("POST", api+"/project-reports", co.Token, bad), 422, "status")
	bad["status"], bad["project"] = "on-hold", newProject(e, other, "1")
	mustFail(t, e.Do("POST", api+"/project-reports", co.Token, bad), 422, "project")
	bad["project"], bad["enddate"] = p, "2024-01-01"
	mustFail(t, e.Do("POST", api+"/project-reports", co.Token, bad), 422, "enddate")
	// An empty update refreshes the summary.
	e.Must(201, "POST", api+"/tasks/"+p, co.Token, taskBody(emp))
	s = e.Must(200, "PUT", api+"/project-reports/"+r.ID(), co.Token, map[string]any{}).Data()["summary"].(map[string]any)
	if s["tasks"].(map[string]any)["total"] != 4.0 {
		t.Fatalf("refreshed summary %v", s)
	}
}
