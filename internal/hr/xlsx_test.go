package hr_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/testkit"
	"github.com/xuri/excelize/v2"
)

// workbook builds an .xlsx whose first sheet holds rows from A1 on.
func workbook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	timeStyle, err := f.NewStyle(&excelize.Style{NumFmt: 20}) // h:mm
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if d, ok := v.(time.Duration); ok { // a time of day, stored as Excel does: a fraction of a day
				if err := f.SetCellFloat("Sheet1", cell, d.Hours()/24, -1, 64); err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellStyle("Sheet1", cell, cell, timeStyle); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestAttendanceBulkXLSX(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	a, b := e.NewEmployee(co), e.NewEmployee(co)
	foreign := e.NewEmployee(other)
	day := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	header := []any{"Department", "Employee", "Start Date", "Start Time", "End Date", "End Time", "Late", "Half Day", "Working From", "Comment"}

	good := workbook(t, [][]any{
		header,
		{"Engineering", a + ", " + b, day, 9 * time.Hour, day, 17*time.Hour + 30*time.Minute, false, "No", "Office", "from Excel"},
		{},
		{"Sales", b, "2025-03-04", "10:00", "2025-03-04", "14:00:00", "Yes", nil, "Home", nil},
	})
	r := upload(t, e, api+"/attendance/bulk", co.Token, "file", "attendance.xlsx", good)
	if r.Status != 201 {
		t.Fatalf("xlsx import: %d: %s", r.Status, r.Raw)
	}
	rows := r.List()
	if len(rows) != 2 {
		t.Fatalf("xlsx import made %d rows: %s", len(rows), r.Raw)
	}
	first := rows[0]
	if emps, _ := first["employee"].([]any); len(emps) != 2 || emps[0] != a || emps[1] != b {
		t.Fatalf("first row's employees: %v", first["employee"])
	}
	if first["startDate"] != "2025-03-03" || first["startTime"] != "09:00:00" || first["endTime"] != "17:30:00" ||
		first["late"] != "FALSE" || first["comment"] != "from Excel" {
		t.Fatalf("first xlsx row: %v", first)
	}
	if rows[1]["startDate"] != "2025-03-04" || rows[1]["startTime"] != "10:00:00" || rows[1]["halfDay"] != nil || rows[1]["working_from"] != "Home" {
		t.Fatalf("second xlsx row: %v", rows[1])
	}

	// All or nothing, errors by sheet row.
	bad := workbook(t, [][]any{
		header,
		{"Engineering", a, day, 9 * time.Hour, day, 18 * time.Hour},
		{"Engineering", foreign, day, 9 * time.Hour, day, 18 * time.Hour},
		{"Engineering", a, day.AddDate(0, 0, 2), 9 * time.Hour, day, 18 * time.Hour},
	})
	before := len(e.Must(200, "GET", api+"/attendance", co.Token, nil).List())
	r = upload(t, e, api+"/attendance/bulk", co.Token, "file", "attendance.xlsx", bad)
	if r.Status != 422 {
		t.Fatalf("bad xlsx: %d, want 422: %s", r.Status, r.Raw)
	}
	lines := map[float64]string{}
	for _, x := range r.Body["errors"].([]any) {
		m := x.(map[string]any)
		lines[m["line"].(float64)], _ = m["field"].(string)
	}
	if len(lines) != 2 || lines[3] != "employee" || lines[4] != "endDate" {
		t.Fatalf("xlsx errors by sheet row: %v (%s)", lines, r.Raw)
	}
	if n := len(e.Must(200, "GET", api+"/attendance", co.Token, nil).List()); n != before {
		t.Fatalf("a refused xlsx import changed the rows: %d → %d", before, n)
	}
	testkit.MustInvalid(t, upload(t, e, api+"/attendance/bulk", co.Token, "file", "a.xlsx", workbook(t, [][]any{{"department", "employee"}, {"X", a}})), "file")
	testkit.MustInvalid(t, upload(t, e, api+"/attendance/bulk", co.Token, "file", "a.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0, 0}), "file")
}
