package projects

import (
	"context"
	"fmt"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/money"
)

// Milestone is a dated stage of a project, with a cost.
type Milestone struct {
	crud.Base
	RelatedID   string   `db:"related_id" json:"related_id" v:"readonly,filter"`
	Title       *string  `db:"milestone_title" json:"milestone_title" v:"search,sort"`
	Status      *string  `db:"milestone_status" json:"milestone_status" v:"max=50,filter"`
	Cost        db.Money `db:"milestone_cost" json:"milestone_cost" v:"sort"`
	Currency    *string  `db:"currency" json:"currency" v:"max=10"`
	Summary     *string  `db:"milestone_summary" json:"milestone_summary" v:"text"`
	StartDate   *db.Date `db:"milestone_start_date" json:"milestone_start_date" v:"sort"`
	EndDate     *db.Date `db:"milestone_end_date" json:"milestone_end_date" v:"sort"`
	AddToBudget bool     `db:"add_cost_to_project_budget" json:"add_cost_to_project_budget" v:"default=false"`
}

const milestoneDoc = "Rules: a milestone hangs on a project of the caller's company, named by the path on create. " +
	"`milestone_cost` is exact money (at most two decimals, not negative, below 10^13; 0 when absent). With " +
	"`add_cost_to_project_budget` true the cost is added to the project's `budget` in the same transaction; " +
	"clearing the flag, changing the cost or deleting the milestone adjusts the budget by the difference " +
	"(the original stored the flag and never applied it). `milestone_end_date` may not precede " +
	"`milestone_start_date` (422). `currency` is stored (the original dropped it). Every field is optional. " +
	"Needs the `crm.task` permission (the original's permission catalogue has no milestone entity)."

// Milestones is /milestones/{projectId}.
var Milestones = &crud.Resource[Milestone]{
	Name: "Milestone", Path: "/milestones", Table: "milestones", Tag: "Projects",
	Perm:   authz.Perm{Module: "crm", Entity: "task"},
	Parent: &crud.ParentSpec{Column: "related_id", Kinds: []string{"project"}},
	Doc:    milestoneDoc,
	Example: map[string]any{"milestone_title": "Design signed off", "milestone_status": "incomplete", "milestone_cost": "1500.00",
		"currency": "USD", "add_cost_to_project_budget": false, "milestone_summary": "Drawings approved",
		"milestone_start_date": "2025-02-01", "milestone_end_date": "2025-02-28"},
	Title: func(m *Milestone) string {
		if m.Title == nil {
			return ""
		}
		return *m.Title
	},
	Validate: func(ctx context.Context, c *crud.Call, row, old *Milestone) error {
		if row.Cost < 0 || int64(row.Cost) >= money.MaxMinor {
			return httpapi.Invalid("milestone_cost", `"milestone_cost" must be at least 0 and below 10000000000000`)
		}
		for _, d := range []**db.Date{&row.StartDate, &row.EndDate} {
			if *d != nil && **d == "" {
				*d = nil
			}
		}
		if row.StartDate != nil && row.EndDate != nil && before(*row.EndDate, *row.StartDate) {
			return httpapi.Invalid("milestone_end_date", `"milestone_end_date" must not be before "milestone_start_date"`)
		}
		return nil
	},
	AfterCreate: func(ctx context.Context, c *crud.Call, row *Milestone) error {
		return addToBudget(ctx, c, row, contribution(row))
	},
	AfterUpdate: func(ctx context.Context, c *crud.Call, old, row *Milestone) error {
		return addToBudget(ctx, c, row, contribution(row)-contribution(old))
	},
	AfterDelete: func(ctx context.Context, c *crud.Call, row *Milestone) error {
		return addToBudget(ctx, c, row, -contribution(row))
	},
}

// contribution is what a milestone adds to its project's budget.
func contribution(m *Milestone) db.Money {
	if m.AddToBudget {
		return m.Cost
	}
	return 0
}

// addToBudget adds delta to the budget of the milestone's project in the
// transaction in ctx. A budget that would leave [0, 10^13) is a 422 naming
// milestone_cost, and the transaction is rolled back.
func addToBudget(ctx context.Context, c *crud.Call, m *Milestone, delta db.Money) error {
	if delta == 0 {
		return nil
	}
	var budget int64
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT budget FROM projects WHERE id = ? AND company_id = ?`+forUpdate(c),
		m.RelatedID, m.CompanyID).Scan(&budget)
	if db.IsNoRows(err) {
		return httpapi.NotFound("Project not found")
	}
	if err != nil {
		return fmt.Errorf("projects: budget: %w", err)
	}
	next := budget + int64(delta)
	if next < 0 || next >= money.MaxMinor {
		return httpapi.Invalid("milestone_cost", fmt.Sprintf(`"milestone_cost" would bring the project's budget to %s, outside 0 to 10000000000000`,
			db.Money(next).String()))
	}
	_, err = c.Deps.DB.Q(ctx).ExecContext(ctx, `UPDATE projects SET budget = budget + ? WHERE id = ? AND company_id = ?`,
		int64(delta), m.RelatedID, m.CompanyID)
	if err != nil {
		return fmt.Errorf("projects: budget: %w", err)
	}
	return nil
}
