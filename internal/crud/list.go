package crud

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// MaxLimit is the largest page a client may ask for.
const MaxLimit = 1000

// MaxSortKeys is the most fields one sort parameter may name.
const MaxSortKeys = 5

// ListQuery is a parsed list request: ?page&limit&sort&q plus filters on
// declared fields. Anything else is rejected with 400 rather than ignored.
type ListQuery struct {
	Page, Limit int // zero when the list is not paged
	Sort        []SortKey
	Q           string
	Filters     []Filter
	// ParentID, for a parent-scoped resource, keeps only the rows under
	// that parent.
	ParentID string
}

// SortKey orders by one field.
type SortKey struct {
	Field *Field
	Desc  bool
}

// Filter matches one field exactly.
type Filter struct {
	Field *Field
	Value any
}

// ParseList validates a list query against m.
func (m *Meta) ParseList(v url.Values) (*ListQuery, error) {
	lq := &ListQuery{}
	for key, vals := range v {
		val := vals[len(vals)-1]
		switch key {
		case "page", "limit":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				return nil, httpapi.BadRequest(fmt.Sprintf("%q must be a positive integer", key))
			}
			if key == "page" {
				if n > 1_000_000 {
					return nil, httpapi.BadRequest(`"page" must be at most 1000000`)
				}
				lq.Page = n
			} else {
				if n > MaxLimit {
					return nil, httpapi.BadRequest(fmt.Sprintf(`"limit" must be at most %d`, MaxLimit))
				}
				lq.Limit = n
			}
		case "sort":
			parts := strings.Split(val, ",")
			if len(parts) > MaxSortKeys {
				return nil, httpapi.BadRequest(fmt.Sprintf(`"sort" accepts at most %d fields`, MaxSortKeys))
			}
			seen := map[string]bool{}
			for _, part := range parts {
				part = strings.TrimSpace(part)
				desc := strings.HasPrefix(part, "-")
				name := strings.TrimPrefix(part, "-")
				f := m.byName[name]
				if f == nil || !f.Sort && !f.Filter {
					return nil, httpapi.BadRequest(fmt.Sprintf("cannot sort by %q; sortable fields: %s", name, strings.Join(m.names(func(f *Field) bool { return f.Sort || f.Filter }), ", ")))
				}
				if seen[name] {
					return nil, httpapi.BadRequest(fmt.Sprintf(`"sort" names %q more than once`, name))
				}
				seen[name] = true
				lq.Sort = append(lq.Sort, SortKey{f, desc})
			}
		case "q":
			if len(m.names(func(f *Field) bool { return f.Search })) == 0 {
				return nil, httpapi.BadRequest(m.Plural + " do not support text search (q)")
			}
			if len(val) > 200 {
				return nil, httpapi.BadRequest(`"q" must be at most 200 characters`)
			}
			lq.Q = strings.TrimSpace(val)
		default:
			f := m.byName[key]
			if f == nil || !f.Filter {
				msg := fmt.Sprintf("unknown query parameter %q", key)
				if names := m.names(func(f *Field) bool { return f.Filter }); len(names) > 0 {
					msg += "; filters: " + strings.Join(names, ", ")
				} else {
					msg += "; " + m.Plural + " accept only page, limit, sort and q"
				}
				return nil, httpapi.BadRequest(msg)
			}
			holder := reflect.New(reflect.StructOf([]reflect.StructField{{Name: "V", Type: f.typ}}))
			tmp := &Field{Name: f.Name, Kind: f.Kind, Nullable: f.Nullable, Enum: f.Enum, Email: f.Email, Max: f.Max, Shape: f.Shape, index: []int{0}, typ: f.typ}
			raw, _ := json.Marshal(val)
			if msg := tmp.decode(holder, raw); msg != "" {
				return nil, httpapi.BadRequest("invalid filter: " + msg)
			}
			lq.Filters = append(lq.Filters, Filter{Field: f, Value: tmp.arg(holder)})
		}
	}
	if lq.Page > 0 && lq.Limit == 0 {
		lq.Limit = 20
	}
	if lq.Limit > 0 && lq.Page == 0 {
		lq.Page = 1
	}
	return lq, nil
}

// orderBy renders sort as an ORDER BY list, followed by the tie-breakers
// created_at DESC and id DESC (newest first), each unless sort already orders
// by its column as it is (not lower-cased); id thus always ends up in the
// list, so the order is total.
func orderBy(d db.Dialect, sort []SortKey) string {
	var order []string
	named := map[string]bool{}
	for _, s := range sort {
		dir := " ASC"
		if s.Desc {
			dir = " DESC"
		}
		col := d.Quote(s.Field.Column)
		if s.Field.Kind == KString || s.Field.Kind == KText {
			col = "LOWER(" + col + ")" // the same order on every database, whatever its collation
		} else {
			named[s.Field.Column] = true
		}
		order = append(order, col+dir)
	}
	for _, tie := range []string{"created_at", "id"} {
		if !named[tie] {
			order = append(order, d.Quote(tie)+" DESC")
		}
	}
	return strings.Join(order, ", ")
}

