package sales

import (
	"context"
	"encoding/json"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/docnum"
)

// Customer is a billing customer of the company.
type Customer struct {
	crud.Base
	RelatedID       string  `db:"related_id" json:"related_id" v:"readonly,filter"`
	CustomerNumber  string  `db:"customer_number" json:"customerNumber" v:"readonly,filter,sort,search"`
	Name            string  `db:"name" json:"name" v:"required,search,sort"`
	Contact         string  `db:"contact" json:"contact" v:"required,search"`
	Email           string  `db:"email" json:"email" v:"required,email,search,sort"`
	TaxNumber       *string `db:"tax_number" json:"tax_number"`
	AlternateNumber *string `db:"alternate_number" json:"alternate_number"`
	BillingAddress  db.JSON `db:"billing_address" json:"billing_address" v:"shape=object,max=5000"`
	ShippingAddress db.JSON `db:"shipping_address" json:"shipping_address" v:"shape=object,max=5000"`
}

// Customers is /customers.
var Customers = &crud.Resource[Customer]{
	Name: "Customer", Path: "/customers", Table: "customers", Tag: "Sales", Busy: true,
	Perm: authz.Perm{Module: "crm", Entity: "customer"},
	Doc: "Rules: `customerNumber` is assigned by the server as `CN#<n>`, numbered per company from 1 in the creating " +
		"transaction, never reused (the original numbered globally and failed from the 11th customer on). " +
		"`related_id` is the id of the account that created the customer, as in the original; both are read-only. " +
		"`billing_address` and `shipping_address` are JSON objects (such as {\"street\",\"city\",\"state\",\"zip\",\"country\"}) " +
		"or null. On update the original's `alternate_contact` is accepted as `alternate_number` when that is absent.",
	Example: map[string]any{"name": "Globex Ltd", "contact": "9876543210", "email": "billing@globex.example", "tax_number": "27AAACG1234F1Z5",
		"alternate_number": "9123456780", "billing_address": map[string]any{"street": "1 Main St", "city": "Pune", "state": "MH", "zip": "411001", "country": "India"},
		"shipping_address": map[string]any{"street": "1 Main St", "city": "Pune", "state": "MH", "zip": "411001", "country": "India"}},
	Title: func(c *Customer) string { return c.Name },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Customer) error {
		if old != nil && !c.Present("alternate_number") && c.Present("alternate_contact") {
			var s *string
			if err := json.Unmarshal(c.Raw["alternate_contact"], &s); err == nil {
				if s != nil && len(*s) > 255 {
					return invalidLen("alternate_contact")
				}
				row.AlternateNumber = s
			}
		}
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Customer) error {
		row.RelatedID = c.P.ID
		n, err := docnum.NextNumber(ctx, c.Deps.DB, row.CompanyID, docnum.Customer)
		if err != nil {
			return err
		}
		row.CustomerNumber = n
		return nil
	},
}
