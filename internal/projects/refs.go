package projects

import (
	"context"
	"fmt"
	"strings"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

func quoted(name string) string { return `"` + name + `"` }

func short(id string) string {
	if len(id) > 40 {
		return id[:40] + "…"
	}
	return id
}

// blank turns an empty or all-space optional value into nil: the web client
// sends "" for a select left empty.
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

// notEmployees returns the ids of ids that are not employee accounts of
// company, in one query.
func notEmployees(ctx context.Context, c *crud.Call, company string, ids []string) ([]string, error) {
	var valid []any
	for _, id := range ids {
		if db.ValidID(id) {
			valid = append(valid, id)
		}
	}
	found := map[string]bool{}
	if len(valid) > 0 {
		q := `SELECT id FROM principals WHERE company_id = ? AND kind = ? AND id IN (?` + strings.Repeat(", ?", len(valid)-1) + `)`
		rows, err := c.Deps.DB.Q(ctx).QueryContext(ctx, q, append([]any{company, auth.KindEmployee}, valid...)...)
		if err != nil {
			return nil, fmt.Errorf("projects: check employees: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			found[id] = true
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var bad []string
	for _, id := range ids {
		if !found[id] {
			bad = append(bad, short(id))
		}
	}
	return bad, nil
}

// requireEmployees answers 422 naming field and the offending ids unless
// every id is an employee of company.
func requireEmployees(ctx context.Context, c *crud.Call, field, company string, ids []string) error {
	bad, err := notEmployees(ctx, c, company, ids)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return httpapi.Invalid(field, fmt.Sprintf("%s must hold ids of employees of your company; these are not: %s",
			quoted(field), strings.Join(bad, ", ")))
	}
	return nil
}

// dayAfter reports whether calendar day b is before a (both "YYYY-MM-DD").
func before(b, a db.Date) bool { return string(b) < string(a) }
