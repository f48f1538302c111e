package sales

import (
	"context"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Product is a product or service listed on a lead, deal or project.
type Product struct {
	crud.Base
	RelatedID   string   `db:"related_id" json:"related_id" v:"readonly,filter"`
	Name        string   `db:"name" json:"name" v:"required,search,sort"`
	Category    string   `db:"category" json:"category" v:"required,filter,search,sort"`
	Price       db.Money `db:"price" json:"price" v:"required,sort"`
	Currency    *string  `db:"currency" json:"currency" v:"filter"`
	SKU         *string  `db:"sku" json:"sku" v:"filter,search"`
	Tax         *string  `db:"tax" json:"tax"`
	HSNSAC      *string  `db:"hsn_sac" json:"hsn_sac" v:"filter,search"`
	Description *string  `db:"description" json:"description" v:"text"`
	Files       db.JSON  `db:"files" json:"files" v:"shape=array,max=100000,files"`
}

// Products is /products/:rel.
var Products = &crud.Resource[Product]{
	Name: "Product", Path: "/products", Table: "products", Tag: "Sales",
	Perm:   authz.Perm{Module: "crm", Entity: "sales"},
	Parent: &crud.ParentSpec{Column: "related_id", Kinds: parentKinds},
	Doc: parentDoc("/products") + "Rules: `name`, `category` and `price` are required. `price` is an exact amount with " +
		"at most two decimals, returned as a JSON number, from 0 to below 10^13 (the original stored an integer). " +
		"`currency` (not in the original; optional) is an ISO 4217 code (422 otherwise), stored upper-case, and `price` " +
		"may not have more decimals than it allows (none for JPY); without it the price is in the company's usual " +
		"currency. `sku`, `tax` (a rate as text, e.g. \"18\"), `hsn_sac` and `description` are free text; `sku` is " +
		"not unique (the same product may be listed on several parents). `files` is a JSON array or null.",
	Example: map[string]any{"name": "Annual hosting", "price": 199.99, "category": "Services", "currency": "USD",
		"sku": "HOST-1Y", "tax": "18", "hsn_sac": "998315", "description": "One year of managed hosting"},
	Title: func(p *Product) string { return p.Name },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Product) error {
		var errs httpapi.FieldErrors
		checkAmount(&errs, &row.Currency, "price", int64(row.Price))
		if len(errs) > 0 {
			return errs.Err()
		}
		return nil
	},
}
