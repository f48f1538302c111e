package hr_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func attendanceBody(emps ...string) map[string]any {
	return map[string]any{"department": "Engineering", "employee": emps, "startDate": "2025-01-06", "startTime": "09:00",
		"endDate": "2025-01-06", "endTime": "17:30", "late": "No", "halfDay": "", "working_from": "Office", "comment": "ok"}
}

func TestAttendanceShapesAndRules(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	a, b := e.NewEmployee(co), e.NewEmployee(co)
	foreign := e.NewEmployee(other)

	r := e.Must(201, "POST", api+"/attendance", co.Token, attendanceBody(a, b))
	d := r.Data()
	if emps, _ := d["employee"].([]any); len(emps) != 2 || emps[0] != a {
		t.Fatalf("employee array not kept: %s", r.Raw)
	}
	if d["startTime"] != "09:00:00" || d["endTime"] != "17:30:00" || d["startDate"] != "2025-01-06" {
		t.Fatalf("times and dates: %s", r.Raw)
	}
	id := r.ID()

	// The original's update shape: employee as an object.
	u := e.Must(200, "PUT", api+"/attendance/"+id, co.Token, map[string]any{"employee": map[string]any{"employee": []string{b}}, "comment": "moved"}).Data()
	if obj, _ := u["employee"].(map[string]any); obj == nil || u["comment"] != "moved" || u["department"] != "Engineering" {
		t.Fatalf("object-shaped employee on update: %v", u)
	}
	testkit.MustInvalid(t, e.Do("PUT", api+"/attendance/"+id, co.Token, map[string]any{"employee": map[string]any{"x": foreign}}), "employee")
	testkit.MustInvalid(t, e.Do("PUT", api+"/attendance/"+id, co.Token, map[string]any{"employee": 42}), "employee")

	// Employee references must be employees of the caller's company.
	testkit.MustInvalid(t, e.Do("POST", api+"/attendance", co.Token, attendanceBody(a, foreign)), "employee")
	testkit.MustInvalid(t, e.Do("POST", api+"/attendance", co.Token, attendanceBody()), "employee")
	testkit.MustInvalid(t, e.Do("POST", api+"/attendance", co.Token, attendanceBody("' OR 1=1 --")), "employee")

	// The end may not come before the start.
	bad := attendanceBody(a)
	bad["endTime"] = "08:00"
	testkit.MustInvalid(t, e.Do("POST", api+"/attendance", co.Token, bad), "endTime")
	bad = attendanceBody(a)
	bad["endDate"] = "2025-01-05"
	testkit.MustInvalid(t, e.Do("POST", api+"/attendance", co.Token, bad), "endDate")
	testkit.MustInvalid(t, e.Do("PUT", api+"/attendance/"+id, co.Token, map[string]any{"startTime": "18:00"}), "endTime")
	bad = attendanceBody(a)
	bad["startTime"] = "9am"
	testkit.MustInvalid(t, e.Do("POST", api+"/attendance", co.Token, bad), "startTime")
	// An overnight shift is fine.
	night := attendanceBody(a)
	night["startTime"], night["endDate"], night["endTime"] = "22:00", "2025-01-07", "06:00"
	e.Must(201, "POST", api+"/attendance", co.Token, night)

	if n := len(e.Must(200, "GET", api+"/attendance", co.Token, nil).List()); n != 2 {
		t.Fatalf("%d attendance rows, want 2", n)
	}
}

func TestAttendanceBulkJSON(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	a, b := e.NewEmployee(co), e.NewEmployee(co)
	foreign := e.NewEmployee(other)

	good := []any{attendanceBody(a), attendanceBody(a, b), attendanceBody(b)}
	r := e.Must(201, "POST", api+"/attendance/bulk", co.Token, good)
	rows, _ := r.Body["data"].([]any)
	if len(rows) != 3 {
		t.Fatalf("bulk answered %d rows: %s", len(rows), r.Raw)
	}
	for _, row := range r.List() {
		if !hasAction(activities(e, co.Token, row["id"].(string)), "created") {
			t.Fatalf("no activity-log row for imported %v", row["id"])
		}
	}

	// One bad row: nothing is imported, and every failure is listed by row.
	endFirst := attendanceBody(b)
	endFirst["endTime"] = "07:00"
	bad := []any{attendanceBody(a), attendanceBody(foreign), attendanceBody(b), endFirst, map[string]any{"department": "X"}}
	r = e.Do("POST", api+"/attendance/bulk", co.Token, bad)
	if r.Status != 422 {
		t.Fatalf("bulk with bad rows: %d, want 422: %s", r.Status, r.Raw)
	}
	errs, _ := r.Body["errors"].([]any)
	rowsWithErr := map[float64]bool{}
	for _, x := range errs {
		m := x.(map[string]any)
		rowsWithErr[m["row"].(float64)] = true
		if m["row"] == 2.0 && m["field"] != "employee" || m["row"] == 4.0 && m["field"] != "endTime" {
			t.Fatalf("wrong field for row %v: %v", m["row"], m)
		}
	}
	if len(rowsWithErr) != 3 || !rowsWithErr[2] || !rowsWithErr[4] || !rowsWithErr[5] {
		t.Fatalf("errors should name rows 2, 4 and 5: %s", r.Raw)
	}
	if !strings.Contains(r.Message(), "nothing was imported") {
		t.Fatalf("message: %q", r.Message())
	}
	if n := len(e.Must(200, "GET", api+"/attendance", co.Token, nil).List()); n != 3 {
		t.Fatalf("%d rows after a refused import, want 3 (nothing imported)", n)
	}

	e.Must(400, "POST", api+"/attendance/bulk", co.Token, map[string]any{"department": "not an array"})
	e.Must(400, "POST", api+"/attendance/bulk", co.Token, "[1, 2]")
	e.Must(400, "POST", api+"/attendance/bulk", co.Token, "[{")
	testkit.MustInvalid(t, e.Do("POST", api+"/attendance/bulk", co.Token, []any{}), "rows")

	// The import needs hrm.attendance.create.
	viewer := e.NewMember(co, nil)
	if r := e.Do("POST", api+"/attendance/bulk", viewer.Token, good); r.Status != 403 {
		t.Fatalf("bulk without permission: %d, want 403", r.Status)
	}
	clerk := e.NewMember(co, hrm("attendance"))
	e.Must(201, "POST", api+"/attendance/bulk/", clerk.Token, good[:1])
	if r := e.Do("POST", api+"/attendance/bulk", "", good); r.Status != 401 {
		t.Fatalf("bulk without a token: %d, want 401", r.Status)
	}
}

