package hr_test

import (
	"testing"
)

// TestMeetingWithoutEndTime: the web client's meeting form sends
// {department, employee, title, date, startTime, description} and never an
// end; the meeting ends an hour after its start, at most at 23:59:59.
func TestMeetingWithoutEndTime(t *testing.T) {
	t.Parallel()
	e := env(t)
	co := e.NewCompany()
	emp := newEmployee(e, co)
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
	mustInvalid(t, e.Do("POST", api+"/meetings", co.Token, form("23:59:59")), "startTime")
	// An explicit end still wins and is still checked.
	b := form("10:00")
	b["endTime"] = "10:20"
	m := e.Must(201, "POST", api+"/meetings", co.Token, b).Data()
	if m["endTime"] != "10:20:00" {
		t.Fatalf("explicit end: %v", m["endTime"])
	}
	b["endTime"] = "09:00"
	mustInvalid(t, e.Do("POST", api+"/meetings", co.Token, b), "endTime")

	// Updates without an end (the edit form sends none) keep the current one.
	id := m["id"].(string)
	for _, body := range []map[string]any{form("10:05"), {"startTime": "10:10", "endTime": nil}, {"title": "Renamed", "endTime": ""}} {
		if u := e.Must(200, "PUT", api+"/meetings/"+id, co.Token, body).Data(); u["endTime"] != "10:20:00" {
			t.Fatalf("update %v: endTime %v", body, u["endTime"])
		}
	}
	// Moving the start past the kept end is refused and changes nothing.
	mustInvalid(t, e.Do("PUT", api+"/meetings/"+id, co.Token, form("11:00")), "endTime")
	if got := e.Must(200, "GET", api+"/meetings/"+id, co.Token, nil).Data(); got["startTime"] != "10:10:00" || got["endTime"] != "10:20:00" || got["title"] != "Renamed" {
		t.Fatalf("after the refused update: %v", got)
	}
}
