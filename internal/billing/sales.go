package billing

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/docnum"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/sales"
)

const ownerDoc = " `related_id` is the id of the account that created the row, as in the original, and is kept on update " +
	"(the original overwrote it with the row's own id). Lists and reads cover the caller's company (the original " +
	"listed only the caller's own rows but let anyone change or delete any row)."

// requireCustomer answers 422 naming field unless id is a customer of the
// call's company.
func requireCustomer(ctx context.Context, c *crud.Call, field, id string) error {
	bad := httpapi.Invalid(field, quoted(field)+" must be the id of a customer of your company")
	if !db.ValidID(id) {
		return bad
	}
	ok, err := exists(ctx, c, `SELECT 1 FROM customers WHERE id = ? AND company_id = ?`, id, c.CompanyID())
	if err != nil || ok {
		return err
	}
	return bad
}

func sampleCustomer(f crud.Fixturer) string {
	return f.Create("/customers", map[string]any{"name": "Initech " + f.Unique(), "contact": "9876543210", "email": "ap" + f.Unique() + "@initech.example"})
}

var sampleItems = []any{
	map[string]any{"name": "Consulting", "quantity": 4, "price": "120.00", "tax": 18, "tax_name": "GST"},
	map[string]any{"name": "Travel", "quantity": 1, "price": "35.50"},
}

// SalesQuotation is a priced offer to a customer.
type SalesQuotation struct {
	crud.Base
	RelatedID            string  `db:"related_id" json:"related_id" v:"readonly,filter"`
	SalesQuotationNumber string  `db:"sales_quotation_number" json:"salesQuotationNumber" v:"readonly,filter,sort,search"`
	Category             string  `db:"category" json:"category" v:"required,filter,search"`
	Customer             string  `db:"customer" json:"customer" v:"required,filter"`
	IssueDate            db.Time `db:"issue_date" json:"issueDate" v:"required,sort"`
	sales.Priced
}

// SalesQuotations is /sales-quotations.
var SalesQuotations = &crud.Resource[SalesQuotation]{
	Name: "Sales quotation", Path: "/sales-quotations", Table: "sales_quotations", Tag: "Billing",
	Perm: authz.Perm{Module: "crm", Entity: "estimate"},
	Doc: "Rules: `salesQuotationNumber` is assigned by the server as `SQUO#<n>`, numbered per company from 1 in the " +
		"creating transaction, never reused (read-only). `customer` is the id of a customer of the company (422)." +
		ownerDoc + " " + sales.PricedDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		return map[string]any{"customer": sampleCustomer(f), "issueDate": "2025-01-10", "category": "Services", "currency": "USD",
			"discountRate": 5, "items": sampleItems}
	},
	Title: func(q *SalesQuotation) string { return q.SalesQuotationNumber },
	Validate: func(ctx context.Context, c *crud.Call, row, old *SalesQuotation) error {
		var prev *sales.Priced
		if old != nil {
			prev = &old.Priced
		}
		if err := row.Priced.Price(c, prev); err != nil {
			return err
		}
		if old == nil || c.Present("customer") {
			return requireCustomer(ctx, c, "customer", row.Customer)
		}
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *SalesQuotation) error {
		n, err := docnum.NextNumber(ctx, c.Deps.DB, row.CompanyID, docnum.SalesQuotation)
		row.SalesQuotationNumber, row.RelatedID = n, c.P.ID
		return err
	},
}

// SalesInvoice is an invoice to a customer, settled by credit notes (and
// outside the service by payments recorded as sales revenue).
type SalesInvoice struct {
	crud.Base
	RelatedID          string  `db:"related_id" json:"related_id" v:"readonly,filter"`
	SalesInvoiceNumber string  `db:"sales_invoice_number" json:"salesInvoiceNumber" v:"readonly,filter,sort,search"`
	Category           string  `db:"category" json:"category" v:"required,filter,search"`
	Customer           string  `db:"customer" json:"customer" v:"required,filter"`
	IssueDate          db.Time `db:"issue_date" json:"issueDate" v:"required,sort"`
	DueDate            db.Time `db:"due_date" json:"dueDate" v:"required,sort"`
	sales.Priced
	Balance
}

type salesInvoiceWire SalesInvoice

// MarshalJSON answers the status as of now (overdue once the due day ended).
func (i SalesInvoice) MarshalJSON() ([]byte, error) {
	w := salesInvoiceWire(i)
	w.Status = i.Balance.shown(i.DueDate, time.Now())
	return json.Marshal(w)
}

