package crud

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

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
	// Cursor, when set, starts the page after the row it names (keyset
	// paging; see cursor).
	Cursor string
	// NoTotal skips the count (?total=false): the pagination then has no
	// total and pages.
	NoTotal bool
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
		case "cursor":
			if val == "" || len(val) > 4096 {
				return nil, httpapi.BadRequest(`"cursor" is not a valid cursor of this list; start again without it`)
			}
			lq.Cursor = val
		case "total":
			switch val {
			case "true":
			case "false":
				lq.NoTotal = true
			default:
				return nil, httpapi.BadRequest(`"total" must be true or false`)
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
					msg += "; " + m.Plural + " accept only page, limit, cursor, total, sort and q"
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
	if lq.Cursor != "" {
		if lq.Page > 0 {
			return nil, httpapi.BadRequest(`"cursor" and "page" cannot be combined: a cursor names where the page starts`)
		}
		if lq.Limit == 0 {
			lq.Limit = 20
		}
		return lq, nil
	}
	if lq.Page > 0 && lq.Limit == 0 {
		lq.Limit = 20
	}
	if lq.Limit > 0 && lq.Page == 0 {
		lq.Page = 1
	}
	return lq, nil
}

// orderBy renders the order keys (see orderKeys) as an ORDER BY list: sort,
// then the tie-breakers created_at and id in the direction of sort's last key
// (newest first with no sort), each unless sort already orders by its column
// as it is (not lower-cased); id thus always ends up in the list, so the
// order is total.
func orderBy(d db.Dialect, keys []orderKey) string {
	order := make([]string, len(keys))
	for i, k := range keys {
		col := d.Quote(k.f.Column)
		if k.lower {
			col = "LOWER(" + col + ")" // the same order on every database, whatever its collation
		}
		if k.desc {
			order[i] = col + " DESC"
		} else {
			order[i] = col + " ASC"
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

// listPlan is a list request turned into SQL.
type listPlan struct {
	q      string // the rows, with LIMIT ? OFFSET ? arguments last in args
	args   []any
	limit  int // rows of the answer
	capped bool
	keys   []orderKey
	page   *httpapi.Pagination
	count  func(pageNo, size int) (*httpapi.Pagination, error)
	// lead: the first row read is the one before the page, whose cursor is
	// the page's anchor; it is not answered.
	lead    bool
	anchors *pageAnchors // nil when no anchors are kept
	pageNo  int
}

// plan builds lq's SQL and, for a paged list that wants it, counts the total.
func (r *Resource[T]) plan(ctx context.Context, c *Call, lq *ListQuery) (_ *listPlan, err error) {
	var claimed *pageAnchors
	defer func() {
		if err != nil {
			claimed.release()
		}
	}()
	d := c.Deps.DB.Dialect
	conds, args := r.scope(c)
	// eq: the columns the conditions compare for equality, for indexHint.
	var eq []string
	if r.Scope == Company && !c.P.IsSuperAdmin() {
		eq = append(eq, "company_id")
	}
	for col := range r.Fixed {
		eq = append(eq, col)
	}
	if lq.ParentID != "" && r.Parent != nil {
		conds = append(conds, d.Quote(r.meta.Parent.Column)+" = ?")
		args = append(args, lq.ParentID)
		eq = append(eq, r.meta.Parent.Column)
	}
	for _, f := range lq.Filters {
		eq = append(eq, f.Field.Column)
		if f.Value == nil {
			conds = append(conds, d.Quote(f.Field.Column)+" IS NULL")
			continue
		}
		conds = append(conds, d.Quote(f.Field.Column)+" = ?")
		args = append(args, f.Value)
	}
	p := &listPlan{keys: r.meta.orderKeys(d, lq.Sort)}
	order := orderBy(d, p.keys)
	index, hint := "", "" // see indexHint: not with a row scope's own condition
	if r.RowScope == nil {
		slices.Sort(eq)
		if index = r.meta.indexHint(ctx, c.Deps.DB, slices.Compact(eq), p.keys); index != "" {
			hint = " USE INDEX (" + index + ")"
		}
	}
	countConds, countArgs := conds, args
	var sc qCond
	if lq.Q != "" {
		if sc, err = r.meta.searchCond(ctx, c.Deps.DB, lq.Q, len(lq.Sort) > 0); err != nil { // see search.go
			return nil, err
		}
		countConds = append(slices.Clone(conds), sc.count)
		countArgs = append(slices.Clone(args), sc.countArgs...)
	}
	countWhere := whereOf(countConds)
	p.count = func(pageNo, size int) (*httpapi.Pagination, error) {
		pg := &httpapi.Pagination{Page: pageNo, Limit: size}
		if lq.NoTotal {
			pg.NoTotal = true
			return pg, nil
		}
		total, err := c.Deps.Totals.count(ctx, c.Deps.DB.Q(ctx), r.Table, "SELECT COUNT(*) FROM "+d.Quote(r.Table)+countWhere, countArgs)
		if err != nil {
			return nil, fmt.Errorf("crud: count %s: %w", r.Table, err)
		}
		pg.Total = total
		pg.Pages = (pg.Total + int64(size) - 1) / int64(size)
		return pg, nil
	}
	if lq.Limit > 0 {
		if p.page, err = p.count(lq.Page, lq.Limit); err != nil {
			return nil, err
		}
	}
	walked := false // the rows are a MariaDB search walk's (see search.go)
	if lq.Q != "" {
		// A walk of a newest-first page (see mariadbWalk); not when the
		// total says that q is rarer than the rows the page needs four times
		// over: the index finds so few at once.
		n := lq.Page*lq.Limit + 1
		if len(lq.Sort) == 0 && lq.Cursor == "" && lq.Limit > 0 && (p.page.NoTotal || p.page.Total >= 4*int64(n)) {
			ids, ok, err := r.meta.mariadbWalk(ctx, c.Deps.DB, lq.Q, hint, whereOf(conds), args, order, n)
			if err != nil {
				return nil, err
			}
			if ok {
				walked = true
				sc.rows, sc.rowsArgs = "1 = 0", nil
				if len(ids) > 0 {
					sc.rows, sc.rowsArgs = d.Quote("id")+" IN (?"+strings.Repeat(", ?", len(ids)-1)+")", ids
				}
			}
		}
		conds = append(conds, sc.rows)
		args = append(args, sc.rowsArgs...)
	}
	where := whereOf(conds)
	offset := 0
	if lq.Limit > 0 && lq.Cursor == "" {
		offset = (lq.Page - 1) * lq.Limit
	}
	cur := lq.Cursor
	if offset > 0 && !walked {
		// A deep page: where it starts may be kept (see anchors.go).
		key := r.meta.Path + where + " ORDER BY " + order + "\x00" + sortSpec(lq.Sort) + "\x00" +
			fmt.Sprintf("%#v", args) + "\x00" + strconv.Itoa(lq.Limit)
		cur, p.anchors = c.Deps.Totals.anchor(ctx, r.Table, key, lq.Page)
		claimed, p.pageNo = p.anchors, lq.Page
	}
	rowsWhere := where
	var vals []any
	if cur != "" {
		var err error
		if vals, err = decodeCursor(cursorKey(c.Deps), cur, r.Table, lq.Sort, p.keys); err != nil {
			if lq.Cursor != "" {
				return nil, err
			}
			vals = nil // a kept anchor that does not decode: the offset, then
		}
	}
	if vals != nil {
		cond, cargs := afterCond(d, p.keys, vals)
		if rowsWhere == "" {
			rowsWhere = " WHERE " + cond
		} else {
			rowsWhere += " AND " + cond
		}
		args = append(append([]any{}, args...), cargs...)
		offset = 0
	}
	if lq.Limit == 0 {
		p.capped = true
		p.limit = c.Deps.ListCap
		if p.limit <= 0 {
			p.limit = 5000
		}
	} else {
		p.limit = lq.Limit
	}
	// One row more than the answer holds tells whether more follow.
	fetch := p.limit + 1
	if offset > 0 && p.anchors != nil {
		// The row before the page names where it starts: kept for the next
		// request of this page.
		p.lead = true
		offset--
		fetch++
	}
	// Left a choice, MariaDB reads a keyset page of whole rows by the
	// company's entries of the index from the newest, skipping every row
	// after the cursor (ref access, the bound on the first key unused). So a
	// keyset page forces its index when one serves the order (a range from
	// the cursor), and otherwise asks for ids first, which also starts the
	// range at the cursor: 280 ms against 1 and 2 ms at row 50,000.
	if lq.Q != "" && !walked {
		index, hint = "", "" // MATCH … AGAINST: the full-text index is the optimizer's to choose
	}
	switch {
	case vals != nil && index != "":
		// A keyset page on MySQL/MariaDB from its index: forced, the index
		// is read as a range from the cursor (as fast as a first page); left
		// a choice, MariaDB reads it from the company's newest entry.
		p.q = r.meta.selectSQL + " FORCE INDEX (" + index + ")" + rowsWhere + " ORDER BY " + order + " LIMIT ? OFFSET ?"
	case walked:
		// The walk's rows by primary key. Left to choose, MariaDB weighs
		// each list index against the ids first, which doubles the time.
		p.q = r.meta.selectSQL + " FORCE INDEX (PRIMARY)" + rowsWhere + " ORDER BY " + order + " LIMIT ? OFFSET ?"
	case offset >= deepOffset || vals != nil && d.Name() == "mysql":
		p.q = deferredSQL(d, r.meta.selectSQL, r.Table, hint, rowsWhere, order)
	default:
		p.q = r.meta.selectSQL + hint + rowsWhere + " ORDER BY " + order + " LIMIT ? OFFSET ?"
	}
	p.args = append(args, fetch, offset)
	return p, nil
}

// planRows plans lq and runs the plan's statement. A statement that names an
// index the table no longer has (dropped under the running server; see
// indexHint) is planned and run once more, with the indexes read anew.
func (r *Resource[T]) planRows(ctx context.Context, c *Call, lq *ListQuery) (*listPlan, *sql.Rows, error) {
	for try := 0; ; try++ {
		p, err := r.plan(ctx, c, lq)
		if err != nil {
			return nil, nil, err
		}
		rows, err := c.Deps.DB.Q(ctx).QueryContext(ctx, p.q, p.args...)
		if err == nil {
			return p, rows, nil
		}
		p.anchors.release()
		if !db.IsUnknownIndex(err) || try > 0 {
			return nil, nil, fmt.Errorf("crud: list %s: %w", r.Table, err)
		}
		c.Deps.DB.ForgetIndexes()
	}
}

// whereOf renders conditions as a WHERE clause ("" when there are none).
func whereOf(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}

// next returns the cursor of the rows after row rv (a pointer to the row).
func (r *Resource[T]) next(c *Call, lq *ListQuery, keys []orderKey, rv reflect.Value) string {
	vals := make([]any, len(keys))
	for i, k := range keys {
		vals[i] = k.f.arg(rv)
	}
	return encodeCursor(cursorKey(c.Deps), cursor{Path: r.Table, Sort: sortSpec(lq.Sort), Vals: vals})
}

// finish completes the pagination once the rows are read: an unpaged list
// that reached the server's cap says so with paging metadata rather than
// being cut silently; a page followed by more rows carries their cursor.
func (p *listPlan) finish(more bool, next func() string) (*httpapi.Pagination, error) {
	page := p.page
	if more && p.anchors != nil {
		p.anchors.keep(p.pageNo+1, next())
	}
	if p.capped {
		if !more {
			return nil, nil
		}
		var err error
		if page, err = p.count(1, p.limit); err != nil {
			return nil, err
		}
	}
	if more && page != nil {
		page.Next = next()
	}
	return page, nil
}

// List returns the rows matching lq within the call's scope, and the
// pagination when the list is paged (or cut at the server's cap).
func (r *Resource[T]) List(ctx context.Context, c *Call, lq *ListQuery) ([]*T, *httpapi.Pagination, error) {
	p, rows, err := r.planRows(ctx, c, lq)
	if err != nil {
		return nil, nil, err
	}
	defer p.anchors.release()
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
	if err := rows.Close(); err != nil { // before finish may count (see streamList)
		return nil, nil, fmt.Errorf("crud: list %s: %w", r.Table, err)
	}
	if p.lead && len(out) > 0 {
		p.anchors.keep(p.pageNo, r.next(c, lq, p.keys, reflect.ValueOf(out[0])))
		p.anchors.release()
		out = out[1:]
	}
	more := len(out) > p.limit
	if more {
		out = out[:p.limit]
	}
	page, err := p.finish(more, func() string { return r.next(c, lq, p.keys, reflect.ValueOf(out[len(out)-1])) })
	if err != nil {
		return nil, nil, err
	}
	return out, page, nil
}

// bufPool holds the buffers lists are encoded into.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// flushAt is how much of a list is buffered before it is sent: below the
// pooled buffer's 64 KiB, so that a page of 50 ordinary rows is written once.
const flushAt = 56 << 10

// streamList answers a list: each row is scanned into one reused struct and
// encoded at once into a pooled buffer, which is sent whenever it holds
// flushAt bytes; the answer is what encoding/json writes for the envelope
// with the rows as data. An answer that fits the buffer (a page) is sent
// whole, with its Content-Length, in one write instead of chunks. Until the
// first send an error is answered as usual; after it the error is logged and
// the answer is cut short (invalid JSON).
func (r *Resource[T]) streamList(w http.ResponseWriter, req *http.Request, c *Call, lq *ListQuery, msg string) {
	ctx := req.Context()
	p, rows, err := r.planRows(ctx, c, lq)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	defer p.anchors.release()
	defer rows.Close()
	bp := bufPool.Get().(*[]byte)
	b := (*bp)[:0]
	defer func() {
		if cap(b) <= 1<<20 {
			*bp = b[:0]
			bufPool.Put(bp)
		}
	}()
	started := false
	send := func(last bool) {
		if !started {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			if last {
				w.Header().Set("Content-Length", strconv.Itoa(len(b)))
			}
			w.WriteHeader(http.StatusOK)
			started = true
		}
		_, _ = w.Write(b)
		b = b[:0]
	}
	fail := func(err error) {
		if started {
			slog.Error("list failed after its answer started", "path", req.URL.Path, "err", err)
			return
		}
		httpapi.WriteError(w, req, err)
	}
	b = append(b, `{"success":true,"message":`...)
	b = appendString(b, msg)
	b = append(b, `,"data":[`...)
	codec := r.meta.codec
	row := new(T)
	rv := reflect.ValueOf(row)
	dest := codec.targets(rv, r.meta.Fields)
	scan := scanTargets(dest)
	n, more, next := 0, false, ""
	lead := p.lead
	for rows.Next() {
		if n == p.limit {
			more = true
			break
		}
		if err := rows.Scan(scan...); err != nil {
			fail(fmt.Errorf("crud: scan %s: %w", r.Table, err))
			return
		}
		r.meta.fixAmounts(dest)
		if lead {
			lead = false
			p.anchors.keep(p.pageNo, r.next(c, lq, p.keys, rv))
			p.anchors.release() // the page's anchor is kept: requests waiting for it seek from it
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		if codec.fallback {
			j, err := json.Marshal(row)
			if err != nil {
				fail(err)
				return
			}
			b = append(b, j...)
		} else if b, err = codec.append(b, dest); err != nil {
			fail(err)
			return
		}
		n++
		if n == p.limit && (p.page != nil || p.capped) {
			next = r.next(c, lq, p.keys, rv) // before the next Scan overwrites the row
		}
		if len(b) >= flushAt {
			send(false)
		}
	}
	if err := rows.Err(); err != nil {
		fail(fmt.Errorf("crud: list %s: %w", r.Table, err))
		return
	}
	// Give the connection back before finish counts: holding it while asking
	// the pool for another can starve the pool under concurrent lists.
	if err := rows.Close(); err != nil {
		fail(fmt.Errorf("crud: list %s: %w", r.Table, err))
		return
	}
	page, err := p.finish(more, func() string { return next })
	if err != nil {
		fail(err)
		return
	}
	b = append(b, ']')
	if page != nil {
		pj, err := json.Marshal(page)
		if err != nil {
			fail(err)
			return
		}
		b = append(b, `,"pagination":`...)
		b = append(b, pj...)
	}
	b = append(b, '}')
	send(true)
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
	r.streamList(w, req, c, lq, r.meta.Plural+" fetched successfully")
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
		r.writeRow(w, http.StatusOK, r.Name+" fetched successfully", row)
		return
	}
	if e, ok := err.(*httpapi.Error); !ok || e.Status != http.StatusNotFound || !db.ValidID(id) {
		httpapi.WriteError(w, req, err)
		return
	}
	lq.ParentID = id
	r.streamList(w, req, c, lq, r.meta.Plural+" fetched successfully")
}
