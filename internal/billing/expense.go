package billing

import (
	"context"
	"fmt"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Expense is money spent on a project.
type Expense struct {
	crud.Base
	RelatedID    string        `db:"related_id" json:"related_id" v:"readonly,filter"`
	Project      string        `db:"project" json:"project" v:"readonly,filter"`
	Item         string        `db:"item" json:"item" v:"required,search,sort"`
	Currency     string        `db:"currency" json:"currency" v:"required,filter"`
	Price        crud.Amount   `db:"price_e4" json:"price" v:"readonly,sort"`
	PurchaseDate db.Time       `db:"purchase_date" json:"purchase_date" v:"required,sort"`
	Employee     *string       `db:"employee" json:"employee" v:"filter"`
	Description  *string       `db:"description" json:"description"`
	Bill         *crud.FileRef `db:"bill" json:"bill" v:"file"`
}

// Expenses is /expenses/{projectId}.
var Expenses = &crud.Resource[Expense]{
	Name: "Expense", Path: "/expenses", Table: "expenses", Tag: "Billing",
	Perm:   authz.Perm{Module: "crm", Entity: "expense"},
	Parent: projectKinds,
	Doc: "Rules: created under a project (`POST /expenses/{projectId}`); `project` is that project's id (a body's " +
		"`project` is ignored). `currency` is an ISO 4217 code (422), stored upper-case. `price` (required; a JSON " +
		"number or a decimal string, exact) is greater than 0 with at most the currency's decimals and below 10^15 " +
		"minor units, answered as a decimal string with the currency's digits (the original stored a FLOAT); a sort " +
		"key, ordered by value. " +
		"`employee`, when given, is the id of an employee of the company (422).",
	Example: map[string]any{"item": "Laptop stand", "currency": "USD", "price": "49.90", "purchase_date": "2025-01-15",
		"description": "For the designer", "bill": "https://files.example/bill-17.pdf"},
	Title: func(x *Expense) string { return x.Item },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Expense) error {
		cur, err := parseCurrency("currency", row.Currency)
		if err != nil {
			return err
		}
		row.Currency = cur.Code
		if old == nil || c.Present("price") {
			amt, err := parseAmount(c, "price", cur)
			if err != nil {
				return err
			}
			row.Price = crud.Amount(cur.Format(amt))
		} else if _, err := minor(cur, row.Price); err != nil {
			return httpapi.Invalid("price", fmt.Sprintf(`"price" %s has more decimals than %s allows`, row.Price, cur.Code))
		}
		if row.Employee != nil && *row.Employee == "" {
			row.Employee = nil
		}
		if row.Employee != nil && (old == nil || c.Present("employee")) {
			bad := httpapi.Invalid("employee", `"employee" must be the id of an employee of your company`)
			if !db.ValidID(*row.Employee) {
				return bad
			}
			ok, err := exists(ctx, c, `SELECT 1 FROM principals WHERE id = ? AND company_id = ? AND kind = ?`, *row.Employee, c.CompanyID(), auth.KindEmployee)
			if err != nil {
				return err
			}
			if !ok {
				return bad
			}
		}
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Expense) error {
		row.Project = row.RelatedID
		return nil
	},
}
