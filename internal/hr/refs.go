package hr

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// maxRefs bounds how many employee ids one field may list.
const maxRefs = 500

func quoted(name string) string { return `"` + name + `"` }

// requireEmployee answers 422 naming field unless id is an employee of the
// call's company.
func requireEmployee(ctx context.Context, c *crud.Call, field, id string) error {
	return requireEmployees(ctx, c, field, []string{id})
}

// requireEmployees answers 422 naming field unless every id is an employee of
// the call's company.
func requireEmployees(ctx context.Context, c *crud.Call, field string, ids []string) error {
	if len(ids) == 0 {
		return httpapi.Invalid(field, quoted(field)+" must name at least one employee")
	}
	if len(ids) > maxRefs {
		return httpapi.Invalid(field, fmt.Sprintf("%s may name at most %d employees", quoted(field), maxRefs))
	}
	want := map[string]bool{}
	var args []any
	args = append(args, c.CompanyID())
	for _, id := range ids {
		if !db.ValidID(id) {
			return notEmployee(field, id)
		}
		if !want[id] {
			want[id] = true
			args = append(args, id)
		}
	}
	q := `SELECT id FROM principals WHERE company_id = ? AND kind = 'employee' AND id IN (?` + strings.Repeat(", ?", len(want)-1) + `)`
	rows, err := c.Deps.DB.Q(ctx).QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("hr: check employees: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return fmt.Errorf("hr: check employees: %w", err)
		}
		delete(want, id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("hr: check employees: %w", err)
	}
	for _, id := range ids {
		if want[id] {
			return notEmployee(field, id)
		}
	}
	return nil
}

func notEmployee(field, id string) error {
	if len(id) > 40 {
		id = id[:40] + "…"
	}
	return httpapi.Invalid(field, fmt.Sprintf("%s must be the id of an employee of your company (%q is not)", quoted(field), id))
}

// lockEmployee locks the employee's account row for the rest of the
// transaction, so that checks across one employee's rows (overlapping leave)
// cannot race; it reports whether the employee exists in the company.
func lockEmployee(ctx context.Context, c *crud.Call, id string) (bool, error) {
	if !db.ValidID(id) {
		return false, nil
	}
	q := `SELECT id FROM principals WHERE id = ? AND company_id = ? AND kind = 'employee'`
	if c.Deps.DB.Dialect.Name() != "sqlite" { // SQLite's write transaction already holds the lock
		q += " FOR UPDATE"
	}
	var got string
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, q, id, c.CompanyID()).Scan(&got)
	if db.IsNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("hr: lock employee: %w", err)
	}
	return true, nil
}

// requireRow answers 422 naming field unless id is a row of table in the
// call's company.
func requireRow(ctx context.Context, c *crud.Call, table, field, id, what string) error {
	if db.ValidID(id) {
		var one int
		err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE id = ? AND company_id = ?`, id, c.CompanyID()).Scan(&one)
		if err == nil {
			return nil
		}
		if !db.IsNoRows(err) {
			return fmt.Errorf("hr: check %s: %w", table, err)
		}
	}
	return httpapi.Invalid(field, fmt.Sprintf("%s must be the id of %s of your company", quoted(field), what))
}

// employeeIDs reads the employee ids out of a JSON field that holds one id,
// an array of ids, or an object whose values are ids or arrays of ids (the
// shapes the original's clients sent). It returns a message when the
// document has another shape.
func employeeIDs(field string, doc []byte) ([]string, string) {
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return nil, quoted(field) + " must be valid JSON"
	}
	bad := quoted(field) + " must be an array of employee ids (or an object whose values are employee ids)"
	var out []string
	add := func(x any) bool {
		switch t := x.(type) {
		case string:
			out = append(out, strings.TrimSpace(t))
			return true
		case []any:
			for _, e := range t {
				s, ok := e.(string)
				if !ok {
					return false
				}
				out = append(out, strings.TrimSpace(s))
			}
			return true
		}
		return false
	}
	switch t := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !add(t[k]) {
				return nil, bad
			}
		}
	default:
		if !add(t) {
			return nil, bad
		}
	}
	return out, ""
}

// normTime writes a time of day as HH:MM:SS (the field's pattern has already
// accepted HH:MM or HH:MM:SS).
func normTime(s string) string {
	if len(s) == 5 {
		return s + ":00"
	}
	return s
}
