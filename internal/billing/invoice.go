package billing

import (
	"context"
	"encoding/json"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/docnum"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/money"
	"github.com/crmhrm/crm/internal/sales"
)

// Invoice is a project's invoice to its client, priced by line items and
// settled by payments.
type Invoice struct {
	crud.Base
	RelatedID     string  `db:"related_id" json:"related_id" v:"readonly,filter"`
	InvoiceNumber string  `db:"invoice_number" json:"invoiceNumber" v:"readonly,filter,sort,search"`
	Project       string  `db:"project" json:"project" v:"readonly,filter"`
	Client        string  `db:"client" json:"client" v:"required,filter,search"`
	IssueDate     db.Time `db:"issue_date" json:"issueDate" v:"required,sort"`
	DueDate       db.Time `db:"due_date" json:"dueDate" v:"required,sort"`
	sales.Priced
	Balance
}

type invoiceWire Invoice

// MarshalJSON answers the status as of now (overdue once the due day ended).
func (i Invoice) MarshalJSON() ([]byte, error) {
	w := invoiceWire(i)
	w.Status = i.Balance.shown(i.DueDate, time.Now())
	return json.Marshal(w)
}

// projectKinds are the parents of project billing documents.
var projectKinds = &crud.ParentSpec{Column: "related_id", Kinds: []string{"project"}}

// Invoices is /invoices/{projectId}.
var Invoices = &crud.Resource[Invoice]{
	Name: "Invoice", Path: "/invoices", Table: "invoices", Tag: "Billing", Busy: true,
	Perm:   authz.Perm{Module: "crm", Entity: "invoice"},
	Parent: projectKinds,
	Doc: "Rules: created under a project (`POST /invoices/{projectId}`); `project` is that project's id (a body's " +
		"`project` is ignored). `invoiceNumber` is assigned by the server as `INV#<n>`, numbered per company from 1 in " +
		"the creating transaction, never reused (read-only). `client` is free text, as in the original. `dueDate` must " +
		"not be before `issueDate`. " + sales.PricedDoc + BalanceDoc +
		" Deleting an invoice deletes its payments in the same transaction.",
	Example: map[string]any{"client": "Globex Ltd", "issueDate": "2025-01-10", "dueDate": "2025-02-09", "currency": "USD",
		"discountRate": 5, "items": []any{
			map[string]any{"name": "Design", "description": "Ten pages", "quantity": 10, "price": "150.00", "tax": 18, "tax_name": "GST"},
			map[string]any{"name": "Hosting", "quantity": 12, "price": "19.99"},
		}},
	Title: func(i *Invoice) string { return i.InvoiceNumber },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Invoice) error {
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
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Invoice) error {
		n, err := docnum.NextNumber(ctx, c.Deps.DB, row.CompanyID, docnum.Invoice)
		if err != nil {
			return err
		}
		row.InvoiceNumber, row.Project = n, row.RelatedID
		return resettle(&row.Priced, &row.Balance, nil, nil)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Invoice) error {
		return resettle(&row.Priced, &row.Balance, &old.Priced, &old.Balance)
	},
}

func init() {
	// Set here: the hook refers to Payments, whose hooks refer to Invoices.
	Invoices.BeforeDelete = func(ctx context.Context, c *crud.Call, row *Invoice) error {
		list, err := ids(ctx, c, `SELECT id FROM payments WHERE company_id = ? AND invoice = ?`, row.CompanyID, row.ID)
		if err != nil {
			return err
		}
		for _, id := range list {
			p, err := Payments.Find(ctx, c, id, true)
			if err != nil {
				return err
			}
			if err := Payments.Delete(ctx, c, p); err != nil {
				return err
			}
		}
		return nil
	}
}

// resettle recomputes a priced document's balance after its total was
// (re)computed; old is nil on create. The paid and credited amounts are the
// stored ones (the row is locked in the writing transaction).
func resettle(p *sales.Priced, b *Balance, oldP *sales.Priced, oldB *Balance) error {
	cur, err := money.ParseCurrency(p.Currency)
	if err != nil {
		return err
	}
	total, err := minor(cur, p.Total)
	if err != nil {
		return err
	}
	if oldB == nil {
		return b.settle(cur, total, 0, 0, "items")
	}
	oldCur, err := money.ParseCurrency(oldP.Currency)
	if err != nil {
		return err
	}
	paid, err := minor(oldCur, oldB.PaidAmount)
	if err != nil {
		return err
	}
	credited, err := minor(oldCur, oldB.CreditedAmount)
	if err != nil {
		return err
	}
	if cur.Code != oldCur.Code && paid+credited > 0 {
		return &httpapi.Error{Status: 409, Message: `"currency" cannot change once payments or credit notes are recorded`,
			Fields: []httpapi.FieldError{{Field: "currency", Message: "payments or credit notes are recorded"}}}
	}
	return b.settle(cur, total, paid, credited, "items")
}
