package hr

import (
	"context"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Attendance is one attendance entry, which may cover several employees of a
// department for one period.
type Attendance struct {
	crud.Base
	Department  string  `db:"department" json:"department" v:"required,filter,search,sort"`
	Employee    db.JSON `db:"employee" json:"employee" v:"required,max=20000"`
	StartDate   db.Date `db:"start_date" json:"startDate" v:"required,filter,sort"`
	StartTime   string  `db:"start_time" json:"startTime" v:"required,pattern=time"`
	EndDate     db.Date `db:"end_date" json:"endDate" v:"required,filter,sort"`
	EndTime     string  `db:"end_time" json:"endTime" v:"required,pattern=time"`
	Late        *string `db:"late" json:"late"`
	HalfDay     *string `db:"half_day" json:"halfDay"`
	WorkingFrom *string `db:"working_from" json:"working_from" v:"filter"`
	Comment     *string `db:"comment" json:"comment" v:"text,search"`
}

const attendanceDoc = "Rules: `employee` lists the employees the entry covers, as an array of employee ids " +
	"(the original's create shape) or an object whose values are employee ids or arrays of them (the original's " +
	"update shape); it is stored and returned as sent. Every id must be an employee of the caller's company " +
	"(otherwise 422 naming `employee`). `startTime`/`endTime` accept HH:MM or HH:MM:SS and are returned as " +
	"HH:MM:SS. The end (`endDate` + `endTime`) may not be before the start (422). " +
	"Many entries can be imported at once with POST /attendance/bulk."

// Attendances is /attendance.
var Attendances = &crud.Resource[Attendance]{
	Name: "Attendance", Plural: "Attendances", Path: "/attendance", Table: "attendances", Tag: "HRM", Busy: true,
	Perm: authz.Perm{Module: "hrm", Entity: "attendance"},
	Doc:  attendanceDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		emp := newEmployee(f)
		return map[string]any{"department": "Engineering", "employee": []string{emp}, "startDate": "2025-01-06",
			"startTime": "09:00:00", "endDate": "2025-01-06", "endTime": "17:30:00", "late": "No", "halfDay": "No",
			"working_from": "Office", "comment": "On time"}
	},
	Title:    func(a *Attendance) string { return a.Department + " " + string(a.StartDate) },
	Validate: validateAttendance,
}

func validateAttendance(ctx context.Context, c *crud.Call, row, old *Attendance) error {
	row.StartTime = normTime(row.StartTime)
	row.EndTime = normTime(row.EndTime)
	if string(row.EndDate)+" "+row.EndTime < string(row.StartDate)+" "+row.StartTime {
		field := "endDate"
		if row.EndDate == row.StartDate {
			field = "endTime"
		}
		return httpapi.Invalid(field, `the end ("endDate" "endTime") must not be before the start ("startDate" "startTime")`)
	}
	if old == nil || c.Present("employee") {
		ids, msg := employeeIDs("employee", row.Employee)
		if msg != "" {
			return httpapi.Invalid("employee", msg)
		}
		return requireEmployees(ctx, c, "employee", ids)
	}
	return nil
}

// newEmployee creates an employee for a conformance-suite sample.
func newEmployee(f crud.Fixturer) string {
	u := "e" + f.Unique()
	return f.Create("/employees", map[string]any{"username": u, "email": u + "@example.com", "password": "Tidal-Orbit-Canvas-47"})
}