// SalesInvoices is /sales-invoices.
var SalesInvoices = &crud.Resource[SalesInvoice]{
	Name: "Sales invoice", Path: "/sales-invoices", Table: "sales_invoices", Tag: "Billing",
	Perm: authz.Perm{Module: "crm", Entity: "billing"},
	Doc: "Rules: `salesInvoiceNumber` is assigned by the server as `SINV#<n>`, numbered per company from 1 in the " +
		"creating transaction, never reused (read-only; the original could only ever number two). `customer` is the " +
		"id of a customer of the company (422). `dueDate` must not be before `issueDate`." + ownerDoc + " " +
		sales.PricedDoc + BalanceDoc + " Credit notes (`/sales-creditnote`) lower the amount due; a sales invoice " +
		"with credit notes cannot be deleted (409).",
	Sample: func(f crud.Fixturer) map[string]any {
		return map[string]any{"customer": sampleCustomer(f), "issueDate": "2025-01-10", "dueDate": "2025-02-09", "category": "Services",
			"currency": "USD", "items": sampleItems}
	},
	Title: func(i *SalesInvoice) string { return i.SalesInvoiceNumber },
	Validate: func(ctx context.Context, c *crud.Call, row, old *SalesInvoice) error {
		var prev *sales.Priced
		if old != nil {
			prev = &old.Priced
		}
		if err := row.Priced.Price(c, prev); err != nil {
			return err
		}
		if row.DueDate < row.IssueDate {
			return httpapi.Invalid("dueDate", `"dueDate" must not be before "issueDate"`)
		}
		if old == nil || c.Present("customer") {
			return requireCustomer(ctx, c, "customer", row.Customer)
		}
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *SalesInvoice) error {
		n, err := docnum.NextNumber(ctx, c.Deps.DB, row.CompanyID, docnum.SalesInvoice)
		if err != nil {
			return err
		}
		row.SalesInvoiceNumber, row.RelatedID = n, c.P.ID
		return resettle(&row.Priced, &row.Balance, nil, nil)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *SalesInvoice) error {
		return resettle(&row.Priced, &row.Balance, &old.Priced, &old.Balance)
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *SalesInvoice) error {
		list, err := ids(ctx, c, `SELECT id FROM sales_creditnotes WHERE company_id = ? AND invoice = ?`, row.CompanyID, row.ID)
		if err != nil {
			return err
		}
		if len(list) > 0 {
			return httpapi.Conflict(fmt.Sprintf("Sales invoice still has %d credit note(s)", len(list)))
		}
		return nil
	},
}

// SalesRevenue is money received from a customer.
type SalesRevenue struct {
	crud.Base
	RelatedID      string        `db:"related_id" json:"related_id" v:"readonly,filter"`
	Account        string        `db:"account" json:"account" v:"required,filter,search"`
	Date           db.Time       `db:"date" json:"date" v:"required,sort"`
	Currency       string        `db:"currency" json:"currency" v:"required,filter"`
	Amount         crud.Amount   `db:"amount_e4" json:"amount" v:"readonly,sort"`
	Customer       string        `db:"customer" json:"customer" v:"required,filter"`
	Description    *string       `db:"description" json:"description"`
	Category       string        `db:"category" json:"category" v:"required,filter,search"`
	PaymentReceipt *crud.FileRef `db:"payment_receipt" json:"paymentReceipt" v:"file"`
}

// SalesRevenues is /sales-revenue.
var SalesRevenues = &crud.Resource[SalesRevenue]{
	Name: "Sales revenue", Plural: "Sales revenues", Path: "/sales-revenue", Table: "sales_revenues", Tag: "Billing",
	Perm: authz.Perm{Module: "crm", Entity: "revenue"},
	Doc: "Rules: `currency` is an ISO 4217 code (422). `amount` (required; a JSON number or a decimal string, exact) is " +
		"greater than 0 with at most the currency's decimals and below 10^15 minor units, answered as a decimal string " +
		"(the original's INT column dropped the cents). `customer` is the id of a customer of the company (422)." + ownerDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		return map[string]any{"date": "2025-01-20", "currency": "USD", "amount": "1250.75", "account": "Main account",
			"customer": sampleCustomer(f), "category": "Services", "description": "January retainer"}
	},
	Title: func(r *SalesRevenue) string { return string(r.Amount) + " " + r.Currency },
	Validate: func(ctx context.Context, c *crud.Call, row, old *SalesRevenue) error {
		if err := amountIn(c, "amount", &row.Currency, &row.Amount, old == nil); err != nil {
			return err
		}
		if old == nil || c.Present("customer") {
			return requireCustomer(ctx, c, "customer", row.Customer)
		}
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *SalesRevenue) error {
		row.RelatedID = c.P.ID
		return nil
	},
}

