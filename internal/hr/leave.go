package hr

import (
	"context"
	"fmt"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/org"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Leave statuses.
const (
	LeavePending  = "pending"
	LeaveApproved = "approved"
	LeaveRejected = "rejected"
)

// ApprovalPerm is the permission whose update action lets its holder approve
// or reject leave requests of their company (a company owner holds it).
var ApprovalPerm = authz.Perm{Module: "hrm", Entity: "leave_approval"}

// Leave is an employee's leave request and its decision.
type Leave struct {
	crud.Base
	EmployeeID string  `db:"employee_id" json:"employeeId" v:"required,filter,alias=employee_id"`
	StartDate  db.Time `db:"start_date" json:"startDate" v:"required,sort"`
	EndDate    db.Time `db:"end_date" json:"endDate" v:"required,sort"`
	LeaveType  string  `db:"leave_type" json:"leaveType" v:"required,enum=sick|casual|annual|other,filter"`
	Reason     string  `db:"reason" json:"reason" v:"required,text,search"`
	Status     string  `db:"status" json:"status" v:"enum=pending|approved|rejected,default=pending,filter,sort"`
	Remarks    *string `db:"remarks" json:"remarks" v:"alias=remark"`
	IsHalfDay  bool    `db:"is_half_day" json:"isHalfDay" v:"filter"`
	Days       float64 `db:"days" json:"days" v:"readonly,sort"`
}

const leaveDoc = "Rules: `employeeId` must be an employee of the caller's company (422). A new request is always " +
	"`pending`, whatever `status` the body carries. `endDate` may not be before `startDate` (422). A half-day leave " +
	"(`isHalfDay`) lies within one day: `startDate` and `endDate` must fall on the same (UTC) calendar day (422). " +
	"The server computes `days` (read-only): the number of calendar days from the start day to the end day " +
	"inclusive, or 0.5 for a half-day leave. A request may not overlap (by calendar day) another pending or " +
	"approved leave of the same employee (422); rejected requests do not count. " +
	"Approving or rejecting is a PUT that changes `status` (with optional `remarks`); it needs the " +
	"`hrm.leave_approval.update` permission (a company owner holds it) and is never allowed on one's own request " +
	"(403). Omitting `status` (or sending null) on update keeps the current decision. Without the approval " +
	"permission a caller holding `hrm.leaves.update` may edit a pending request's dates, type, reason and half-day " +
	"flag but not its status, and may not edit a request once it is decided (403); nobody may change their own " +
	"request once it is decided (403). A decision (approved or " +
	"rejected) notifies the employee (GET /notifications) and mails them the same text when their account has an e-mail address. The web client's names `employee_id` and `remark` are " +
	"accepted on create and update as aliases of `employeeId` and `remarks`; when a body carries both names of a " +
	"field with different values it is refused (422 naming the alias). Answers use `employeeId` and `remarks`."

// Leaves is /leaves. Its input fields employeeId and remarks also take the
// web client's leave form names, employee_id and remark (tag option alias).
var Leaves = &crud.Resource[Leave]{
	Name: "Leave", Path: "/leaves", Table: "leaves", Tag: "HRM",
	Perm: authz.Perm{Module: "hrm", Entity: "leaves"},
	Doc:  leaveDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		emp := newEmployee(f)
		return map[string]any{"employeeId": emp, "startDate": "2025-03-03", "endDate": "2025-03-05",
			"leaveType": "casual", "reason": "Family event", "isHalfDay": false}
	},
	Title: func(l *Leave) string { return l.LeaveType },
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Leave) error {
		row.Status = LeavePending
		ok, err := lockEmployee(ctx, c, row.EmployeeID)
		if err != nil {
			return err
		}
		if !ok {
			return notEmployee("employeeId", row.EmployeeID)
		}
		return checkLeave(ctx, c, row)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Leave) error {
		if row.Status == "" {
			row.Status = old.Status // null does not reset the decision
		}
		approver := c.P.Can(ApprovalPerm, authz.Update)
		own := old.EmployeeID == c.P.ID || row.EmployeeID == c.P.ID
		switch {
		case row.Status != old.Status && !approver:
			return httpapi.Forbidden("Only a holder of the hrm.leave_approval permission may approve or reject leave")
		case row.Status != old.Status && own:
			return httpapi.Forbidden("You cannot approve or reject your own leave request")
		case old.Status != LeavePending && !approver:
			return httpapi.Forbidden("This leave request has been " + old.Status + "; only a leave approver may change it")
		case old.Status != LeavePending && own:
			return httpapi.Forbidden("You cannot change your own leave request once it has been " + old.Status)
		}
		for _, id := range []string{old.EmployeeID, row.EmployeeID} {
			ok, err := lockEmployee(ctx, c, id)
			if err != nil {
				return err
			}
			if !ok && id == row.EmployeeID && c.Present("employeeId") {
				return notEmployee("employeeId", row.EmployeeID)
			}
			if old.EmployeeID == row.EmployeeID {
				break
			}
		}
		return checkLeave(ctx, c, row)
	},
	AfterUpdate: func(ctx context.Context, c *crud.Call, old, row *Leave) error {
		if row.Status == old.Status || row.Status == LeavePending {
			return nil
		}
		msg := fmt.Sprintf("%s %s your %s leave from %s to %s", c.P.Username, row.Status, row.LeaveType, day(row.StartDate), day(row.EndDate))
		var desc string
		if row.Remarks != nil {
			desc = *row.Remarks
		}
		return org.Notify(ctx, c.Deps.DB, org.Note{CompanyID: row.CompanyID, Users: []string{row.EmployeeID}, RelatedID: row.ID,
			Title: "Leave " + row.Status, Message: msg, Description: desc, From: c.P.ID, Mail: true})
	},
}

func day(t db.Time) string { return t.Std().Format("2006-01-02") }

func startOfDay(t db.Time) time.Time {
	s := t.Std()
	return time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)
}

// checkLeave validates the dates, computes the number of days and rejects an
// overlap with another live request of the same employee.
func checkLeave(ctx context.Context, c *crud.Call, row *Leave) error {
	if row.EndDate < row.StartDate {
		return httpapi.Invalid("endDate", `"endDate" must not be before "startDate"`)
	}
	first, last := startOfDay(row.StartDate), startOfDay(row.EndDate)
	if row.IsHalfDay {
		if !first.Equal(last) {
			return httpapi.Invalid("endDate", `"endDate" must be the same day as "startDate" for a half-day leave`)
		}
		row.Days = 0.5
	} else {
		row.Days = float64(last.Sub(first)/(24*time.Hour)) + 1
	}
	if row.Status == LeaveRejected {
		return nil
	}
	var other string
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx,
		`SELECT id FROM leaves WHERE company_id = ? AND employee_id = ? AND id <> ? AND status IN ('pending', 'approved')
		 AND start_date < ? AND end_date >= ? LIMIT 1`,
		row.CompanyID, row.EmployeeID, row.ID, last.AddDate(0, 0, 1).UnixMilli(), first.UnixMilli()).Scan(&other)
	if err == nil {
		return httpapi.Invalid("startDate", "The employee already has a pending or approved leave ("+other+") overlapping these dates")
	}
	if !db.IsNoRows(err) {
		return fmt.Errorf("hr: leave overlap: %w", err)
	}
	return nil
}
