package sales

import (
	"context"
	"fmt"
	"math/big"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/docnum"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/money"
)

// Contract is an agreement with a customer or sub-client.
type Contract struct {
	crud.Base
	ContractNumber string   `db:"contract_number" json:"contract_number" v:"readonly,filter,sort,search"`
	Subject        string   `db:"subject" json:"subject" v:"required,unique,search,sort"`
	Client         string   `db:"client" json:"client" v:"required,filter"`
	Project        *string  `db:"project" json:"project" v:"filter"`
	Type           string   `db:"type" json:"type" v:"required,filter,search"`
	Value          db.Money `db:"value" json:"value" v:"required,sort"`
	Currency       *string  `db:"currency" json:"currency" v:"filter"`
	StartDate      db.Time  `db:"start_date" json:"startDate" v:"required,sort"`
	EndDate        db.Time  `db:"end_date" json:"endDate" v:"required,sort"`
	Description    *string  `db:"description" json:"description" v:"text"`
	Phone          *string  `db:"phone" json:"phone"`
	City           *string  `db:"city" json:"city"`
	State          *string  `db:"state" json:"state"`
	Country        *string  `db:"country" json:"country"`
	Zipcode        *string  `db:"zipcode" json:"zipcode"`
	Address        *string  `db:"address" json:"address"`
	Notes          *string  `db:"notes" json:"notes" v:"text"`
}

// Contracts is /contracts.
var Contracts = &crud.Resource[Contract]{
	Name: "Contract", Path: "/contracts", Table: "contracts", Tag: "Sales",
	Perm: authz.Perm{Module: "crm", Entity: "contract"},
	Doc: "Rules: `contract_number` is assigned by the server as `CON#<n>`, numbered per company from 1 in the creating " +
		"transaction, never reused (read-only). `client` must be the id of a customer or of a sub-client of the caller's " +
		"company (422). `project`, when given, must be the id of a project of the caller's company (422; until projects " +
		"exist every id is refused). `subject` is unique within the company (409). `endDate` must not be before " +
		"`startDate`. `currency`, when given, is an ISO 4217 code (422 otherwise), stored upper-case, and `value` may " +
		"not have more decimals than it allows (none for JPY); `value` is an exact amount with at most two decimals, " +
		"returned as a JSON number, from 0 to below 10^13. Every route needs a token (the original left contracts " +
		"unauthenticated), and GET /contracts/{id} answers in the envelope (404 when missing).",
	Sample: func(f crud.Fixturer) map[string]any {
		cust := f.Create("/customers", map[string]any{"name": "Initech " + f.Unique(), "contact": "9876543210", "email": "ap" + f.Unique() + "@initech.example"})
		return map[string]any{"subject": "Support agreement " + f.Unique(), "client": cust, "type": "Annual support",
			"value": 12000.5, "currency": "USD", "startDate": "2025-01-01", "endDate": "2025-12-31",
			"description": "Second-line support, business hours", "phone": "9876543210", "city": "Pune", "state": "MH",
			"country": "India", "zipcode": "411001", "address": "1 Main St", "notes": "Renews yearly"}
	},
	Title: func(c *Contract) string { return c.Subject },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Contract) error {
		var errs httpapi.FieldErrors
		checkAmount(&errs, &row.Currency, "value", int64(row.Value))
		if row.EndDate < row.StartDate {
			errs.Add("endDate", `"endDate" must not be before "startDate"`)
		}
		if len(errs) > 0 {
			return errs.Err()
		}
		if old == nil || c.Present("client") {
			if err := RequireClient(ctx, c, "client", row.Client); err != nil {
				return err
			}
		}
		if row.Project != nil && *row.Project == "" {
			row.Project = nil
		}
		if row.Project != nil && (old == nil || c.Present("project")) {
			if err := requireProject(ctx, c, "project", *row.Project); err != nil {
				return err
			}
		}
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Contract) error {
		n, err := docnum.NextNumber(ctx, c.Deps.DB, row.CompanyID, docnum.Contract)
		if err != nil {
			return err
		}
		row.ContractNumber = n
		return nil
	},
}

func pow10(n int) int64 { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil).Int64() }

// checkAmount validates an optional currency (upper-cased in place; "" is
// none) and a money field held in hundredths: no more decimals than the
// currency has, and below 10^13.
func checkAmount(errs *httpapi.FieldErrors, cur **string, field string, hundredths int64) {
	digits := 2
	if *cur != nil && **cur != "" {
		if c, err := currency("currency", **cur); err != nil {
			errs.Add("currency", err.(*httpapi.Error).Message)
		} else {
			code := c.Code
			*cur = &code
			digits = c.Digits
		}
	} else {
		*cur = nil
	}
	if digits < 2 && hundredths%pow10(2-digits) != 0 {
		errs.Add(field, fmt.Sprintf(`"%s" must have at most %d decimal places in %s`, field, digits, **cur))
	}
	if hundredths >= money.MaxMinor { // 10^13 in hundredths
		errs.Add(field, fmt.Sprintf(`"%s" must be less than 10000000000000`, field))
	}
}
