package projects

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/money"
)

// ProjectReport is a dated status report on a project: the original's
// free-text fields plus a summary the server computes from the project's rows.
type ProjectReport struct {
	crud.Base
	Project        string  `db:"project_id" json:"project" v:"required,filter"`
	StartDate      db.Date `db:"start_date" json:"startdate" v:"required,sort"`
	EndDate        db.Date `db:"end_date" json:"enddate" v:"required,sort"`
	ProjectMembers db.JSON `db:"project_members" json:"projectMembers" v:"required,shape=object,max=100000"`
	Completion     string  `db:"completion" json:"completion" v:"required,max=50"`
	Status         string  `db:"status" json:"status" v:"required,enum=in-progress|on-hold|completed|cancelled,filter,sort"`
	Summary        db.JSON `db:"summary" json:"summary" v:"readonly"`
}

const reportDoc = "Rules: `project` is the id of a project of the caller's company (422). `status` is one of " +
	"in-progress, on-hold, completed, cancelled (422; the original failed with 500). `enddate` may not precede " +
	"`startdate` (422). `projectMembers` is a JSON object and `completion` free text, as in the original. " +
	"`summary` is read-only and computed by the server from the project's rows when the report is created or " +
	"updated (a PUT with an empty body refreshes it): {asOf, budget, estimatedHours, tasks: {total, byStatus}, " +
	"milestones: {total, byStatus, cost, addedToBudget}, expenses, invoiced, paid, amountDue}, amounts as decimal " +
	"strings. `expenses` (Σ the project's expense prices), `invoiced` (Σ its invoice totals), `paid` (Σ its " +
	"payments) and `amountDue` (Σ its invoices' amount_due) are objects keyed by ISO 4217 currency code, e.g. " +
	"{\"USD\": \"120.50\", \"EUR\": \"10.00\"}: amounts in different currencies are never added together, each " +
	"sum is exact with the currency's digits, and a project without such rows has {}. `amountDue` has a key for " +
	"every currency invoiced. Hours are not tracked (there are no timesheets), so only the estimate is given."

// ProjectReports is /project-reports.
var ProjectReports = &crud.Resource[ProjectReport]{
	Name: "Project report", Path: "/project-reports", Table: "project_reports", Tag: "Projects",
	Perm: authz.Perm{Module: "crm", Entity: "project_report"},
	Doc:  reportDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		p := f.Create("/projects", projectBody("Project "+f.Unique()))
		return map[string]any{"project": p, "startdate": "2025-01-01", "enddate": "2025-01-31",
			"projectMembers": map[string]any{"members": []string{}}, "completion": "40%", "status": "in-progress"}
	},
	Validate: func(ctx context.Context, c *crud.Call, row, old *ProjectReport) error {
		if before(row.EndDate, row.StartDate) {
			return httpapi.Invalid("enddate", `"enddate" must not be before "startdate"`)
		}
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *ProjectReport) error { return summarise(ctx, c, row) },
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *ProjectReport) error { return summarise(ctx, c, row) },
}

// Summary is a project report's computed part.
type Summary struct {
	AsOf           db.Time        `json:"asOf"`
	Budget         string         `json:"budget"`
	EstimatedHours int64          `json:"estimatedHours"`
	Tasks          Tally          `json:"tasks"`
	Milestones     MilestoneTally `json:"milestones"`
	Expenses       Amounts        `json:"expenses"`
	Invoiced       Amounts        `json:"invoiced"`
	Paid           Amounts        `json:"paid"`
	AmountDue      Amounts        `json:"amountDue"`
}

// Amounts are exact decimal strings keyed by ISO 4217 currency code; amounts
// in different currencies are never added together.
type Amounts map[string]string

// Tally counts rows by status.
type Tally struct {
	Total    int64            `json:"total"`
	ByStatus map[string]int64 `json:"byStatus"`
}

// MilestoneTally is Tally plus the milestones' costs.
type MilestoneTally struct {
	Tally
	Cost          string `json:"cost"`
	AddedToBudget string `json:"addedToBudget"`
}

