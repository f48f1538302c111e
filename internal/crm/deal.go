package crm

import (
	"context"
	"fmt"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/activity"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
)

// Deal statuses.
const (
	DealOpen = "open"
	DealWon  = "won"
	DealLost = "lost"
)

// Deal is a sales opportunity moving through a pipeline's deal stages.
type Deal struct {
	crud.Base
	DealName   string   `db:"deal_name" json:"dealName" v:"required,search,sort"`
	Lead       *string  `db:"lead_id" json:"leadTitle" v:"filter"`
	Pipeline   string   `db:"pipeline_id" json:"pipeline" v:"required,filter"`
	Stage      string   `db:"stage_id" json:"stage" v:"required,filter"`
	Currency   *string  `db:"currency" json:"currency" v:"max=50"`
	Price      db.Money `db:"price" json:"price" v:"required,sort"`
	ClosedDate *db.Time `db:"closed_date" json:"closedDate" v:"sort"`
	Category   *string  `db:"category" json:"category"`
	Project    *string  `db:"project" json:"project"`
	Phone      *string  `db:"phone_number" json:"phoneNumber" v:"max=50"`
	Status     string   `db:"status" json:"status" v:"enum=open|won|lost,default=open,filter"`
	StatusDate *db.Time `db:"status_date" json:"statusDate" v:"readonly"`
}

const dealDoc = "Rules: `pipeline` is a pipeline of the caller's company and `stage` a deal stage of that pipeline " +
	"(422 naming the field; another company's id is treated as a missing one). `leadTitle` holds the id of the " +
	"deal's lead, a lead of the company (422), or \"\"/null for none. `price` is exact money. Moving a deal to " +
	"another stage adds an activity-log entry (action `stage_changed`) naming the old and the new stage, in the " +
	"same transaction as the move. `status` is open, won or lost (default open; null or absent on update keeps it); " +
	"`statusDate` (read-only) is the instant the deal was last marked won or lost, and is cleared when it is " +
	"reopened. `project` is free text until projects are ported. A deal that a converted lead refers to " +
	"(the lead's `deal_id`) cannot be deleted (409), nor one that still has notes, labels, quotations or other " +
	"rows hanging on it (409 listing them; delete them first). Lists sort by dealName, price, closedDate, createdAt or " +
	"updatedAt from an index, and filter by pipeline, stage, status or leadTitle."

// Deals is /deals.
var Deals = &crud.Resource[Deal]{
	Name: "Deal", Path: "/deals", Table: "deals", Tag: "CRM", Busy: true,
	Perm: authz.Perm{Module: "crm", Entity: "deal"},
	Doc:  dealDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		p := f.Create("/pipelines", map[string]any{"pipeline_name": "Pipeline " + f.Unique()})
		st := f.Create("/stages", map[string]any{"stageType": "deal", "stageName": "Proposal", "pipeline": p})
		lead := f.Create("/leads", map[string]any{"leadTitle": "Fit-out", "firstName": "Eve", "lastName": "Tester", "status": "new"})
		return map[string]any{"dealName": "Office fit-out", "leadTitle": lead, "pipeline": p, "stage": st,
			"currency": "EUR", "price": "12500.50", "closedDate": "2025-06-30", "category": "Retail", "project": "HQ"}
	},
	Title: func(d *Deal) string { return d.DealName },
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Deal) error {
		if row.Status == "" {
			row.Status = DealOpen
		}
		if row.Status != DealOpen {
			now := db.Stamp()
			row.StatusDate = &now
		}
		return checkDeal(ctx, c, row, nil)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Deal) error {
		switch {
		case row.Status == "":
			row.Status = old.Status
		case row.Status != old.Status && row.Status == DealOpen:
			row.StatusDate = nil
		case row.Status != old.Status:
			now := db.Stamp()
			row.StatusDate = &now
		}
		return checkDeal(ctx, c, row, old)
	},
	AfterUpdate: func(ctx context.Context, c *crud.Call, old, row *Deal) error {
		if old.Stage == row.Stage {
			return nil
		}
		from, err := stageName(ctx, c, old.Stage)
		if err != nil {
			return err
		}
		to, err := stageName(ctx, c, row.Stage)
		if err != nil {
			return err
		}
		return activity.Record(ctx, c.Deps.DB, activity.Entry{CompanyID: row.CompanyID, RelatedID: row.ID, From: "deal",
			EntityID: row.ID, Action: "stage_changed", PerformedBy: c.P.Username,
			Message: fmt.Sprintf("Deal %s moved from stage %s (%s) to stage %s (%s)", row.DealName, from, old.Stage, to, row.Stage)})
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Deal) error {
		return inUse(ctx, c, "deal", row.ID, use{"leads", "converted lead", "leads", "deal_id"})
	},
}

func checkDeal(ctx context.Context, c *crud.Call, row, old *Deal) error {
	blank(&row.Lead)
	if row.Lead != nil && (old == nil || !same(old.Lead, row.Lead)) {
		if err := lockRef(ctx, c, "leads", "leadTitle", "a lead", *row.Lead, ""); err != nil {
			return err
		}
	}
	if old == nil || old.Pipeline != row.Pipeline || old.Stage != row.Stage {
		return checkStage(ctx, c, StageDeal, &row.Pipeline, &row.Stage)
	}
	return nil
}

// stageName names a stage for the activity log ("" when it is gone).
func stageName(ctx context.Context, c *crud.Call, id string) (string, error) {
	var name string
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT stage_name FROM stages WHERE id = ? AND company_id = ?`, id, c.CompanyID()).Scan(&name)
	if err != nil && !db.IsNoRows(err) {
		return "", fmt.Errorf("crm: stage name: %w", err)
	}
	return name, nil
}
