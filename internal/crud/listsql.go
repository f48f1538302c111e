package crud

import (
	"context"
	"net/url"

	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
)

// ListSQL returns the statement (with '?' placeholders, as the engine sends
// it through db.Querier) and arguments that list the resource for a member of
// company companyID on dialect d, given the list query parameters v
// (?limit=50&sort=-name, a filter…). It runs nothing: the page's total is not
// counted. Tests EXPLAIN it to prove the list indexes serve every sort and
// filter. A resource mounted on another dialect cannot be asked about d.
func (m *Meta) ListSQL(d db.Dialect, companyID string, v url.Values) (string, []any, error) {
	return m.listSQL(d, companyID, v)
}

func (r *Resource[T]) listSQL(d db.Dialect, companyID string, v url.Values) (string, []any, error) {
	m := r.Describe()
	m.prepare(d)
	lq, err := m.ParseList(v)
	if err != nil {
		return "", nil, err
	}
	lq.NoTotal = true
	c := &Call{Deps: &Deps{DB: &db.DB{Dialect: d}},
		P: &auth.Principal{Kind: auth.KindClient, CompanyID: companyID}, companyID: companyID}
	p, err := r.plan(context.Background(), c, lq)
	if err != nil {
		return "", nil, err
	}
	return p.q, p.args, nil
}

// SelectSQL is the resource's SELECT of every column, without a WHERE
// clause, once the resource is mounted; InsertSQL its INSERT of every
// column. Benchmarks send the same statements with plain database/sql.
func (m *Meta) SelectSQL() string { return m.selectSQL }

// InsertSQL: see SelectSQL.
func (m *Meta) InsertSQL() string { return m.insertSQL }
