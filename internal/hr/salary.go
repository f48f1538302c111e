package hr

import (
	"context"
	"fmt"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// EmployeeSalary is the salary of one employee; each employee has at most one.
type EmployeeSalary struct {
	crud.Base
	EmployeeID string   `db:"employee_id" json:"employee_id" v:"required,filter"`
	Currency   string   `db:"currency" json:"currency" v:"required,filter"`
	AnnualCTC  db.Money `db:"annual_ctc" json:"annual_CTC" v:"required,sort"`
}

const salaryDoc = "Rules: `employee_id` must be an employee of the caller's company (422). Each employee has at most " +
	"one salary row: creating a second one (or moving a row onto an employee who has one) answers 409. " +
	"`annual_CTC` is an exact amount with at most two decimals, not negative. An update answers the row as it is " +
	"after the update."

// Salaries is /employeeSalary.
var Salaries = &crud.Resource[EmployeeSalary]{
	Name: "Employee salary", Plural: "Employee salaries", Path: "/employeeSalary", Table: "employee_salaries", Tag: "HRM",
	Perm: authz.Perm{Module: "hrm", Entity: "salary"},
	Doc:  salaryDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		return map[string]any{"employee_id": newEmployee(f), "currency": "INR", "annual_CTC": 1200000.5}
	},
	Title: func(s *EmployeeSalary) string { return s.Currency },
	Validate: func(ctx context.Context, c *crud.Call, row, old *EmployeeSalary) error {
		if old == nil || c.Present("employee_id") {
			return requireEmployee(ctx, c, "employee_id", row.EmployeeID)
		}
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *EmployeeSalary) error {
		return oneSalary(ctx, c, row)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *EmployeeSalary) error {
		if row.EmployeeID == old.EmployeeID {
			return nil
		}
		return oneSalary(ctx, c, row)
	},
}

// oneSalary answers 409 when the employee already has another salary row.
// The unique index on (company_id, employee_id) settles concurrent writes.
func oneSalary(ctx context.Context, c *crud.Call, row *EmployeeSalary) error {
	var other string
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT id FROM employee_salaries WHERE company_id = ? AND employee_id = ? AND id <> ?`,
		row.CompanyID, row.EmployeeID, row.ID).Scan(&other)
	if err == nil {
		return &httpapi.Error{Status: 409, Message: "Employee salary already exists for this employee",
			Fields: []httpapi.FieldError{{Field: "employee_id", Message: "already has a salary (" + other + ")"}}}
	}
	if !db.IsNoRows(err) {
		return fmt.Errorf("hr: salary check: %w", err)
	}
	return nil
}