func TestAttendanceBulkCSV(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	a, b := e.NewEmployee(co), e.NewEmployee(co)
	foreign := e.NewEmployee(other)

	csv := "\xEF\xBB\xBFDepartment,Employee,Start Date,startTime,endDate,endTime,late,halfDay,working_from,comment,ignored\n" +
		fmt.Sprintf("Engineering,\"%s, %s\",2025-02-03,09:00,2025-02-03,18:00,No,No,Office,\"first, row\",x\n", a, b) +
		",,,,,,,,,,\n" +
		fmt.Sprintf("Sales,%s,2025-02-04,10:00:00,2025-02-04,14:00,Yes,,Home,,\n", b)
	r := upload(t, e, api+"/attendance/bulk", co.Token, "file", "attendance.csv", []byte(csv))
	if r.Status != 201 {
		t.Fatalf("CSV import: %d: %s", r.Status, r.Raw)
	}
	rows := r.List()
	if len(rows) != 2 {
		t.Fatalf("CSV import made %d rows: %s", len(rows), r.Raw)
	}
	if emps, _ := rows[0]["employee"].([]any); len(emps) != 2 || emps[1] != b || rows[0]["comment"] != "first, row" || rows[0]["startTime"] != "09:00:00" {
		t.Fatalf("first CSV row: %v", rows[0])
	}
	if rows[1]["halfDay"] != nil || rows[1]["working_from"] != "Home" {
		t.Fatalf("second CSV row: %v", rows[1])
	}

	// A text/csv body works too.
	r = postRaw(t, e, api+"/attendance/bulk", co.Token, "text/csv; charset=utf-8",
		fmt.Sprintf("department,employee,startDate,startTime,endDate,endTime\r\nOps,%s,2025-02-10,08:00,2025-02-10,12:00\r\n", a))
	if r.Status != 201 || len(r.List()) != 1 {
		t.Fatalf("text/csv import: %d: %s", r.Status, r.Raw)
	}
	// One bad line: nothing imported, errors carry the file's line numbers.
	bad := "department,employee,startDate,startTime,endDate,endTime\n" +
		fmt.Sprintf("Engineering,%s,2025-02-05,09:00,2025-02-05,18:00\n", a) +
		fmt.Sprintf("Engineering,%s,2025-02-05,09:00,2025-02-05,18:00\n", foreign) +
		fmt.Sprintf("Engineering,%s,2025-02-06,09:00,2025-02-05,18:00\n", a) +
		fmt.Sprintf("Engineering,%s,2025-02-07,9 o'clock,2025-02-07,18:00\n", a)
	r = upload(t, e, api+"/attendance/bulk", co.Token, "file", "attendance.csv", []byte(bad))
	if r.Status != 422 {
		t.Fatalf("bad CSV: %d, want 422: %s", r.Status, r.Raw)
	}
	lines := map[float64]string{}
	for _, x := range r.Body["errors"].([]any) {
		m := x.(map[string]any)
		lines[m["line"].(float64)], _ = m["field"].(string)
	}
	if len(lines) != 3 || lines[3] != "employee" || lines[4] != "endDate" || lines[5] != "startTime" {
		t.Fatalf("CSV errors by line: %v (%s)", lines, r.Raw)
	}
	if n := len(e.Must(200, "GET", api+"/attendance", co.Token, nil).List()); n != 3 {
		t.Fatalf("%d rows after a refused CSV import, want 3", n)
	}

	testkit.MustInvalid(t, upload(t, e, api+"/attendance/bulk", co.Token, "file", "a.csv", []byte("department,employee,startDate\nX,Y,2025-01-01\n")), "file")
	testkit.MustInvalid(t, upload(t, e, api+"/attendance/bulk", co.Token, "file", "a.xlsx", []byte("PK\x03\x04rest-of-a-workbook")), "file")
	testkit.MustInvalid(t, upload(t, e, api+"/attendance/bulk", co.Token, "upload", "a.csv", []byte(csv)), "file")
	testkit.MustInvalid(t, upload(t, e, api+"/attendance/bulk", co.Token, "file", "a.csv", []byte("department,employee,startDate,startTime,endDate,endTime\n")), "rows")
}
