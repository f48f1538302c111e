package crm

import (
	"context"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
)

// Lead is a prospective customer.
type Lead struct {
	crud.Base
	LeadTitle   string  `db:"lead_title" json:"leadTitle" v:"required,search,sort"`
	FirstName   string  `db:"first_name" json:"firstName" v:"required,search,sort"`
	LastName    string  `db:"last_name" json:"lastName" v:"required,search,sort"`
	Telephone   *string `db:"telephone" json:"telephone" v:"max=50"`
	Email       *string `db:"email" json:"email" v:"email,search"`
	LeadOwner   *string `db:"lead_owner" json:"lead_owner"`
	Assigned    *string `db:"assigned_id" json:"assigned"`
	Category    *string `db:"category" json:"category"`
	Status      string  `db:"status" json:"status" v:"enum=new|contacted|qualified|proposal|negotiation|won|lost|unqualified,default=new,filter"`
	Source      *string `db:"source_id" json:"source"`
	Pipeline    *string `db:"pipeline_id" json:"pipeline" v:"filter"`
	Stage       *string `db:"stage_id" json:"stage" v:"filter"`
	CompanyName *string `db:"company_name" json:"company_name"`
	Website     *string `db:"website" json:"website" v:"max=2000"`
	Country     *string `db:"country" json:"country"`
	City        *string `db:"city" json:"city"`
	State       *string `db:"state" json:"state"`
	ZipCode     *string `db:"zip_code" json:"zipCode" v:"max=50"`
	Address     *string `db:"address" json:"address" v:"max=1000"`
	Notes       *string `db:"notes" json:"notes" v:"text"`
	Converted   bool    `db:"converted" json:"converted" v:"readonly"`
	DealID      *string `db:"deal_id" json:"deal_id" v:"readonly"`
	CustomerID  *string `db:"customer_id" json:"customer_id" v:"readonly"`
}

const leadDoc = "Rules: `status` is one of new, contacted, qualified, proposal, negotiation, won, lost, unqualified " +
	"(default new; null or absent on update keeps the current one). References hold ids of the caller's company and " +
	"are checked in the write (422 naming the field; another company's id is treated as a missing one; \"\" or null " +
	"means none): `assigned` is an employee, `source` a source, `pipeline` a pipeline and `stage` a lead stage of " +
	"that pipeline (`stage` needs `pipeline`). `converted`, `deal_id` and `customer_id` are read-only: they record " +
	"a lead's conversion (POST /leads/{id}/convert). A lead that a deal still refers to (the deal's `leadTitle`) " +
	"cannot be deleted (409), nor one that still has notes, labels, quotations or other rows hanging on it " +
	"(409 listing them, such as \"Lead still has 2 notes\"; delete them first). " +
	"Unknown body fields are ignored, as the original did. Lists sort by leadTitle, firstName, lastName, createdAt " +
	"or updatedAt from an index, and filter by status, pipeline or stage."

// Leads is /leads.
var Leads = &crud.Resource[Lead]{
	Name: "Lead", Path: "/leads", Table: "leads", Tag: "CRM", Busy: true,
	Perm: authz.Perm{Module: "crm", Entity: "lead"},
	Doc:  leadDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		p := f.Create("/pipelines", map[string]any{"pipeline_name": "Pipeline " + f.Unique()})
		st := f.Create("/stages", map[string]any{"stageType": "lead", "stageName": "New", "pipeline": p})
		src := f.Create("/sources", map[string]any{"sourceName": "Source " + f.Unique()})
		return map[string]any{"leadTitle": "Office fit-out", "firstName": "Eve", "lastName": "Tester",
			"telephone": "9876543210", "email": "eve@example.com", "status": "new", "source": src, "pipeline": p,
			"stage": st, "category": "Retail", "company_name": "Tester Ltd", "notes": "Met at the trade fair"}
	},
	Title: func(l *Lead) string { return l.LeadTitle },
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Lead) error {
		if row.Status == "" {
			row.Status = "new"
		}
		return checkLead(ctx, c, row, nil)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Lead) error {
		if row.Status == "" {
			row.Status = old.Status
		}
		return checkLead(ctx, c, row, old)
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Lead) error {
		return inUse(ctx, c, "lead", row.ID, use{"deals", "deal", "deals", "lead_id"})
	},
}

// checkLead checks the references of a new lead, or those of an updated
// lead that changed.
func checkLead(ctx context.Context, c *crud.Call, row, old *Lead) error {
	for _, p := range []**string{&row.Assigned, &row.Source, &row.Pipeline, &row.Stage} {
		blank(p)
	}
	if row.Assigned != nil && (old == nil || !same(old.Assigned, row.Assigned)) {
		if err := requireEmployee(ctx, c, "assigned", *row.Assigned); err != nil {
			return err
		}
	}
	if row.Source != nil && (old == nil || !same(old.Source, row.Source)) {
		if err := lockRef(ctx, c, "sources", "source", "a source", *row.Source, ""); err != nil {
			return err
		}
	}
	if old == nil || !same(old.Pipeline, row.Pipeline) || !same(old.Stage, row.Stage) {
		return checkStage(ctx, c, StageLead, row.Pipeline, row.Stage)
	}
	return nil
}
