package projects_test

import (
	"sync"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/projects"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestTaskNotifiesAssignees(t *testing.T) {
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	p := newProject(e, co, "100")
	a, aTok := newStaff(e, co)
	b, bTok := newStaff(e, co)
	c, cTok := newStaff(e, co)
	foreign := e.NewEmployee(other)

	// An assignee of another company: 422 naming assignTo and the id; no task, no notification.
	mustFail(t, e.Do("POST", api+"/tasks/"+p, co.Token, taskBody(a, foreign)), 422, "assignTo", foreign)
	if n := len(e.Must(200, "GET", api+"/tasks/"+p, co.Token, nil).List()); n != 0 {
		t.Fatalf("%d tasks after a refused create", n)
	}
	if n := len(notifications(e, aTok)); n != 0 {
		t.Fatalf("%d notifications after a refused create", n)
	}

	// The original's {"users": [...]} shape, with a duplicate.
	body := taskBody()
	body["assignTo"] = map[string]any{"users": []string{a, b, a}}
	task := e.Must(201, "POST", api+"/tasks/"+p, co.Token, body)
	if got := task.Data()["assignTo"].([]any); len(got) != 2 {
		t.Fatalf("assignTo %v", got)
	}
	for _, tok := range []string{aTok, bTok} {
		if got := notifications(e, tok); countOf(got, "New Task") != 1 {
			t.Fatalf("notifications %v, want one New Task", got)
		}
	}
	// The web client's edit names; adding c notifies c only.
	r := e.Must(200, "PUT", api+"/tasks/"+task.ID(), co.Token, map[string]any{"taskTitle": "Renamed", "AssignTo": []string{a, b, c}, "taskStatus": "doing"})
	if d := r.Data(); d["taskName"] != "Renamed" || d["status"] != "doing" {
		t.Fatalf("aliases not applied: %v", d)
	}
	for tok, want := range map[string]int{aTok: 1, bTok: 1, cTok: 1} {
		if got := notifications(e, tok); countOf(got, "New Task") != want {
			t.Fatalf("notifications %v, want %d New Task", got, want)
		}
	}
	// A foreign assignee on update: 422, nothing changes.
	mustFail(t, e.Do("PUT", api+"/tasks/"+task.ID(), co.Token, map[string]any{"assignTo": []string{a, foreign}}), 422, "assignTo", foreign)
	if got := e.Must(200, "GET", api+"/tasks/"+task.ID(), co.Token, nil).Data()["assignTo"].([]any); len(got) != 3 {
		t.Fatalf("a refused update changed assignTo: %v", got)
	}
	// dueDate before startDate.
	bad := taskBody(a)
	bad["dueDate"] = "2024-12-01"
	mustFail(t, e.Do("POST", api+"/tasks/"+p, co.Token, bad), 422, "dueDate")
	// Tasks hang on a project, a lead or a deal; not on a branch's parent kind of other resources.
	e.Must(404, "POST", api+"/tasks/"+testkit.Unique()+"xxxxxxxxxxxxxxxxxx", co.Token, taskBody(a))
}

// TestAssigneeNotifiedOnceUnderConcurrency sends the same assignee change
// concurrently: the new assignee is notified exactly once.
func TestAssigneeNotifiedOnceUnderConcurrency(t *testing.T) {
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := newProject(e, co, "100")
	a, _ := newStaff(e, co)
	b, bTok := newStaff(e, co)
	task := e.Must(201, "POST", api+"/tasks/"+p, co.Token, taskBody(a)).ID()
	var wg sync.WaitGroup
	statuses := make([]int, 6)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.Do("PUT", api+"/tasks/"+task, co.Token, map[string]any{"assignTo": []string{a, b}}).Status
		}()
	}
	wg.Wait()
	ok := 0
	for _, s := range statuses {
		if s == 200 {
			ok++
		} else if s != 503 && s != 409 {
			t.Fatalf("statuses %v", statuses)
		}
	}
	if ok == 0 {
		t.Fatalf("no update succeeded: %v", statuses)
	}
	if got := notifications(e, bTok); countOf(got, "New Task") != 1 {
		t.Fatalf("notifications %v, want exactly one New Task", got)
	}
}

// TestTaskReminderInCompanyZone: the reminder goes out when reminder_date is
// today in the company's time zone, not the server's.
func TestTaskReminderInCompanyZone(t *testing.T) {
	e := testkit.Warm(t)
	kolkata, utc := e.NewCompany(), e.NewCompany()
	// 23:30 UTC on 10 March is already 11 March in Kolkata (UTC+5:30).
	old := projects.Now
	projects.Now = func() time.Time { return time.Date(2025, 3, 10, 23, 30, 0, 0, time.UTC) }
	t.Cleanup(func() { projects.Now = old })

	emp, empTok := newStaff(e, kolkata)
	e.Must(403, "PUT", api+"/company-settings", empTok, map[string]any{"time_zone": "Asia/Kolkata"})
	mustFail(t, e.Do("PUT", api+"/company-settings", kolkata.Token, map[string]any{"time_zone": "Mars/Olympus"}), 422, "time_zone")
	mustFail(t, e.Do("PUT", api+"/company-settings", kolkata.Token, map[string]any{"time_zone": "Local"}), 422, "time_zone")
	if tz := e.Must(200, "GET", api+"/company-settings", empTok, nil).Data()["time_zone"]; tz != "UTC" {
		t.Fatalf("default zone %v", tz)
	}
	e.Must(200, "PUT", api+"/company-settings", kolkata.Token, map[string]any{"time_zone": "Asia/Kolkata"})
	if tz := e.Must(200, "GET", api+"/company-settings", empTok, nil).Data()["time_zone"]; tz != "Asia/Kolkata" {
		t.Fatalf("zone %v", tz)
	}

	remind := func(co *testkit.Company, assignee string) {
		body := taskBody(assignee)
		body["startDate"], body["reminder_date"], body["dueDate"] = "2025-03-01", "2025-03-11", "2025-03-14"
		e.Must(201, "POST", api+"/tasks/"+newProject(e, co, "1"), co.Token, body)
	}
	remind(kolkata, emp)
	got := notifications(e, empTok)
	if countOf(got, "Task Reminder") != 1 || countOf(got, "New Task") != 1 {
		t.Fatalf("Kolkata assignee got %v, want a reminder and a New Task", got)
	}
	list := e.Must(200, "GET", api+"/notifications?notification_type=reminder", empTok, nil).List()
	if len(list) != 1 || list[0]["message"] != "Task due: 3 days. Don't forget: "+list[0]["message"].(string)[len("Task due: 3 days. Don't forget: "):] {
		t.Fatalf("reminder %v", list)
	}
	u, uTok := newStaff(e, utc)
	remind(utc, u)
	if got := notifications(e, uTok); countOf(got, "Task Reminder") != 0 || countOf(got, "New Task") != 1 {
		t.Fatalf("UTC assignee got %v, want only New Task (it is still 10 March in UTC)", got)
	}
}
