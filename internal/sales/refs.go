package sales

import (
	"context"
	"fmt"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/money"
)

func quoted(name string) string { return `"` + name + `"` }

func short(id string) string {
	if len(id) > 40 {
		return id[:40] + "…"
	}
	return id
}

// exists runs a one-row existence query.
func exists(ctx context.Context, c *crud.Call, q string, args ...any) (bool, error) {
	var one int
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, q, args...).Scan(&one)
	if db.IsNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sales: %w", err)
	}
	return true, nil
}

// RequireClient answers 422 naming field unless id is a customer or a
// sub-client of the call's company (contracts, projects).
func RequireClient(ctx context.Context, c *crud.Call, field, id string) error {
	bad := httpapi.Invalid(field, fmt.Sprintf("%s must be the id of a customer or sub-client of your company (%q is not)", quoted(field), short(id)))
	if !db.ValidID(id) {
		return bad
	}
	ok, err := exists(ctx, c, `SELECT 1 FROM customers WHERE id = ? AND company_id = ?`, id, c.CompanyID())
	if err != nil || ok {
		return err
	}
	ok, err = exists(ctx, c, `SELECT 1 FROM principals WHERE id = ? AND company_id = ? AND kind = ?`, id, c.CompanyID(), auth.KindSubClient)
	if err != nil || ok {
		return err
	}
	return bad
}

// requireProject answers 422 naming field unless id is a project of the
// call's company. Before the projects table exists no id is one.
func requireProject(ctx context.Context, c *crud.Call, field, id string) error {
	bad := httpapi.Invalid(field, fmt.Sprintf("%s must be the id of a project of your company (%q is not)", quoted(field), short(id)))
	if !db.ValidID(id) {
		return bad
	}
	var q string
	switch c.Deps.DB.Dialect.Name() {
	case "sqlite":
		q = `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`
	case "postgres":
		q = `SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?`
	default:
		q = `SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?`
	}
	table, err := exists(ctx, c, q, "projects")
	if err != nil {
		return err
	}
	if !table {
		return bad
	}
	ok, err := exists(ctx, c, `SELECT 1 FROM projects WHERE id = ? AND company_id = ?`, id, c.CompanyID())
	if err != nil || ok {
		return err
	}
	return bad
}

// currency answers 422 naming field unless code is an ISO 4217 code.
func currency(field, code string) (money.Currency, error) {
	cur, err := money.ParseCurrency(code)
	if err != nil {
		return cur, httpapi.Invalid(field, quoted(field)+" must be an ISO 4217 currency code such as USD, EUR or INR")
	}
	return cur, nil
}

func invalidLen(field string) error {
	return httpapi.Invalid(field, quoted(field)+" length must be less than or equal to 255 characters long")
}
