package hr_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func leaveBody(emp, start, end string) map[string]any {
	return map[string]any{"employeeId": emp, "startDate": start, "endDate": end, "leaveType": "casual", "reason": "Family event"}
}

func TestLeaveCreateIsPendingAndCountsDays(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	emp := e.NewEmployee(co)

	b := leaveBody(emp, "2025-03-03", "2025-03-05")
	b["status"] = "approved"
	b["remarks"] = "self-approved"
	r := e.Must(201, "POST", api+"/leaves", co.Token, b)
	d := r.Data()
	if d["status"] != "pending" {
		t.Fatalf("a new leave is %v, want pending: %s", d["status"], r.Raw)
	}
	if d["days"] != 3.0 {
		t.Fatalf("days = %v, want 3", d["days"])
	}
	if d["startDate"] != "2025-03-03T00:00:00.000Z" || d["employeeId"] != emp || d["isHalfDay"] != false {
		t.Fatalf("unexpected row: %s", r.Raw)
	}
	got := e.Must(200, "GET", api+"/leaves/"+r.ID(), co.Token, nil).Data()
	if got["status"] != "pending" || got["days"] != 3.0 {
		t.Fatalf("stored row: %v", got)
	}
	if !hasAction(activities(e, co.Token, r.ID()), "created") {
		t.Fatalf("no activity-log row for the leave")
	}

	one := e.Must(201, "POST", api+"/leaves", co.Token, leaveBody(emp, "2025-04-01T09:00:00Z", "2025-04-01T18:00:00Z")).Data()
	if one["days"] != 1.0 {
		t.Fatalf("a one-day leave counts %v days", one["days"])
	}
}

func TestLeaveHalfDay(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	emp := e.NewEmployee(co)

	b := leaveBody(emp, "2025-05-02", "2025-05-02")
	b["isHalfDay"] = true
	d := e.Must(201, "POST", api+"/leaves", co.Token, b).Data()
	if d["days"] != 0.5 || d["isHalfDay"] != true {
		t.Fatalf("half-day leave: %v", d)
	}

	b = leaveBody(emp, "2025-05-05", "2025-05-06")
	b["isHalfDay"] = true
	testkit.MustInvalid(t, e.Do("POST", api+"/leaves", co.Token, b), "endDate")

	// Turning a two-day leave into a half day needs the dates to match too.
	id := e.Must(201, "POST", api+"/leaves", co.Token, leaveBody(emp, "2025-05-12", "2025-05-13")).ID()
	testkit.MustInvalid(t, e.Do("PUT", api+"/leaves/"+id, co.Token, map[string]any{"isHalfDay": true}), "endDate")
	d = e.Must(200, "PUT", api+"/leaves/"+id, co.Token, map[string]any{"isHalfDay": true, "endDate": "2025-05-12"}).Data()
	if d["days"] != 0.5 {
		t.Fatalf("after update days = %v, want 0.5", d["days"])
	}
}

func TestLeaveValidation(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	emp := e.NewEmployee(co)
	foreign := e.NewEmployee(other)

	testkit.MustInvalid(t, e.Do("POST", api+"/leaves", co.Token, leaveBody(emp, "2025-06-10", "2025-06-09")), "endDate")
	testkit.MustInvalid(t, e.Do("POST", api+"/leaves", co.Token, leaveBody(foreign, "2025-06-10", "2025-06-11")), "employeeId")
	testkit.MustInvalid(t, e.Do("POST", api+"/leaves", co.Token, leaveBody("not-an-employee", "2025-06-10", "2025-06-11")), "employeeId")
	// The company owner is not an employee.
	testkit.MustInvalid(t, e.Do("POST", api+"/leaves", co.Token, leaveBody(co.ID, "2025-06-10", "2025-06-11")), "employeeId")
	b := leaveBody(emp, "2025-06-10", "2025-06-11")
	b["leaveType"] = "vacation"
	testkit.MustInvalid(t, e.Do("POST", api+"/leaves", co.Token, b), "leaveType")

	id := e.Must(201, "POST", api+"/leaves", co.Token, leaveBody(emp, "2025-06-10", "2025-06-11")).ID()
	testkit.MustInvalid(t, e.Do("PUT", api+"/leaves/"+id, co.Token, map[string]any{"employeeId": foreign}), "employeeId")
	testkit.MustInvalid(t, e.Do("PUT", api+"/leaves/"+id, co.Token, map[string]any{"startDate": "2025-06-12"}), "endDate")
	testkit.MustInvalid(t, e.Do("PUT", api+"/leaves/"+id, co.Token, map[string]any{"status": "done"}), "status")
	if n := len(e.Must(200, "GET", api+"/leaves", co.Token, nil).List()); n != 1 {
		t.Fatalf("%d leaves after refused requests, want 1", n)
	}
	// Another company cannot see or decide it.
	e.Must(404, "PUT", api+"/leaves/"+id, other.Token, map[string]any{"status": "approved"})
}