// summarise locks the report's project (422 naming project when it is not
// one of the company's) and computes the summary with one query per table.
func summarise(ctx context.Context, c *crud.Call, row *ProjectReport) error {
	q := c.Deps.DB.Q(ctx)
	s := Summary{AsOf: db.Stamp(), Tasks: Tally{ByStatus: map[string]int64{}}, Milestones: MilestoneTally{Tally: Tally{ByStatus: map[string]int64{}}}}
	var budget int64
	err := sql.ErrNoRows
	if db.ValidID(row.Project) {
		err = q.QueryRowContext(ctx, `SELECT budget, estimatedhours FROM projects WHERE id = ? AND company_id = ?`+forUpdate(c),
			row.Project, row.CompanyID).Scan(&budget, &s.EstimatedHours)
	}
	if db.IsNoRows(err) {
		return httpapi.Invalid("project", fmt.Sprintf("%s must be the id of a project of your company (%q is not)", quoted("project"), short(row.Project)))
	}
	if err != nil {
		return fmt.Errorf("projects: report: %w", err)
	}
	s.Budget = db.Money(budget).String()
	rows, err := q.QueryContext(ctx, `SELECT status, COUNT(*) FROM tasks WHERE company_id = ? AND related_id = ? GROUP BY status`, row.CompanyID, row.Project)
	if err != nil {
		return fmt.Errorf("projects: report tasks: %w", err)
	}
	for rows.Next() {
		var st string
		var n int64
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return err
		}
		s.Tasks.ByStatus[st] += n
		s.Tasks.Total += n
	}
	if err := rows.Close(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT COALESCE(milestone_status, ''), COUNT(*), COALESCE(SUM(milestone_cost), 0),
		COALESCE(SUM(CASE WHEN add_cost_to_project_budget THEN milestone_cost ELSE 0 END), 0)
		FROM milestones WHERE company_id = ? AND related_id = ? GROUP BY COALESCE(milestone_status, '')`, row.CompanyID, row.Project)
	if err != nil {
		return fmt.Errorf("projects: report milestones: %w", err)
	}
	var cost, added int64
	for rows.Next() {
		var st string
		var n, sc, sa int64
		if err := rows.Scan(&st, &n, &sc, &sa); err != nil {
			rows.Close()
			return err
		}
		s.Milestones.ByStatus[st] += n
		s.Milestones.Total += n
		cost += sc
		added += sa
	}
	if err := rows.Close(); err != nil {
		return err
	}
	s.Milestones.Cost = db.Money(cost).String()
	s.Milestones.AddedToBudget = db.Money(added).String()
	if err := billed(ctx, q, row, &s); err != nil {
		return err
	}
	row.Summary = db.MustJSON(s)
	return nil
}

// billed fills the summary's money per currency from the project's expenses,
// invoices and payments, one query per table. The stored amounts (BIGINT
// units of 10^-4, see crud.Amount) are added exactly (math/big: a sum of many
// could pass an int64); rows with equal amounts come grouped.
func billed(ctx context.Context, q db.Querier, row *ProjectReport, s *Summary) error {
	expenses, invoiced, paid, due := sums{}, sums{}, sums{}, sums{}
	if err := sumRows(ctx, q, "expenses", `SELECT currency, price_e4, COUNT(*) FROM expenses
		WHERE company_id = ? AND related_id = ? GROUP BY currency, price_e4`, row, expenses); err != nil {
		return err
	}
	if err := sumRows(ctx, q, "invoices", `SELECT currency, total_e4, amount_due_e4, COUNT(*) FROM invoices
		WHERE company_id = ? AND related_id = ? GROUP BY currency, total_e4, amount_due_e4`, row, invoiced, due); err != nil {
		return err
	}
	if err := sumRows(ctx, q, "payments", `SELECT currency, amount_e4, COUNT(*) FROM payments
		WHERE company_id = ? AND related_id = ? GROUP BY currency, amount_e4`, row, paid); err != nil {
		return err
	}
	s.Expenses, s.Invoiced, s.Paid, s.AmountDue = expenses.amounts(), invoiced.amounts(), paid.amounts(), due.amounts()
	return nil
}

// sums are exact running totals per currency, in units of 10^-4.
type sums map[money.Currency]*big.Int

func (m sums) add(cur money.Currency, units *big.Int) {
	if m[cur] == nil {
		m[cur] = new(big.Int)
	}
	m[cur].Add(m[cur], units)
}

func (m sums) amounts() Amounts {
	out := Amounts{}
	for cur, units := range m {
		// exact: every term has at most cur.Digits decimals
		out[cur.Code] = new(big.Rat).SetFrac(units, big.NewInt(10_000)).FloatString(cur.Digits)
	}
	return out
}

// sumRows runs query (rows of currency, one amount per dst, count) for the
// report's project and adds count × each amount to its dst.
func sumRows(ctx context.Context, q db.Querier, table, query string, row *ProjectReport, dst ...sums) error {
	rows, err := q.QueryContext(ctx, query, row.CompanyID, row.Project)
	if err != nil {
		return fmt.Errorf("projects: report %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var n int64
		units := make([]int64, len(dst))
		ptrs := []any{&code}
		for i := range units {
			ptrs = append(ptrs, &units[i])
		}
		if err := rows.Scan(append(ptrs, &n)...); err != nil {
			return fmt.Errorf("projects: report %s: %w", table, err)
		}
		cur, err := money.ParseCurrency(code)
		if err != nil {
			return fmt.Errorf("projects: report %s: stored currency: %w", table, err)
		}
		for i, u := range units {
			dst[i].add(cur, new(big.Int).Mul(big.NewInt(u), big.NewInt(n)))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("projects: report %s: %w", table, err)
	}
	return nil
}

// TaskCalendar is a personal calendar entry.
type TaskCalendar struct {
	crud.Base
	TaskName        string  `db:"task_name" json:"taskName" v:"required,search,sort"`
	TaskDate        db.Date `db:"task_date" json:"taskDate" v:"required,sort,filter"`
	TaskTime        string  `db:"task_time" json:"taskTime" v:"required,max=50"`
	TaskDescription string  `db:"task_description" json:"taskDescription" v:"required,text"`
}

// TaskCalendars is /taskcalendars.
var TaskCalendars = &crud.Resource[TaskCalendar]{
	Name: "Task calendar entry", Plural: "Task calendar entries", Path: "/taskcalendars", Table: "taskcalendars", Tag: "Projects",
	Perm: authz.Perm{Module: "crm", Entity: "task_calender"},
	Doc: "Rules: entries of the company's task calendar. `taskDate` is a calendar day (YYYY-MM-DD; lists filter by it), " +
		"`taskTime` free text such as 14:30 (at most 50 characters). Create answers 201 and an unknown id 404 (the " +
		"original answered 200 and 500). Updates record `updated_by`.",
	Example: map[string]any{"taskName": "Call the supplier", "taskDate": "2025-03-03", "taskTime": "10:30",
		"taskDescription": "Confirm the delivery date"},
	Title: func(t *TaskCalendar) string { return t.TaskName },
}
