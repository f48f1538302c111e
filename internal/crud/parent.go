package crud

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// ParentSpec makes a resource parent-scoped (the original's related_id
// convention): its rows hang on a parent row of one of the accepted kinds.
//
//   - POST /<group>/{id} creates a row under parent {id}, which must be a row
//     of an accepted kind in the caller's company: 404 "<Label> not found" when
//     it is missing, malformed or another company's (indistinguishable), 422
//     naming the parent column when it exists in the company but is of a kind
//     the resource does not accept. POST /<group> is not mounted.
//   - GET /<group>/{id} answers the row when {id} is one of this resource's
//     rows visible to the caller; otherwise it lists the rows under parent
//     {id} (page, limit, sort, filters and q as on the plain list; an unknown
//     or foreign parent gives an empty list). Ids are 23 random characters
//     unique across tables, so a row id never names a parent as well.
//   - PUT and DELETE /<group>/{id} take the row's own id.
//   - GET /<group> lists the company's rows under every parent.
//
// The row struct holds the parent id in Column; it is read-only in bodies.
// Activity rows of the resource carry the parent id in related_id.
type ParentSpec struct {
	Column string   // the column holding the parent id; "related_id" when empty
	Kinds  []string // accepted parent kinds (names given to RegisterParentKind, or Self)
}

// Self is the built-in parent kind whose only id is the caller's own
// principal id (the web client's /labels/<its own user id>).
const Self = "self"

// OnDelete says what deleting a parent does to the rows hanging on it.
type OnDelete int

const (
	// Refuse answers 409 listing what still hangs on the parent ("Lead still
	// has 3 notes, 1 quotation"); nothing is deleted.
	Refuse OnDelete = iota
	// Cascade deletes the children in the parent's transaction, each through
	// its resource's Delete (its hooks, its own children, its activity row).
	Cascade
)

// ParentKind is a kind of row that parent-scoped resources may hang on,
// registered by the package that owns the parent resource.
type ParentKind struct {
	Name     string   // "lead"
	Table    string   // the parent rows' table; it has id and company_id
	Label    string   // for messages: "Lead"
	OnDelete OnDelete // what deleting a parent does to its children
	// Make creates a parent of this kind through the API and returns its id;
	// the conformance suite uses it to test children of the kind.
	Make func(f Fixturer) string
}

var kinds = struct {
	sync.RWMutex
	byName   map[string]ParentKind
	children map[string]childResource // path → mounted parent-scoped resource
}{byName: map[string]ParentKind{Self: {Name: Self, Label: "User", Make: func(f Fixturer) string { return f.Self() }}},
	children: map[string]childResource{}}

// RegisterParentKind declares a parent kind. It panics when the name is
// taken by a different declaration or the kind lacks a name, label or table.
func RegisterParentKind(k ParentKind) {
	if k.Name == "" || k.Label == "" || k.Table == "" {
		panic("crud: a parent kind needs a name, a label and a table")
	}
	kinds.Lock()
	defer kinds.Unlock()
	if old, ok := kinds.byName[k.Name]; ok && (old.Table != k.Table || old.Label != k.Label || old.OnDelete != k.OnDelete) {
		panic("crud: parent kind " + k.Name + " registered twice")
	}
	kinds.byName[k.Name] = k
}

// LookupParentKind returns the registered kind with the given name.
func LookupParentKind(name string) (ParentKind, bool) {
	kinds.RLock()
	defer kinds.RUnlock()
	k, ok := kinds.byName[name]
	return k, ok
}

