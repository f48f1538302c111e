package sales

import (
	"math/big"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/money"
)

// Priced holds the columns of a document priced by line items: the currency,
// the items and the totals the server computes. Embed it in a resource's row
// struct (after crud.Base) and call Price from the resource's Validate hook;
// proposals do, and quotations, estimates and invoices can.
type Priced struct {
	Currency string  `db:"currency" json:"currency" v:"required,filter"`
	Items    db.JSON `db:"items" json:"items" v:"required,shape=array,max=1048576"`
	// Server-computed; input ignored. The rate is a percentage kept as exact
	// decimal text; the amounts are decimal strings with the currency's
	// digits, stored as BIGINT units of 10^-4 (crud.Amount).
	DiscountRate  string      `db:"discount_rate" json:"discountRate" v:"readonly"`
	Subtotal      crud.Amount `db:"subtotal_e4" json:"subtotal" v:"readonly"`
	Discount      crud.Amount `db:"discount_e4" json:"discount" v:"readonly"`
	Tax           crud.Amount `db:"tax_e4" json:"tax" v:"readonly"`
	CalculatedTax crud.Amount `db:"calculated_tax_e4" json:"calculatedTax" v:"readonly"`
	Total         crud.Amount `db:"total_e4" json:"total" v:"readonly,sort"`
}

// PricedDoc documents the rules Price applies, for a resource's Doc.
const PricedDoc = "`currency` is an ISO 4217 code (422 otherwise), stored upper-case. `items` is an array of 1 to 500 " +
	"lines `{name (or item), description, quantity, price, discount, tax, tax_name}`: quantity from 0 to below 10^9 " +
	"with at most 4 decimals, price (unit price) from 0 with at most the currency's decimals and below 10^15 minor " +
	"units, discount (line discount) and tax (tax rate) percentages from 0 to 100 with at most 4 decimals. Numbers " +
	"may be JSON numbers or strings in plain decimal notation (no exponent, at most 40 characters). Failures are " +
	"422 naming the line's field, e.g. `items[3].quantity`. `discountRate` (optional, 0–100, default 0, kept on update " +
	"when absent) is the document discount in percent. The server computes, exactly and rounding half-up to the " +
	"currency's minor unit at each line: each line's `amount` = quantity × price × (1 − discount/100) and " +
	"`tax_amount` = amount × (1 − discountRate/100) × tax/100; `subtotal` = Σ amount; `discount` = subtotal × " +
	"discountRate/100; `tax` = `calculatedTax` = Σ tax_amount; `total` = subtotal − discount + tax. Totals sent by " +
	"the client (`amount`, `tax_amount`, `subtotal`, `discount`, `tax`, `calculatedTax`, `total`) are ignored. Every " +
	"decimal of the items and totals is returned as a JSON string, e.g. \"1234.50\" (USD), \"1235\" (JPY). " +
	"Amounts are stored as integers of 10^-4 units; `total` is a sort key ordered by value (amounts in different " +
	"currencies compare by their value in major units: filter by `currency` to rank one currency). Prices and totals " +
	"stay below 10^15 minor units (10^14 for currencies without a minor unit, such as JPY)."

// Price validates the currency, the discount rate (from the request body,
// else old's, else 0) and the items, and sets the normalised items and the
// computed totals; failures are 422 naming the field. old is nil on create.
func (p *Priced) Price(c *crud.Call, old *Priced) error {
	cur, err := currency("currency", p.Currency)
	if err != nil {
		return err
	}
	p.Currency = cur.Code
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
	items, errs := money.ParseItems("items", p.Items, cur)
	if len(errs) > 0 {
		return errs.Err()
	}
	t, err := money.Compute(items, rate, cur)
	if err != nil {
		return httpapi.Invalid("items", `"items" `+err.Error())
	}
	p.Items = money.EncodeItems(items, cur)
	p.DiscountRate = money.FormatRat(rate)
	p.Subtotal, p.Discount = crud.Amount(cur.Format(t.Subtotal)), crud.Amount(cur.Format(t.Discount))
	p.Tax, p.CalculatedTax, p.Total = crud.Amount(cur.Format(t.Tax)), crud.Amount(cur.Format(t.Tax)), crud.Amount(cur.Format(t.Total))
	return nil
}