func TestLeaveOverlap(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	emp, emp2 := e.NewEmployee(co), e.NewEmployee(co)

	first := e.Must(201, "POST", api+"/leaves", co.Token, leaveBody(emp, "2025-07-07", "2025-07-09")).ID()
	for _, c := range [][2]string{{"2025-07-09", "2025-07-10"}, {"2025-07-01", "2025-07-07"}, {"2025-07-08", "2025-07-08"}, {"2025-07-01", "2025-07-31"},
		{"2025-07-09T23:00:00Z", "2025-07-10T02:00:00Z"}} {
		testkit.MustInvalid(t, e.Do("POST", api+"/leaves", co.Token, leaveBody(emp, c[0], c[1])), "startDate")
	}
	// Adjacent days and other employees are fine.
	adjacent := e.Must(201, "POST", api+"/leaves", co.Token, leaveBody(emp, "2025-07-10", "2025-07-11")).ID()
	e.Must(201, "POST", api+"/leaves", co.Token, leaveBody(emp2, "2025-07-07", "2025-07-09"))
	// Moving a request onto another one is refused too.
	testkit.MustInvalid(t, e.Do("PUT", api+"/leaves/"+adjacent, co.Token, map[string]any{"startDate": "2025-07-09"}), "startDate")

	// An approved leave still blocks; a rejected one does not.
	e.Must(200, "PUT", api+"/leaves/"+first, co.Token, map[string]any{"status": "approved"})
	testkit.MustInvalid(t, e.Do("POST", api+"/leaves", co.Token, leaveBody(emp, "2025-07-08", "2025-07-08")), "startDate")
	e.Must(200, "PUT", api+"/leaves/"+first, co.Token, map[string]any{"status": "rejected"})
	again := e.Must(201, "POST", api+"/leaves", co.Token, leaveBody(emp, "2025-07-08", "2025-07-08")).ID()
	// Re-opening the rejected request now overlaps the new one.
	testkit.MustInvalid(t, e.Do("PUT", api+"/leaves/"+first, co.Token, map[string]any{"status": "pending"}), "startDate")
	e.Must(200, "DELETE", api+"/leaves/"+again, co.Token, nil)
	e.Must(200, "PUT", api+"/leaves/"+first, co.Token, map[string]any{"status": "pending"})
}