// amountIn normalises *code and sets *amount from the body's field (required
// on create; an amount kept from before must still fit the currency).
func amountIn(c *crud.Call, field string, code *string, amount *crud.Amount, creating bool) error {
	cur, err := parseCurrency("currency", *code)
	if err != nil {
		return err
	}
	*code = cur.Code
	if creating || c.Present(field) {
		amt, err := parseAmount(c, field, cur)
		if err != nil {
			return err
		}
		*amount = crud.Amount(cur.Format(amt))
		return nil
	}
	if _, err := minor(cur, *amount); err != nil {
		return httpapi.Invalid(field, fmt.Sprintf(`%s %s has more decimals than %s allows`, quoted(field), *amount, cur.Code))
	}
	return nil
}

// CreditNote credits part or all of a sales invoice.
type CreditNote struct {
	crud.Base
	RelatedID   string      `db:"related_id" json:"related_id" v:"readonly,filter"`
	Description *string     `db:"description" json:"description"`
	Invoice     string      `db:"invoice" json:"invoice" v:"required,filter"`
	Currency    string      `db:"currency" json:"currency" v:"required,filter"`
	Amount      crud.Amount `db:"amount_e4" json:"amount" v:"readonly,sort"`
	Date        db.Time     `db:"date" json:"date" v:"required,sort"`
}

// CreditNotes is /sales-creditnote.
var CreditNotes = &crud.Resource[CreditNote]{
	Name: "Credit note", Path: "/sales-creditnote", Table: "sales_creditnotes", Tag: "Billing",
	Perm: authz.Perm{Module: "crm", Entity: "credit_note"},
	Doc: "Rules: `invoice` is the id of a sales invoice of the company (another company's or a missing one: 404). " +
		"`currency` must be the invoice's (422). `amount` (required; a JSON number or a decimal string) is greater than " +
		"0 with at most the currency's decimals (422) and at most the invoice's `amount_due` (409 naming `amount`). " +
		"Recording, changing or deleting a credit note updates the invoice's `credited_amount`, `amount_due` and " +
		"`status` in the same transaction, with the invoice row locked; a note crediting everything still due on an " +
		"unpaid invoice makes it `cancelled`." + ownerDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		inv := f.Create("/sales-invoices", map[string]any{"customer": sampleCustomer(f), "issueDate": "2025-01-10", "dueDate": "2025-02-09",
			"category": "Services", "currency": "USD", "items": []any{map[string]any{"name": "Consulting", "quantity": 1, "price": "1000.00"}}})
		return map[string]any{"invoice": inv, "currency": "USD", "amount": "10.25", "date": "2025-01-25", "description": "Goodwill"}
	},
	Title: func(n *CreditNote) string { return string(n.Amount) + " " + n.Currency },
	Validate: func(ctx context.Context, c *crud.Call, row, old *CreditNote) error {
		if !db.ValidID(row.Invoice) {
			return httpapi.Invalid("invoice", `"invoice" must be the id of a sales invoice of your company`)
		}
		return amountIn(c, "amount", &row.Currency, &row.Amount, old == nil)
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *CreditNote) error {
		row.RelatedID = c.P.ID
		return applyCredit(ctx, c, row, 1)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *CreditNote) error {
		if err := applyCredit(ctx, c, old, -1); err != nil {
			return err
		}
		return applyCredit(ctx, c, row, 1)
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *CreditNote) error {
		return applyCredit(ctx, c, row, -1)
	},
}

// applyCredit adds (sign 1) or takes back (sign −1) n's amount on its sales
// invoice, locked in the current transaction.
func applyCredit(ctx context.Context, c *crud.Call, n *CreditNote, sign int64) error {
	inv, err := SalesInvoices.Find(ctx, c, n.Invoice, true)
	if err != nil {
		return err
	}
	if err := inv.Balance.apply(inv.Currency, inv.Total, inv.SalesInvoiceNumber, n.Currency, n.Amount, sign, false); err != nil {
		return err
	}
	touch(&inv.Base, c)
	return SalesInvoices.Write(ctx, c, inv)
}
