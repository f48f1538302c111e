package sales

import (
	"context"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/docnum"
)

// parentKinds are the records quotations, estimates and products hang on.
var parentKinds = []string{"lead", "deal", "project"}

// Quotation is a priced, numbered offer on a lead, deal or project.
type Quotation struct {
	crud.Base
	RelatedID       string  `db:"related_id" json:"related_id" v:"readonly,filter"`
	QuotationNumber string  `db:"quotation_number" json:"quotationNumber" v:"readonly,filter,sort,search"`
	ValidTill       db.Time `db:"valid_till" json:"valid_till" v:"required,sort"`
	Lead            *string `db:"lead" json:"lead" v:"filter,search"`
	Client          string  `db:"client" json:"client" v:"required,filter,search"`
	Priced
}

// Estimate is a priced, numbered estimate on a lead, deal or project.
type Estimate struct {
	crud.Base
	RelatedID      string  `db:"related_id" json:"related_id" v:"readonly,filter"`
	EstimateNumber string  `db:"estimate_number" json:"estimateNumber" v:"readonly,filter,sort,search"`
	ValidTill      db.Time `db:"valid_till" json:"valid_till" v:"required,sort"`
	Project        *string `db:"project" json:"project" v:"filter,search"`
	Client         string  `db:"client" json:"client" v:"required,filter,search"`
	Priced
}

// parentDoc states the parent-scoped routes of a resource at path.
func parentDoc(path string) string {
	return "Routes: POST " + path + "/{parentId} creates under a lead, deal or project of the caller's company (404 when " +
		"the parent is missing or another company's); GET " + path + "/{id} answers the row, or else lists parent {id}'s " +
		"rows (paged, sorted and filtered as any list); PUT and DELETE take the row's id; GET " + path + " lists the " +
		"company's rows under every parent. `related_id` is the parent's id, read-only. "
}

const itemsObjectDoc = "`items` may also be sent as a JSON object keyed by item name (the original's quotation shape, " +
	"e.g. {\"item1\": {name, description, price, quantity}}): it is read as the array of its values in the order sent, " +
	"the key serving as `name` when a value has neither `name` nor `item`; answers always carry the array. " +
	"The original's client-supplied `discount` (a number) is not an input: the document discount is `discountRate` " +
	"(percent) and `discount` is the computed amount. "

func pricedExample(extra map[string]any) map[string]any {
	b := map[string]any{"valid_till": "2025-03-31", "client": "Globex Ltd", "currency": "USD", "discountRate": 10,
		"items": []any{
			map[string]any{"name": "Design", "description": "Ten pages", "quantity": 10, "price": 150, "tax": 18, "tax_name": "GST"},
			map[string]any{"name": "Hosting", "quantity": "12", "price": "19.99", "discount": 5},
		}}
	for k, v := range extra {
		b[k] = v
	}
	return b
}

// Quotations is /quotations/:rel.
var Quotations = &crud.Resource[Quotation]{
	Normalize: itemsAsArray,
	Name:      "Quotation", Path: "/quotations", Table: "quotations", Tag: "Sales",
	Perm:   authz.Perm{Module: "crm", Entity: "sales"},
	Parent: &crud.ParentSpec{Column: "related_id", Kinds: parentKinds},
	Doc: parentDoc("/quotations") + "Rules: `quotationNumber` is assigned by the server as `QUO#<n>`, numbered per " +
		"company from 1 in the creating transaction, never reused (read-only). `client` (required) and `lead` are free " +
		"text, as in the original. " + itemsObjectDoc + PricedDoc,
	Example: pricedExample(map[string]any{"lead": "Website redesign"}),
	Title:   func(q *Quotation) string { return q.QuotationNumber },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Quotation) error {
		var prev *Priced
		if old != nil {
			prev = &old.Priced
		}
		return row.Priced.Price(c, prev)
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Quotation) error {
		n, err := docnum.NextNumber(ctx, c.Deps.DB, row.CompanyID, docnum.Quotation)
		row.QuotationNumber = n
		return err
	},
}

// Estimates is /estimates/:rel, declared like quotations (see Resources for
// GET /estimates/undefined).
var Estimates = &crud.Resource[Estimate]{
	Normalize: itemsAsArray,
	Name:      "Estimate", Path: "/estimates", Table: "estimates", Tag: "Sales",
	Perm:   authz.Perm{Module: "crm", Entity: "estimate"},
	Parent: &crud.ParentSpec{Column: "related_id", Kinds: parentKinds},
	Doc: parentDoc("/estimates") + "GET /estimates/undefined lists the company's estimates under every parent, as GET " +
		"/estimates does (the web client's Sales › Estimates page calls it, having no project in its route). " +
		"Rules: `estimateNumber` is assigned by the server as `EST#<n>`, numbered per company from 1 in the creating " +
		"transaction, never reused (read-only). `client` (required) and `project` are free text. " + itemsObjectDoc + PricedDoc,
	Example: pricedExample(map[string]any{"project": "Website 2025"}),
	Title:   func(e *Estimate) string { return e.EstimateNumber },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Estimate) error {
		var prev *Priced
		if old != nil {
			prev = &old.Priced
		}
		return row.Priced.Price(c, prev)
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Estimate) error {
		n, err := docnum.NextNumber(ctx, c.Deps.DB, row.CompanyID, docnum.Estimate)
		row.EstimateNumber = n
		return err
	},
}
