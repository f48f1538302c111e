package crm

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

func quoted(name string) string { return `"` + name + `"` }

// blank turns an empty or all-space optional reference into nil: the web
// client sends "" for a select left empty.
func blank(p **string) {
	if *p != nil && strings.TrimSpace(**p) == "" {
		*p = nil
	}
}

func same(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func forUpdate(c *crud.Call) string {
	if c.Deps.DB.Dialect.Name() == "sqlite" {
		return "" // the write transaction already holds SQLite's lock
	}
	return " FOR UPDATE"
}

// lockRef reads cols of the row id of table in the call's company into dest
// and locks it for the rest of the transaction, so that a concurrent delete
// of the referenced row waits for this write (and then sees it). A missing
// row, or one of another company, answers 422 naming field.
func lockRef(ctx context.Context, c *crud.Call, table, field, what, id, cols string, dest ...any) error {
	if db.ValidID(id) {
		if cols == "" {
			cols = "id"
			var got string
			dest = []any{&got}
		}
		err := c.Deps.DB.Q(ctx).QueryRowContext(ctx,
			`SELECT `+cols+` FROM `+table+` WHERE id = ? AND company_id = ?`+forUpdate(c), id, c.CompanyID()).Scan(dest...)
		if err == nil {
			return nil
		}
		if !db.IsNoRows(err) {
			return fmt.Errorf("crm: check %s: %w", table, err)
		}
	}
	return httpapi.Invalid(field, fmt.Sprintf("%s must be the id of %s of your company", quoted(field), what))
}

// requireEmployee answers 422 naming field unless id is an employee account
// of the call's company.
func requireEmployee(ctx context.Context, c *crud.Call, field, id string) error {
	if db.ValidID(id) {
		var got string
		err := c.Deps.DB.Q(ctx).QueryRowContext(ctx,
			`SELECT id FROM principals WHERE id = ? AND company_id = ? AND kind = 'employee'`, id, c.CompanyID()).Scan(&got)
		if err == nil {
			return nil
		}
		if !db.IsNoRows(err) {
			return fmt.Errorf("crm: check employee: %w", err)
		}
	}
	return httpapi.Invalid(field, fmt.Sprintf("%s must be the id of an employee of your company", quoted(field)))
}

// use is one kind of row that still refers to a row being deleted.
type use struct {
	field string // name in the 409's errors, e.g. "leads"
	noun  string // singular noun for the message, e.g. "lead"
	table string
	col   string
}

// inUse counts, in the call's company, the rows of each use that refer to id,
// and answers 409 listing every non-zero count.
func inUse(ctx context.Context, c *crud.Call, what, id string, uses ...use) error {
	var parts []string
	var fields []httpapi.FieldError
	for _, u := range uses {
		var n int64
		err := c.Deps.DB.Q(ctx).QueryRowContext(ctx,
			`SELECT COUNT(*) FROM `+u.table+` WHERE company_id = ? AND `+u.col+` = ?`, c.CompanyID(), id).Scan(&n)
		if err != nil {
			return fmt.Errorf("crm: count %s: %w", u.table, err)
		}
		if n == 0 {
			continue
		}
		noun := u.noun
		if n != 1 {
			noun += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, noun))
		fields = append(fields, httpapi.FieldError{Field: u.field, Message: fmt.Sprintf("this %s is used by %d %s", what, n, noun)})
	}
	if len(parts) == 0 {
		return nil
	}
	return &httpapi.Error{Status: http.StatusConflict, Fields: fields,
		Message: fmt.Sprintf("This %s is still in use by %s; delete or move them first", what, strings.Join(parts, ", "))}
}
