package billing

import (
	"context"
	"fmt"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Payment is a payment received on an invoice of a project.
type Payment struct {
	crud.Base
	RelatedID     string        `db:"related_id" json:"related_id" v:"readonly,filter"`
	Project       string        `db:"project" json:"project" v:"readonly,filter"`
	PaymentMethod string        `db:"payment_method" json:"paymentMethod" v:"required,filter"`
	Invoice       string        `db:"invoice" json:"invoice" v:"required,filter"`
	PaidOn        db.Time       `db:"paid_on" json:"paidOn" v:"required,sort"`
	Amount        crud.Amount   `db:"amount_e4" json:"amount" v:"readonly,sort"`
	Currency      string        `db:"currency" json:"currency" v:"required,filter"`
	TransactionID *string       `db:"transaction_id" json:"transactionId" v:"readonly,search"`
	Receipt       *crud.FileRef `db:"receipt" json:"receipt" v:"file"`
	Remark        *string       `db:"remark" json:"remark"`
}

// Payments is /payments/{projectId}.
var Payments = &crud.Resource[Payment]{
	Name: "Payment", Path: "/payments", Table: "payments", Tag: "Billing",
	Perm:   authz.Perm{Module: "crm", Entity: "payment"},
	Parent: projectKinds,
	Doc: "Rules: created under a project (`POST /payments/{projectId}`); `project` is that project's id. `invoice` " +
		"is the id of an invoice of the company (another company's or a missing invoice: 404) under the same project " +
		"(an invoice of another project: 422 naming `invoice`). `currency` must be the invoice's (422). `amount` (required; a JSON number or a decimal string) " +
		"is greater than 0 with at most the currency's decimals and below 10^15 minor units (422), and at most the " +
		"invoice's `amount_due`: a larger amount is a 409 naming `amount` (the amount due depends on other payments, " +
		"so two payments that together exceed it get one 201 and one 409). Recording, changing or deleting a payment " +
		"updates the invoice's `paid_amount`, `amount_due` and `status` in the same transaction, with the invoice row " +
		"locked. `amount` is answered as a decimal string with the currency's digits (a sort key, ordered by value). `transactionId` is text (a JSON " +
		"number is kept as its digits; the original's INT column overflowed).",
	Sample: func(f crud.Fixturer) map[string]any {
		inv := f.Create("/invoices/"+f.Parent(), map[string]any{"client": "Globex", "issueDate": "2025-01-10", "dueDate": "2025-02-09",
			"currency": "USD", "items": []any{map[string]any{"name": "Design", "quantity": 1, "price": "1000.00"}}})
		return map[string]any{"invoice": inv, "paidOn": "2025-01-20", "amount": "10.50", "currency": "USD", "paymentMethod": "Bank transfer",
			"transactionId": 45456456454564, "remark": "First instalment"}
	},
	Title: func(p *Payment) string { return string(p.Amount) + " " + p.Currency },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Payment) error {
		cur, err := parseCurrency("currency", row.Currency)
		if err != nil {
			return err
		}
		row.Currency = cur.Code
		if !db.ValidID(row.Invoice) {
			return httpapi.Invalid("invoice", `"invoice" must be the id of an invoice of your company`)
		}
		if old == nil || c.Present("amount") {
			amt, err := parseAmount(c, "amount", cur)
			if err != nil {
				return err
			}
			row.Amount = crud.Amount(cur.Format(amt))
		} else if _, err := minor(cur, row.Amount); err != nil {
			return httpapi.Invalid("amount", fmt.Sprintf(`"amount" %s has more decimals than %s allows`, row.Amount, cur.Code))
		}
		return optionalText(c, "transactionId", &row.TransactionID)
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Payment) error {
		row.Project = row.RelatedID
		return applyPayment(ctx, c, row, 1)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Payment) error {
		if err := applyPayment(ctx, c, old, -1); err != nil {
			return err
		}
		return applyPayment(ctx, c, row, 1)
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Payment) error {
		return applyPayment(ctx, c, row, -1)
	},
}

// applyPayment adds (sign 1) or takes back (sign −1) p's amount on its
// invoice, locked in the current transaction.
func applyPayment(ctx context.Context, c *crud.Call, p *Payment, sign int64) error {
	inv, err := Invoices.Find(ctx, c, p.Invoice, true)
	if err != nil {
		return err
	}
	if sign > 0 && inv.RelatedID != p.RelatedID {
		return httpapi.Invalid("invoice", fmt.Sprintf(`"invoice" must be an invoice of the payment's project (%s belongs to another project)`, inv.InvoiceNumber))
	}
	if err := inv.Balance.apply(inv.Currency, inv.Total, inv.InvoiceNumber, p.Currency, p.Amount, sign, true); err != nil {
		return err
	}
	touch(&inv.Base, c)
	return Invoices.Write(ctx, c, inv)
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// touch stamps a row changed as a side effect.
func touch(b *crud.Base, c *crud.Call) {
	now := db.Stamp()
	if now <= b.UpdatedAt {
		now = b.UpdatedAt + 1
	}
	b.UpdatedAt = now
	by := c.P.Username
	b.UpdatedBy = &by
}
