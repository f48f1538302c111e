package hr_test

import (
	"encoding/json"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

// TestMeetingWithoutEndTime: the web client's meeting form sends
// {department, employee, title, date, startTime, description} and never an
// end; the meeting ends an hour after its start, at most at 23:59:59.
func TestMeetingWithoutEndTime(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	emp := e.NewEmployee(co)
	form := func(start string) map[string]any {
		return map[string]any{"department": "Engineering", "employee": emp, "title": "Stand-up", "date": "2025-03-03",
			"startTime": start, "description": "Daily sync"}
	}
	for start, end := range map[string]string{"10:00": "11:00:00", "09:15:30": "10:15:30", "23:00": "23:59:59", "23:30": "23:59:59", "23:59": "23:59:59"} {
		m := e.Must(201, "POST", api+"/meetings", co.Token, form(start)).Data()
		if m["endTime"] != end {
			t.Fatalf("start %s: endTime %v, want %s", start, m["endTime"], end)
		}
		if got := e.Must(200, "GET", api+"/meetings/"+m["id"].(string), co.Token, nil).Data(); got["endTime"] != end {
			t.Fatalf("start %s: stored endTime %v, want %s", start, got["endTime"], end)
		}
	}
	// null and "" are the same as no end.
	for _, none := range []any{nil, ""} {
		b := form("14:00")
		b["endTime"] = none
		if m := e.Must(201, "POST", api+"/meetings", co.Token, b).Data(); m["endTime"] != "15:00:00" {
			t.Fatalf("endTime %#v: got %v", none, m["endTime"])
		}
	}
	// No later time of the day exists.
	testkit.MustInvalid(t, e.Do("POST", api+"/meetings", co.Token, form("23:59:59")), "startTime")
	// An explicit end still wins and is still checked.
	b := form("10:00")
	b["endTime"] = "10:20"
	m := e.Must(201, "POST", api+"/meetings", co.Token, b).Data()
	if m["endTime"] != "10:20:00" {
		t.Fatalf("explicit end: %v", m["endTime"])
	}
	b["endTime"] = "09:00"
	testkit.MustInvalid(t, e.Do("POST", api+"/meetings", co.Token, b), "endTime")

	// Updates without an end (the edit form sends none) keep the current one.
	id := m["id"].(string)
	for _, body := range []map[string]any{form("10:05"), {"startTime": "10:10", "endTime": nil}, {"title": "Renamed", "endTime": ""}} {
		if u := e.Must(200, "PUT", api+"/meetings/"+id, co.Token, body).Data(); u["endTime"] != "10:20:00" {
			t.Fatalf("update %v: endTime %v", body, u["endTime"])
		}
	}
	// Moving the start past the kept end is refused and changes nothing.
	testkit.MustInvalid(t, e.Do("PUT", api+"/meetings/"+id, co.Token, form("11:00")), "endTime")
	if got := e.Must(200, "GET", api+"/meetings/"+id, co.Token, nil).Data(); got["startTime"] != "10:10:00" || got["endTime"] != "10:20:00" || got["title"] != "Renamed" {
		t.Fatalf("after the refused update: %v", got)
	}
}

// TestLeaveWebClientNames: the web client's leave form sends employee_id and
// remark; they are read as employeeId and remarks, answers keep the
// canonical names, and two different values for one field are refused.
func TestLeaveWebClientNames(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	emp, emp2 := e.NewEmployee(co), e.NewEmployee(co)
	count := func() int { return len(e.Must(200, "GET", api+"/leaves", co.Token, nil).List()) }

	form := map[string]any{"employee_id": emp, "leaveType": "sick", "startDate": "2025-07-01", "endDate": "2025-07-02",
		"reason": "Flu", "remark": "Doctor's note to follow"}
	r := e.Must(201, "POST", api+"/leaves", co.Token, form)
	d := r.Data()
	if d["employeeId"] != emp || d["remarks"] != "Doctor's note to follow" || d["status"] != "pending" || d["days"] != 2.0 {
		t.Fatalf("created from the web form: %s", r.Raw)
	}
	if _, ok := d["employee_id"]; ok {
		t.Fatalf("answer uses the alias: %s", r.Raw)
	}
	if _, ok := d["remark"]; ok {
		t.Fatalf("answer uses the alias: %s", r.Raw)
	}
	id := r.ID()

	// Both names with one value are fine; with two values the alias is named and nothing is stored.
	same := leaveBody(emp2, "2025-07-10", "2025-07-10")
	same["employee_id"], same["remarks"], same["remark"] = " "+emp2+" ", "x", "x"
	e.Must(201, "POST", api+"/leaves", co.Token, same)
	n := count()
	clash := leaveBody(emp, "2025-08-01", "2025-08-01")
	clash["employee_id"] = emp2
	testkit.MustInvalid(t, e.Do("POST", api+"/leaves", co.Token, clash), "employee_id")
	clash = leaveBody(emp, "2025-08-01", "2025-08-01")
	clash["remarks"], clash["remark"] = "a", "b"
	testkit.MustInvalid(t, e.Do("POST", api+"/leaves", co.Token, clash), "remark")
	clash["remark"] = nil
	testkit.MustInvalid(t, e.Do("POST", api+"/leaves", co.Token, clash), "remark")
	if count() != n {
		t.Fatal("a refused create stored a leave")
	}

	// Updates: the edit form, then ViewLeave's decision with its remark.
	u := e.Must(200, "PUT", api+"/leaves/"+id, co.Token, map[string]any{"employee_id": emp2, "reason": "Flu", "remark": "Moved"}).Data()
	if u["employeeId"] != emp2 || u["remarks"] != "Moved" {
		t.Fatalf("updated from the web form: %v", u)
	}
	testkit.MustInvalid(t, e.Do("PUT", api+"/leaves/"+id, co.Token, map[string]any{"remark": "Approved", "remarks": "Rejected", "status": "approved"}), "remark")
	if got := e.Must(200, "GET", api+"/leaves/"+id, co.Token, nil).Data(); got["status"] != "pending" || got["remarks"] != "Moved" {
		t.Fatalf("a refused update changed the leave: %v", got)
	}
	dec := e.Must(200, "PUT", api+"/leaves/"+id, co.Token, map[string]any{"id": id, "employee_id": emp2, "leaveType": "sick",
		"startDate": "2025-07-01", "endDate": "2025-07-02", "reason": "Flu", "remark": "Get well", "status": "approved"}).Data()
	if dec["status"] != "approved" || dec["remarks"] != "Get well" {
		t.Fatalf("decision from ViewLeave: %v", dec)
	}

	// The token is checked before the body is read.
	if r := e.Do("POST", api+"/leaves", "", `{"employee_id":`); r.Status != 401 {
		t.Fatalf("no token, malformed body: %d %s", r.Status, r.Raw)
	}
	if r := e.Do("PUT", api+"/leaves/"+id, co.Token, `{"remark":`); r.Status != 400 {
		t.Fatalf("malformed body: %d %s", r.Status, r.Raw)
	}

	// The documented request schema names the aliases.
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(e.Must(200, "GET", api+"/openapi.json", "", nil).Raw, &doc); err != nil {
		t.Fatal(err)
	}
	for _, alias := range []string{"employee_id", "remark"} {
		if _, ok := doc.Components.Schemas["LeaveInput"].Properties[alias]; !ok {
			t.Errorf("LeaveInput does not document %s", alias)
		}
	}
}
