package crm_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/crm"
	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/testkit"
)

// TestSortedPagesReadAnIndex checks, with SQLite's query planner, that a page
// of leads or deals sorted by any declared sort field, in either direction,
// is read in order from an index rather than by sorting the company's rows.
// The query is the one the engine builds (Meta.ListSQL).
func TestSortedPagesReadAnIndex(t *testing.T) {
	if testkit.Dialect() != "sqlite" {
		t.Skip("the plan check reads SQLite's EXPLAIN QUERY PLAN; the indexes are the same on PostgreSQL")
	}
	e := testkit.Warm(t)
	for _, m := range []*crud.Meta{crm.Leads.Describe(), crm.Deals.Describe()} {
		for _, f := range m.Fields {
			if !f.Sort {
				continue
			}
			for _, sort := range []string{f.Name, "-" + f.Name} {
				// The statement the engine sends for this page, tie-breakers
				// included (they follow the sort's direction).
				list, args, err := m.ListSQL(e.DB, "x", url.Values{"sort": {sort}, "limit": {"50"}})
				if err != nil {
					t.Fatal(err)
				}
				q := "EXPLAIN QUERY PLAN " + list
				rows, err := e.DB.Q(t.Context()).QueryContext(t.Context(), q, args...)
				if err != nil {
					t.Fatal(err)
				}
				var plan []string
				for rows.Next() {
					var id, parent, unused int
					var detail string
					if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
						t.Fatal(err)
					}
					plan = append(plan, detail)
				}
				rows.Close()
				p := strings.Join(plan, "; ")
				if strings.Contains(p, "TEMP B-TREE") || !strings.Contains(p, "USING INDEX") {
					t.Errorf("%s?sort=%s is not read from an index: %s", m.Path, sort, p)
				}
			}
		}
	}
}
