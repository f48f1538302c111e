package crud

import (
	"context"
	"net/url"

	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
)

// ListSQL returns the statement (with '?' placeholders, as the engine sends
// it through db.Querier) and arguments that list the resource for a member of
// company companyID on store, given the list query parameters v
// (?limit=50&sort=-name, a filter…). It reads at most the table's indexes
// (MySQL, for the index hint): the page's total is not counted, nor is a
// MariaDB search walked. Tests EXPLAIN it to prove the list indexes serve
// every sort and filter. A resource mounted on another dialect cannot be
// asked about store's.
func (m *Meta) ListSQL(store *db.DB, companyID string, v url.Values) (string, []any, error) {
	return m.listSQL(store, companyID, v)
}

func (r *Resource[T]) listSQL(store *db.DB, companyID string, v url.Values) (string, []any, error) {
	d := store.Dialect
	m := r.Describe()
	m.prepare(d)
	lq, err := m.ParseList(v)
	if err != nil {
		return "", nil, err
	}
	lq.NoTotal = true
	c := &Call{Deps: &Deps{DB: &db.DB{Dialect: d, Read: store.Read}},
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