func allKinds() []ParentKind {
	kinds.RLock()
	defer kinds.RUnlock()
	out := make([]ParentKind, 0, len(kinds.byName))
	for _, k := range kinds.byName {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// childResource is a mounted parent-scoped resource, as parent deletes see it.
type childResource interface {
	accepts(kind string) bool
	countUnder(ctx context.Context, c *Call, companyID, parentID string) (int64, error)
	deleteUnder(ctx context.Context, c *Call, companyID, parentID string) error
	Describe() *Meta
}

func registerChild(path string, r childResource) {
	kinds.Lock()
	defer kinds.Unlock()
	kinds.children[path] = r
}

func childrenOf(kind string) []childResource {
	kinds.RLock()
	defer kinds.RUnlock()
	var out []childResource
	for _, c := range kinds.children {
		if c.accepts(kind) {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Describe().Path < out[j].Describe().Path })
	return out
}

// ParentColumn is the column holding the parent id ("" when the resource is
// not parent-scoped).
func (m *Meta) ParentColumn() string {
	if m.Parent == nil {
		return ""
	}
	return m.Parent.Column
}

func (r *Resource[T]) accepts(kind string) bool {
	if r.Parent == nil {
		return false
	}
	for _, k := range r.Parent.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// parentOf returns the parent id stored in row ("" when not parent-scoped).
func (r *Resource[T]) parentOf(row *T) string {
	if r.meta.parentField == nil {
		return ""
	}
	return r.meta.parentField.value(reflect.ValueOf(row)).String()
}

// parentLabels names the accepted kinds for messages: "Lead, deal or project".
func (r *Resource[T]) parentLabels() string {
	var ls []string
	for _, name := range r.Parent.Kinds {
		if k, ok := LookupParentKind(name); ok {
			ls = append(ls, k.Label)
		}
	}
	if len(ls) == 0 {
		return "Parent"
	}
	for i := 1; i < len(ls); i++ {
		ls[i] = strings.ToLower(ls[i])
	}
	if len(ls) == 1 {
		return ls[0]
	}
	return strings.Join(ls[:len(ls)-1], ", ") + " or " + ls[len(ls)-1]
}

// findParent looks up id as a parent of kind k visible to the call: in the
// call's company, or anywhere for a super-admin who named no company. It
// returns the parent's company, or ok=false. With lock set the parent row is
// locked for the transaction, so a concurrent delete of the parent cannot
// miss the child being inserted.
func findParent(ctx context.Context, c *Call, k ParentKind, id string, lock bool) (company string, ok bool, err error) {
	if k.Name == Self {
		if id == c.P.ID {
			return c.P.CompanyID, true, nil
		}
		return "", false, nil
	}
	if k.Table == "" {
		return "", false, nil
	}
	d := c.Deps.DB.Dialect
	q := "SELECT " + d.Quote("company_id") + " FROM " + d.Quote(k.Table) + " WHERE " + d.Quote("id") + " = ?"
	args := []any{id}
	if c.companyID != "" {
		q += " AND " + d.Quote("company_id") + " = ?"
		args = append(args, c.companyID)
	}
	if lock {
		q += forUpdate(d)
	}
	err = c.Deps.DB.Q(ctx).QueryRowContext(ctx, q, args...).Scan(&company)
	if db.IsNoRows(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("crud: parent %s: %w", k.Table, err)
	}
	return company, true, nil
}

// checkParent decides whether id may be the parent of a new row (see
// ParentSpec); on success it sets the call's company when it had none.
func (r *Resource[T]) checkParent(ctx context.Context, c *Call, id string, lock bool) error {
	notFound := httpapi.NotFound(r.parentLabels() + " not found")
	if !db.ValidID(id) {
		return notFound
	}
	for _, name := range r.Parent.Kinds {
		k, ok := LookupParentKind(name)
		if !ok {
			continue
		}
		company, found, err := findParent(ctx, c, k, id, lock)
		if err != nil {
			return err
		}
		if found {
			if c.companyID == "" {
				c.companyID = company
			}
			return nil
		}
	}
	for _, k := range allKinds() {
		if r.accepts(k.Name) {
			continue
		}
		_, found, err := findParent(ctx, c, k, id, false)
		if err != nil {
			return err
		}
		if found {
			col := r.meta.parentField.Name
			return httpapi.Invalid(col, fmt.Sprintf("%q must be the id of a %s, not of a %s", col,
				strings.ToLower(r.parentLabels()), strings.ToLower(k.Label)))
		}
	}
	return notFound
}

// countUnder counts the rows under parentID in company.
func (r *Resource[T]) countUnder(ctx context.Context, c *Call, companyID, parentID string) (int64, error) {
	where, args := r.underWhere(c, companyID, parentID)
	var n int64
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, "SELECT COUNT(*) FROM "+c.Deps.DB.Dialect.Quote(r.Table)+where, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("crud: count %s: %w", r.Table, err)
	}
	return n, nil
}

func (r *Resource[T]) underWhere(c *Call, companyID, parentID string) (string, []any) {
	q := c.Deps.DB.Dialect.Quote
	conds := []string{q("company_id") + " = ?", q(r.meta.Parent.Column) + " = ?"}
	args := []any{companyID, parentID}
	for col, v := range r.Fixed {
		conds = append(conds, q(col)+" = ?")
		args = append(args, v)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// deleteUnder deletes every row under parentID in company, one by one through
// Delete, inside the transaction in ctx.
func (r *Resource[T]) deleteUnder(ctx context.Context, c *Call, companyID, parentID string) error {
	where, args := r.underWhere(c, companyID, parentID)
	rows, err := c.Deps.DB.Q(ctx).QueryContext(ctx, r.meta.selectSQL+where+" ORDER BY "+c.Deps.DB.Dialect.Quote("id")+forUpdate(c.Deps.DB.Dialect), args...)
	if err != nil {
		return fmt.Errorf("crud: children of %s: %w", parentID, err)
	}
	var found []*T
	for rows.Next() {
		row, err := r.scan(rows)
		if err != nil {
			rows.Close()
			return fmt.Errorf("crud: scan %s: %w", r.Table, err)
		}
		found = append(found, row)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("crud: children of %s: %w", parentID, err)
	}
	cc := *c
	cc.companyID = companyID
	cc.Raw = nil
	for _, row := range found {
		if err := r.Delete(ctx, &cc, row); err != nil {
			return err
		}
	}
	return nil
}

// beforeParentDelete applies the OnDelete rule of every kind backed by the
// table of the row being deleted: it refuses (409) while children of a Refuse
// kind remain, and deletes the children of Cascade kinds.
func beforeParentDelete(ctx context.Context, c *Call, table, companyID, id string) error {
	type hit struct {
		kind  ParentKind
		child childResource
	}
	var refuse, cascade []hit
	seen := map[string]bool{}
	for _, k := range allKinds() {
		if k.Table != table {
			continue
		}
		for _, ch := range childrenOf(k.Name) {
			if seen[ch.Describe().Path] {
				continue
			}
			seen[ch.Describe().Path] = true
			if k.OnDelete == Cascade {
				cascade = append(cascade, hit{k, ch})
			} else {
				refuse = append(refuse, hit{k, ch})
			}
		}
	}
	var still []string
	label := ""
	for _, h := range refuse {
		n, err := h.child.countUnder(ctx, c, companyID, id)
		if err != nil {
			return err
		}
		if n == 0 {
			continue
		}
		if label == "" {
			label = h.kind.Label
		}
		m := h.child.Describe()
		name := strings.ToLower(m.Plural)
		if n == 1 {
			name = strings.ToLower(m.Name)
		}
		still = append(still, fmt.Sprintf("%d %s", n, name))
	}
	if len(still) > 0 {
		return &httpapi.Error{Status: http.StatusConflict, Message: label + " still has " + strings.Join(still, ", ")}
	}
	for _, h := range cascade {
		if err := h.child.deleteUnder(ctx, c, companyID, id); err != nil {
			return err
		}
	}
	return nil
}

// isParentTable reports whether some registered kind is backed by table.
func isParentTable(table string) bool {
	for _, k := range allKinds() {
		if k.Table == table {
			return true
		}
	}
	return false
}