func (m *Meta) names(keep func(*Field) bool) []string {
	var out []string
	for _, f := range m.Fields {
		if f.Name != "" && !f.Hidden && keep(f) {
			out = append(out, f.Name)
		}
	}
	return out
}

// List returns the rows matching lq within the call's scope, and the total
// when the list is paged.
func (r *Resource[T]) List(ctx context.Context, c *Call, lq *ListQuery) ([]*T, *httpapi.Pagination, error) {
	d := c.Deps.DB.Dialect
	conds, args := r.scope(c)
	if lq.ParentID != "" && r.Parent != nil {
		conds = append(conds, d.Quote(r.meta.Parent.Column)+" = ?")
		args = append(args, lq.ParentID)
	}
	for _, f := range lq.Filters {
		if f.Value == nil {
			conds = append(conds, d.Quote(f.Field.Column)+" IS NULL")
			continue
		}
		conds = append(conds, d.Quote(f.Field.Column)+" = ?")
		args = append(args, f.Value)
	}
	if lq.Q != "" {
		var ors []string
		for _, f := range r.meta.Fields {
			if f.Search {
				ors = append(ors, d.ILike(d.Quote(f.Column)))
				args = append(args, db.LikePattern(lq.Q))
			}
		}
		conds = append(conds, "("+strings.Join(ors, " OR ")+")")
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	q := r.meta.selectSQL + where + " ORDER BY " + orderBy(d, lq.Sort) + " LIMIT ? OFFSET ?"
	limit, offset := c.Deps.ListCap, 0
	if limit <= 0 {
		limit = 5000
	}
	var page *httpapi.Pagination
	count := func(pageNo, size int) (*httpapi.Pagination, error) {
		p := &httpapi.Pagination{Page: pageNo, Limit: size}
		if err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM "+d.Quote(r.Table)+where, args...).Scan(&p.Total); err != nil {
			return nil, fmt.Errorf("crud: count %s: %w", r.Table, err)
		}
		p.Pages = (p.Total + int64(size) - 1) / int64(size)
		return p, nil
	}
	capped := lq.Limit == 0
	if capped {
		limit++ // one more than the cap tells whether the list was cut
	} else {
		limit, offset = lq.Limit, (lq.Page-1)*lq.Limit
		var err error
		if page, err = count(lq.Page, lq.Limit); err != nil {
			return nil, nil, err
		}
	}
	rows, err := c.Deps.DB.Q(ctx).QueryContext(ctx, q, append(args, limit, offset)...)
	if err != nil {
		return nil, nil, fmt.Errorf("crud: list %s: %w", r.Table, err)
	}
	defer rows.Close()
	out := make([]*T, 0, 16)
	for rows.Next() {
		row, err := r.scan(rows)
		if err != nil {
			return nil, nil, fmt.Errorf("crud: scan %s: %w", r.Table, err)
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("crud: list %s: %w", r.Table, err)
	}
	if capped && len(out) == limit {
		// The unpaged list reached the server's cap: say so with paging
		// metadata rather than cutting it silently.
		out = out[:limit-1]
		if page, err = count(1, limit-1); err != nil {
			return nil, nil, err
		}
	}
	return out, page, nil
}

func (r *Resource[T]) list(d *Deps, w http.ResponseWriter, req *http.Request) {
	c, err := r.authorize(d, req, authz.View)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	lq, err := r.meta.ParseList(req.URL.Query())
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	rows, page, err := r.List(req.Context(), c, lq)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	httpapi.WriteJSON(w, http.StatusOK, httpapi.Envelope{Success: true, Message: r.meta.Plural + " fetched successfully", Data: rows, Pagination: page})
}

// getOrList is GET {id} on a parent-scoped resource: the row when id is one
// of the resource's rows visible to the caller, otherwise the list of the
// rows under parent id (see ParentSpec).
func (r *Resource[T]) getOrList(d *Deps, w http.ResponseWriter, req *http.Request) {
	c, err := r.authorize(d, req, authz.View)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	lq, err := r.meta.ParseList(req.URL.Query())
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	id := req.PathValue("id")
	row, err := r.Find(req.Context(), c, id, false)
	if err == nil {
		httpapi.OK(w, http.StatusOK, r.Name+" fetched successfully", row)
		return
	}
	if e, ok := err.(*httpapi.Error); !ok || e.Status != http.StatusNotFound || !db.ValidID(id) {
		httpapi.WriteError(w, req, err)
		return
	}
	lq.ParentID = id
	rows, page, err := r.List(req.Context(), c, lq)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	httpapi.WriteJSON(w, http.StatusOK, httpapi.Envelope{Success: true, Message: r.meta.Plural + " fetched successfully", Data: rows, Pagination: page})
}
