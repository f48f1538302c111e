package sales

import (
	"context"
	"math/big"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/money"
)

// Proposal is a priced offer made on a lead or deal, with line items.
type Proposal struct {
	crud.Base
	LeadTitle   string  `db:"lead_title" json:"lead_title" v:"required,search,sort"`
	DealTitle   string  `db:"deal_title" json:"deal_title" v:"required,search,sort"`
	ValidTill   db.Time `db:"valid_till" json:"valid_till" v:"required,sort"`
	Currency    string  `db:"currency" json:"currency" v:"required,filter"`
	Description *string `db:"description" json:"description" v:"text"`
	Items       db.JSON `db:"items" json:"items" v:"required,shape=array,max=1048576"`
	// Server-computed, decimal strings with the currency's digits.
	DiscountRate  string `db:"discount_rate" json:"discountRate" v:"readonly"`
	Subtotal      string `db:"subtotal" json:"subtotal" v:"readonly"`
	Discount      string `db:"discount" json:"discount" v:"readonly"`
	Tax           string `db:"tax" json:"tax" v:"readonly"`
	CalculatedTax string `db:"calculated_tax" json:"calculatedTax" v:"readonly"`
	Total         string `db:"total" json:"total" v:"readonly"`
}

// Proposals is /proposals.
var Proposals = &crud.Resource[Proposal]{
	Name: "Proposal", Path: "/proposals", Table: "proposals", Tag: "Sales",
	Perm: authz.Perm{Module: "crm", Entity: "sales"},
	Doc: "Rules: `currency` is an ISO 4217 code (422 otherwise), stored upper-case. `items` is an array of 1 to 500 " +
		"lines `{name (or item), description, quantity, price, discount, tax, tax_name}`: quantity from 0 to below 10^9 " +
		"with at most 4 decimals, price (unit price) from 0 with at most the currency's decimals and below 10^15 minor " +
		"units, discount (line discount) and tax (tax rate) percentages from 0 to 100 with at most 4 decimals. Numbers " +
		"may be JSON numbers or strings in plain decimal notation (no exponent, at most 40 characters). Failures are " +
		"422 naming the line's field, e.g. `items[3].quantity`. `discountRate` (optional, 0–100, default 0, kept on update " +
		"when absent) is the document discount in percent. The server computes, exactly and rounding half-up to the " +
		"currency's minor unit at each line: each line's `amount` = quantity × price × (1 − discount/100) and " +
		"`tax_amount` = amount × (1 − discountRate/100) × tax/100; `subtotal` = Σ amount; `discount` = subtotal × " +
		"discountRate/100; `tax` = `calculatedTax` = Σ tax_amount; `total` = subtotal − discount + tax. Totals sent by " +
		"the client (`amount`, `subtotal`, `discount`, `tax`, `calculatedTax`, `total`) are ignored. Every decimal in a " +
		"proposal (items and totals) is returned as a JSON string, e.g. \"1234.50\" (USD), \"1235\" (JPY).",
	Example: map[string]any{"lead_title": "Website redesign", "deal_title": "Globex web 2025", "valid_till": "2025-03-31",
		"currency": "USD", "description": "Redesign and first year of hosting", "discountRate": 10,
		"items": []any{
			map[string]any{"name": "Design", "description": "Ten pages", "quantity": 10, "price": 150, "tax": 18, "tax_name": "GST"},
			map[string]any{"name": "Hosting", "quantity": "12", "price": "19.99", "discount": 5},
		}},
	Title: func(p *Proposal) string { return p.LeadTitle },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Proposal) error {
		cur, err := currency("currency", row.Currency)
		if err != nil {
			return err
		}
		row.Currency = cur.Code
		rate := new(big.Rat)
		switch {
		case c.Present("discountRate"):
			if rate, err = money.ParseRate(c.Raw["discountRate"]); err != nil {
				return httpapi.Invalid("discountRate", `"discountRate" `+err.Error())
			}
		case old != nil && old.DiscountRate != "":
			if r, ok := new(big.Rat).SetString(old.DiscountRate); ok {
				rate = r
			}
		}
		items, errs := money.ParseItems("items", row.Items, cur)
		if len(errs) > 0 {
			return errs.Err()
		}
		t, err := money.Compute(items, rate, cur)
		if err != nil {
			return httpapi.Invalid("items", `"items" `+err.Error())
		}
		row.Items = money.EncodeItems(items, cur)
		row.DiscountRate = money.FormatRat(rate)
		row.Subtotal, row.Discount = cur.Format(t.Subtotal), cur.Format(t.Discount)
		row.Tax, row.CalculatedTax, row.Total = cur.Format(t.Tax), cur.Format(t.Tax), cur.Format(t.Total)
		return nil
	},
}
