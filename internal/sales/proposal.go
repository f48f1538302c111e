package sales

import (
	"context"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
)

// Proposal is a priced offer made on a lead or deal, with line items.
type Proposal struct {
	crud.Base
	LeadTitle   string  `db:"lead_title" json:"lead_title" v:"required,search,sort"`
	DealTitle   string  `db:"deal_title" json:"deal_title" v:"required,search,sort"`
	ValidTill   db.Time `db:"valid_till" json:"valid_till" v:"required,sort"`
	Description *string `db:"description" json:"description" v:"text"`
	Priced
}

// Proposals is /proposals.
var Proposals = &crud.Resource[Proposal]{
	Name: "Proposal", Path: "/proposals", Table: "proposals", Tag: "Sales",
	Perm: authz.Perm{Module: "crm", Entity: "sales"},
	Doc: "Rules: `lead_title` and `deal_title` are free text (the web client sends the lead's and deal's ids). " +
		PricedDoc,
	Example: map[string]any{"lead_title": "Website redesign", "deal_title": "Globex web 2025", "valid_till": "2025-03-31",
		"currency": "USD", "description": "Redesign and first year of hosting", "discountRate": 10,
		"items": []any{
			map[string]any{"name": "Design", "description": "Ten pages", "quantity": 10, "price": 150, "tax": 18, "tax_name": "GST"},
			map[string]any{"name": "Hosting", "quantity": "12", "price": "19.99", "discount": 5},
		}},
	Title: func(p *Proposal) string { return p.LeadTitle },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Proposal) error {
		var prev *Priced
		if old != nil {
			prev = &old.Priced
		}
		return row.Priced.Price(c, prev)
	},
}