func TestLeaveApproval(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	staff := e.NewMember(co, hrm("leaves"))                  // may file and edit leave, not decide
	boss := e.NewMember(co, hrm("leaves", "leave_approval")) // may decide
	viewer := e.NewMember(co, hrm("leave_approval"))         // approval alone is not leave access
	peer := e.NewEmployee(co)

	own := e.Must(201, "POST", api+"/leaves", staff.Token, leaveBody(staff.ID, "2025-08-04", "2025-08-05")).ID()

	// Without the approval permission: no decision, but the pending request may be edited.
	if r := e.Do("PUT", api+"/leaves/"+own, staff.Token, map[string]any{"status": "approved"}); r.Status != 403 {
		t.Fatalf("self-approval without leave_approval: %d, want 403: %s", r.Status, r.Raw)
	}
	d := e.Must(200, "PUT", api+"/leaves/"+own, staff.Token, map[string]any{"endDate": "2025-08-06", "reason": "Longer trip", "status": "pending"}).Data()
	if d["days"] != 3.0 || d["reason"] != "Longer trip" || d["status"] != "pending" {
		t.Fatalf("edit of own pending leave: %v", d)
	}
	// The route itself needs hrm.leaves.update.
	if r := e.Do("PUT", api+"/leaves/"+own, viewer.Token, map[string]any{"status": "approved"}); r.Status != 403 {
		t.Fatalf("decision without hrm.leaves.update: %d, want 403", r.Status)
	}

	// An approver can never decide their own request.
	bossLeave := e.Must(201, "POST", api+"/leaves", boss.Token, leaveBody(boss.ID, "2025-09-01", "2025-09-02")).ID()
	for _, st := range []string{"approved", "rejected"} {
		if r := e.Do("PUT", api+"/leaves/"+bossLeave, boss.Token, map[string]any{"status": st}); r.Status != 403 {
			t.Fatalf("approver deciding own leave (%s): %d, want 403: %s", st, r.Status, r.Raw)
		}
	}

	// The approver decides the staff member's request; the employee is notified.
	d = e.Must(200, "PUT", api+"/leaves/"+own, boss.Token, map[string]any{"status": "approved", "remarks": "Enjoy"}).Data()
	if d["status"] != "approved" || d["remarks"] != "Enjoy" || d["updated_by"] != boss.Username {
		t.Fatalf("approval: %v", d)
	}
	notes := e.Must(200, "GET", api+"/notifications", staff.Token, nil).List()
	if len(notes) != 1 || notes[0]["related_id"] != own || notes[0]["title"] != "Leave approved" || notes[0]["from"] != boss.ID {
		t.Fatalf("notification after approval: %v", notes)
	}
	if n := len(e.Must(200, "GET", api+"/notifications", boss.Token, nil).List()); n != 0 {
		t.Fatalf("the approver got %d notifications", n)
	}
	if !hasAction(activities(e, co.Token, own), "updated") {
		t.Fatalf("no activity-log row for the decision")
	}

	// Omitting status, or sending null, keeps the decision (the original reset it to pending).
	d = e.Must(200, "PUT", api+"/leaves/"+own, boss.Token, map[string]any{"remarks": "Noted"}).Data()
	if d["status"] != "approved" {
		t.Fatalf("update without status reset the decision to %v", d["status"])
	}
	d = e.Must(200, "PUT", api+"/leaves/"+own, boss.Token, map[string]any{"status": nil}).Data()
	if d["status"] != "approved" {
		t.Fatalf("status null reset the decision to %v", d["status"])
	}

	// Once decided, the employee can no longer change it.
	if r := e.Do("PUT", api+"/leaves/"+own, staff.Token, map[string]any{"endDate": "2025-08-20"}); r.Status != 403 {
		t.Fatalf("staff editing a decided leave: %d, want 403: %s", r.Status, r.Raw)
	}
	if r := e.Do("PUT", api+"/leaves/"+own, staff.Token, map[string]any{"status": "pending"}); r.Status != 403 {
		t.Fatalf("staff re-opening a decided leave: %d, want 403", r.Status)
	}

	// The company owner holds the approval permission; a rejection notifies too.
	peerLeave := e.Must(201, "POST", api+"/leaves", staff.Token, leaveBody(peer, "2025-10-01", "2025-10-01")).ID()
	e.Must(200, "PUT", api+"/leaves/"+peerLeave, co.Token, map[string]any{"status": "rejected"})
	e.Must(200, "PUT", api+"/leaves/"+bossLeave, co.Token, map[string]any{"status": "rejected", "remarks": "Busy week"})
	notes = e.Must(200, "GET", api+"/notifications", boss.Token, nil).List()
	if len(notes) != 1 || notes[0]["title"] != "Leave rejected" || notes[0]["description"] != "Busy week" {
		t.Fatalf("notification after rejection: %v", notes)
	}
	// The approver cannot change their own request once decided either.
	if r := e.Do("PUT", api+"/leaves/"+bossLeave, boss.Token, map[string]any{"reason": "Please reconsider"}); r.Status != 403 {
		t.Fatalf("approver editing own decided leave: %d, want 403", r.Status)
	}
	// An approver of another company sees nothing.
	other := e.NewCompany()
	otherBoss := e.NewMember(other, hrm("leaves", "leave_approval"))
	e.Must(404, "PUT", api+"/leaves/"+peerLeave, otherBoss.Token, map[string]any{"status": "approved"})
}
