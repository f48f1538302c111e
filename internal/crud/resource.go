// Package crud is the resource engine. A resource is declared once, as a Go
// struct plus a Resource value, and the engine derives from it the five REST
// routes, input validation, storage SQL, company (tenant) scoping, permission
// checks, audit columns, the activity log and its OpenAPI description. The
// conformance suite in crudtest runs against every registered resource.
//
// # Parent-scoped collections
//
// A resource whose rows hang on a parent record (the original's related_id:
// notes, tasks, quotations… of a lead, deal or project) declares Parent:
//
//	var Notes = &crud.Resource[Note]{
//		Name: "Note", Path: "/notes", Table: "notes",
//		Parent: &crud.ParentSpec{Column: "related_id", Kinds: []string{"lead", "deal", "project"}},
//		...
//	}
//
// The row struct has a non-pointer string field on that column (read-only in
// bodies). POST /notes/{parentId} creates under the parent, GET /notes/{id}
// answers the row or else lists parent {id}'s rows (paged, sorted, filtered
// and searched as any list), PUT and DELETE /notes/{id} take the row's id;
// see ParentSpec. The package that owns a parent resource registers its kind
// once, with what deleting a parent does to the rows on it:
//
//	crud.RegisterParentKind(crud.ParentKind{Name: "lead", Table: "leads", Label: "Lead",
//		OnDelete: crud.Cascade, Make: func(f crud.Fixturer) string { return f.Create("/leads", body) }})
//
// Then every delete through the engine of a row of that table applies the
// rule in its transaction (Refuse: 409 "Lead still has 3 notes, 1
// quotation"; Cascade: children deleted through their own Delete). The kind
// Self (the caller's own account id) is built in. Activity entries of a
// child carry the parent id in related_id, so GET /activities/{parentId} is
// the parent's timeline. Business code creates children with CreateUnder;
// Insert trusts the parent column it is given.
package crud

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"

	"github.com/crmhrm/crm/internal/platform/activity"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Base holds the columns every row has. Embed it first in a resource struct.
type Base struct {
	ID        string  `db:"id" json:"id" v:"readonly"`
	CompanyID string  `db:"company_id" json:"company_id" v:"readonly"`
	CreatedBy *string `db:"created_by" json:"created_by" v:"readonly"`
	UpdatedBy *string `db:"updated_by" json:"updated_by" v:"readonly"`
	CreatedAt db.Time `db:"created_at" json:"createdAt" v:"readonly,sort"`
	UpdatedAt db.Time `db:"updated_at" json:"updatedAt" v:"readonly,sort"`
}

// Scope says who owns a resource's rows.
type Scope int

const (
	// Company rows belong to one company; callers see only their own company's
	// rows, a super-admin sees every company's.
	Company Scope = iota
	// Platform rows are the super-admin's catalogues; nobody else may touch them.
	Platform
	// Shared rows form two layers in one table: the platform's (empty
	// company_id) and each company's own. The engine adds no company condition;
	// the resource's RowScope decides what a caller sees, and its hooks which
	// layer a caller may write (see internal/reference).
	Shared
)

// Op is one of the five generated operations.
type Op int

// The generated operations.
const (
	OpList Op = 1 << iota
	OpGet
	OpCreate
	OpUpdate
	OpDelete
	AllOps = OpList | OpGet | OpCreate | OpUpdate | OpDelete
)

// Deps are the services handlers need.
type Deps struct {
	DB      *db.DB
	Auth    *auth.Service
	ListCap int // rows returned by an unpaged list (default 5000)
	// Files attaches uploaded files to the fields declared file or files
	// (see FileRef); nil: such fields keep texts only.
	Files FileHook
	// Totals keeps paged lists' totals between writes (nil: every page
	// counts its total).
	Totals *Totals
}

// Call is what a hook sees about the request being served.
type Call struct {
	Deps      *Deps
	P         *auth.Principal
	Raw       map[string]json.RawMessage // the request body, by input name
	Request   *http.Request
	companyID string
}

// Present reports whether the request body carried the named input field.
func (c *Call) Present(name string) bool { _, ok := c.Raw[name]; return ok }

// CompanyID is the company the request acts in: the caller's own, or for a
// super-admin the company of the row (or of the body's company_id on create).
func (c *Call) CompanyID() string { return c.companyID }

// Resource declares a REST resource over a table. T is its row struct, which
// embeds Base.
type Resource[T any] struct {
	Name   string // singular, capitalised for messages: "Department"
	Plural string // defaults to Name+"s"
	Path   string // under /api/v1, e.g. "/departments"
	Table  string
	Tag    string     // OpenAPI tag (business area)
	Perm   authz.Perm // empty: any signed-in member of the company (with RowScope)
	Scope  Scope
	Ops    Op                // operations to mount; AllOps when zero
	Fixed  map[string]string // column → value every row of this resource has
	// Example is a valid create body, used by the OpenAPI document and the
	// conformance suite.
	Example map[string]any
	// Sample builds a valid create body when one needs other rows first (an
	// employee, a job…); the conformance suite calls it instead of using Example.
	Sample func(f Fixturer) map[string]any
	// Doc states the resource's business rules; the OpenAPI document appends
	// it to the description of each of its operations.
	Doc string
	// Parent makes the resource parent-scoped (see ParentSpec): rows are
	// created with POST /<group>/{parentId} and listed by parent.
	Parent *ParentSpec
	// Title renders a row for activity messages.
	Title func(*T) string
	// RowScope adds a condition (with '?' args) to every read and write, for
	// rules finer than the company (for example "my notifications").
	RowScope func(c *Call) (cond string, args []any)
	// Normalize rewrites a create or update body before it is decoded, for
	// input shapes a client sends that the declared fields do not (a list
	// sent as an object keyed by name). It gets a copy it may change.
	Normalize func(raw map[string]json.RawMessage)
	// Busy marks a resource whose tables grow large: every field it declares
	// sort or filter must have a list index led by company_id (see the
	// README's Migrations section); a test in internal/migrations checks the
	// migrated schema of each dialect against the declaration.
	Busy bool

	// Validate checks cross-field rules after the fields parsed; old is nil on create.
	Validate     func(ctx context.Context, c *Call, row, old *T) error
	BeforeCreate func(ctx context.Context, c *Call, row *T) error
	AfterCreate  func(ctx context.Context, c *Call, row *T) error
	BeforeUpdate func(ctx context.Context, c *Call, old, row *T) error
	AfterUpdate  func(ctx context.Context, c *Call, old, row *T) error
	BeforeDelete func(ctx context.Context, c *Call, row *T) error
	AfterDelete  func(ctx context.Context, c *Call, row *T) error

	meta *Meta
}

// Meta is the type-erased description of a resource, read by the router,
// the OpenAPI generator and the conformance suite.
type Meta struct {
	Name, Plural, Path, Table, Tag string
	Perm                           authz.Perm
	Scope                          Scope
	Ops                            Op
	Fields                         []*Field
	Fixed                          map[string]string
	Example                        map[string]any
	Sample                         func(f Fixturer) map[string]any
	HasRowScope                    bool
	Doc                            string // business rules, for the API docs
	Parent                         *ParentSpec
	Busy                           bool // see Resource.Busy

	parentField *Field
	mu          sync.Mutex
	preparedFor string // dialect the SQL below was built for
	cols        []string
	selectSQL   string
	insertSQL   string
	updateSQL   string
	deleteSQL   string
	byName      map[string]*Field
	codec       *rowCodec
	amounts     []amountField // see fixAmounts
	legacy      func(ctx context.Context, store *db.DB, ids []string) (any, error)
	listSQL     func(store *db.DB, companyID string, v url.Values) (string, []any, error)
}

// Fixturer creates rows through the API inside one company, for Sample
// functions used by the conformance suite.
type Fixturer interface {
	// Create POSTs body to path (under /api/v1, e.g. "/employees") as the
	// company owner and returns the new row's id; it fails the test on error.
	Create(path string, body map[string]any) string
	// CreatePlatform does the same as the super-admin, for platform catalogues.
	CreatePlatform(path string, body map[string]any) string
	// Unique returns a fresh lowercase suffix for values that must not collide.
	Unique() string
	// Self returns the principal id of the account Create acts as (the
	// company owner): the parent id of the Self kind.
	Self() string
	// Parent returns the id of the parent the sample is created under, for
	// a parent-scoped resource whose body names a sibling row (a payment's
	// invoice of the same project); "" for other resources.
	Parent() string
}

// Mountable is a declared resource.
type Mountable interface {
	Describe() *Meta
	Mount(rt *httpapi.Router, d *Deps)
}

// Describe returns the resource's metadata, building it on first use.
func (r *Resource[T]) Describe() *Meta {
	if r.meta != nil {
		return r.meta
	}
	var zero T
	fields, err := parseFields(reflect.TypeOf(zero))
	if err != nil {
		panic(err)
	}
	m := &Meta{Name: r.Name, Plural: r.Plural, Path: r.Path, Table: r.Table, Tag: r.Tag, Perm: r.Perm,
		Scope: r.Scope, Ops: r.Ops, Fields: fields, Fixed: r.Fixed, Example: r.Example, Sample: r.Sample, HasRowScope: r.RowScope != nil,
		byName: map[string]*Field{}}
	m.Doc = r.Doc
	m.Busy = r.Busy
	if r.Parent != nil {
		p := *r.Parent
		if p.Column == "" {
			p.Column = "related_id"
		}
		p.Kinds = append([]string(nil), p.Kinds...)
		r.Parent = &p
		m.Parent = &p
		for _, f := range fields {
			if f.Column == p.Column {
				m.parentField = f
			}
		}
		if f := m.parentField; f == nil || f.Kind != KString || f.Nullable || f.Name == "" {
			panic("crud: " + r.Path + ": the parent column " + p.Column + " must be a non-pointer string field with a wire name")
		}
		m.parentField.ReadOnly = true // set from the path, never from a body
	}
	if m.Plural == "" {
		m.Plural = m.Name + "s"
	}
	if m.Ops == 0 {
		m.Ops = AllOps
	}
	for _, f := range fields {
		if f.Kind == KPassword && r.Table != auth.AccountsTable {
			// A password write ends the account's sessions, which live in the
			// accounts table; a password elsewhere could not end any.
			panic("crud: " + r.Path + ": password field " + f.Name + " outside the " + auth.AccountsTable + " table")
		}
		m.cols = append(m.cols, f.Column)
		if f.Name != "" {
			m.byName[f.Name] = f
		}
	}
	m.checkAliases()
	registerSearch(m)
	m.codec = newRowCodec(reflect.TypeOf(zero), fields)
	m.amounts = amountFields(r.Path, fields)
	m.legacy = r.rowsByID
	m.listSQL = r.listSQL
	r.meta = m
	return m
}

// Field returns the field with the given wire name, or nil.
func (m *Meta) Field(name string) *Field { return m.byName[name] }

// prepare builds the resource's SQL for dialect d once; later mounts on the
// same dialect (more servers in one process) leave it untouched, so requests
// already being served never read it while it is written.
func (m *Meta) prepare(d db.Dialect) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.preparedFor == d.Name() {
		return
	}
	if m.preparedFor != "" {
		panic("crud: " + m.Path + " mounted on both " + m.preparedFor + " and " + d.Name())
	}
	m.preparedFor = d.Name()
	q := make([]string, len(m.cols))
	ph := make([]string, len(m.cols))
	var set []string
	for i, c := range m.cols {
		q[i] = d.Quote(c)
		ph[i] = "?"
		if c != "id" && c != "company_id" && c != "created_at" && c != "created_by" {
			set = append(set, d.Quote(c)+" = ?")
		}
	}
	t := d.Quote(m.Table)
	m.selectSQL = "SELECT " + strings.Join(q, ", ") + " FROM " + t
	m.insertSQL = "INSERT INTO " + t + " (" + strings.Join(q, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")"
	m.updateSQL = "UPDATE " + t + " SET " + strings.Join(set, ", ")
	m.deleteSQL = "DELETE FROM " + t
}

func forUpdate(d db.Dialect) string {
	if d.Name() == "sqlite" {
		return "" // the write transaction already holds SQLite's lock
	}
	return " FOR UPDATE"
}

// Mount registers the resource's routes under /api/v1.
func (r *Resource[T]) Mount(rt *httpapi.Router, d *Deps) {
	m := r.Describe()
	m.prepare(d.DB.Dialect)
	base := "/api/v1" + r.Path
	// The handlers carry d in every Call: a declaration is shared by every
	// server built in the process (tests build several) and holds no deps.
	bind := func(h func(d *Deps, w http.ResponseWriter, req *http.Request)) http.HandlerFunc {
		return d.Auth.Require(func(w http.ResponseWriter, req *http.Request) { h(d, w, req) })
	}
	if m.Ops&OpList != 0 {
		rt.HandleFunc("GET "+base, bind(r.list))
	}
	if r.Parent != nil {
		registerChild(r.Path, r)
	}
	r.registerFileOwner()
	if m.Ops&OpCreate != 0 {
		if r.Parent != nil {
			rt.HandleFunc("POST "+base+"/{id}", bind(r.create))
		} else {
			rt.HandleFunc("POST "+base, bind(r.create))
		}
	}
	if m.Ops&OpGet != 0 {
		if r.Parent != nil {
			rt.HandleFunc("GET "+base+"/{id}", bind(r.getOrList))
		} else {
			rt.HandleFunc("GET "+base+"/{id}", bind(r.get))
		}
	}
	if m.Ops&OpUpdate != 0 {
		rt.HandleFunc("PUT "+base+"/{id}", bind(r.update))
	}
	if m.Ops&OpDelete != 0 {
		rt.HandleFunc("DELETE "+base+"/{id}", bind(r.remove))
	}
}

// authorize checks the caller may perform action; it returns the call.
func (r *Resource[T]) authorize(d *Deps, req *http.Request, action string) (*Call, error) {
	p := auth.From(req.Context())
	c := &Call{Deps: d, P: p, Request: req, companyID: p.CompanyID}
	if r.Scope == Platform {
		if !p.IsSuperAdmin() {
			return nil, httpapi.Forbidden("Only a super-admin may do this")
		}
		return c, nil
	}
	if r.Perm.Module != "" && !p.Can(r.Perm, action) {
		return nil, httpapi.Forbidden("You are not authorized to perform this action")
	}
	if !p.IsSuperAdmin() && p.CompanyID == "" {
		return nil, httpapi.Forbidden("You do not belong to a company")
	}
	return c, nil
}

// ReadScope is for hand-written reads of the resource's table (a calendar
// merging several tables, a report): it applies the same permission check as
// the resource's own list (a 403 *httpapi.Error when the caller may not view
// it) and returns the WHERE condition, with its '?' arguments, that every
// statement of the resource carries (the caller's company, fixed columns,
// RowScope), over unqualified column names. It is never empty.
func (r *Resource[T]) ReadScope(d *Deps, req *http.Request) (string, []any, error) {
	r.Describe()
	c, err := r.authorize(d, req, authz.View)
	if err != nil {
		return "", nil, err
	}
	conds, args := r.scope(c)
	if len(conds) == 0 {
		return "1 = 1", nil, nil
	}
	return strings.Join(conds, " AND "), args, nil
}

// scope returns the WHERE conditions every statement on this resource carries.
func (r *Resource[T]) scope(c *Call) ([]string, []any) {
	var conds []string
	var args []any
	q := c.Deps.DB.Dialect.Quote
	if r.Scope == Company && !c.P.IsSuperAdmin() {
		conds = append(conds, q("company_id")+" = ?")
		args = append(args, c.P.CompanyID)
	}
	for col, v := range r.Fixed {
		conds = append(conds, q(col)+" = ?")
		args = append(args, v)
	}
	if r.RowScope != nil {
		if cond, a := r.RowScope(c); cond != "" {
			conds = append(conds, "("+cond+")")
			args = append(args, a...)
		}
	}
	return conds, args
}

func (r *Resource[T]) scan(rows interface{ Scan(...any) error }) (*T, error) {
	row := new(T)
	dest := r.meta.codec.targets(reflect.ValueOf(row), r.meta.Fields)
	if err := rows.Scan(scanTargets(dest)...); err != nil {
		return nil, err
	}
	r.meta.fixAmounts(dest)
	return row, nil
}

// writeRow answers one row in the success envelope: the bytes of
// httpapi.OK, written by the resource's codec when it has one.
func (r *Resource[T]) writeRow(w http.ResponseWriter, status int, msg string, row *T) {
	codec := r.meta.codec
	if codec.fallback {
		httpapi.OK(w, status, msg, row)
		return
	}
	bp := bufPool.Get().(*[]byte)
	b := append((*bp)[:0], `{"success":true,"message":`...)
	b = appendString(b, msg)
	b = append(b, `,"data":`...)
	b, err := codec.append(b, codec.targets(reflect.ValueOf(row), r.meta.Fields))
	if err != nil {
		bufPool.Put(bp)
		httpapi.OK(w, status, msg, row) // encoding/json reports the same value as an error
		return
	}
	b = append(b, '}')
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
	*bp = b[:0]
	bufPool.Put(bp)
}

// Find loads one row by id within the call's scope; a missing or foreign row
// is a 404. With lock set it locks the row for the current transaction.
func (r *Resource[T]) Find(ctx context.Context, c *Call, id string, lock bool) (*T, error) {
	if !db.ValidID(id) {
		return nil, httpapi.NotFound(r.Name + " not found")
	}
	conds, args := r.scope(c)
	conds = append([]string{c.Deps.DB.Dialect.Quote("id") + " = ?"}, conds...)
	args = append([]any{id}, args...)
	q := r.meta.selectSQL + " WHERE " + strings.Join(conds, " AND ")
	if lock {
		q += forUpdate(c.Deps.DB.Dialect)
	}
	row, err := r.scan(c.Deps.DB.Q(ctx).QueryRowContext(ctx, q, args...))
	if err != nil {
		if db.IsNoRows(err) {
			return nil, httpapi.NotFound(r.Name + " not found")
		}
		return nil, fmt.Errorf("crud: get %s: %w", r.Table, err)
	}
	return row, nil
}

func baseOf[T any](row *T) *Base {
	return reflect.ValueOf(row).Elem().FieldByName("Base").Addr().Interface().(*Base)
}

// decodeInto applies the body's fields to row; it returns all field errors.
func (r *Resource[T]) decodeInto(row *T, raw map[string]json.RawMessage, creating bool) httpapi.FieldErrors {
	var errs httpapi.FieldErrors
	rv := reflect.ValueOf(row)
	for _, f := range r.meta.Fields {
		if f.ReadOnly || f.Base || f.Name == "" || r.Fixed[f.Column] != "" {
			continue
		}
		in, ok := raw[f.Name]
		if !ok {
			continue
		}
		if msg := f.decode(rv, in); msg != "" {
			errs.Add(f.Name, msg)
		}
	}
	for _, f := range r.meta.Fields {
		if !f.Required || f.ReadOnly || f.Base || r.Fixed[f.Column] != "" {
			continue
		}
		if _, bad := errsHas(errs, f.Name); bad {
			continue
		}
		_, sent := raw[f.Name]
		if creating && !sent && f.Default == "" || f.isEmpty(rv) && (creating || sent) {
			errs.Add(f.Name, quoted(f.Name)+" is required")
		}
	}
	return errs
}

func errsHas(errs httpapi.FieldErrors, name string) (int, bool) {
	for i, e := range errs {
		if e.Field == name {
			return i, true
		}
	}
	return 0, false
}

func (r *Resource[T]) applyDefaults(row *T) {
	rv := reflect.ValueOf(row)
	for _, f := range r.meta.Fields {
		if f.Default == "" {
			continue
		}
		raw, _ := json.Marshal(f.Default)
		if f.Kind == KBool || f.Kind == KInt || f.Kind == KFloat || f.Kind == KMoney {
			raw = []byte(f.Default)
		}
		f.decode(rv, raw)
	}
	for col, v := range r.Fixed {
		for _, f := range r.meta.Fields {
			if f.Column == col {
				f.value(rv).SetString(v)
			}
		}
	}
}

// checkUnique answers 409 when a unique field collides with another row of
// the same company (or of the whole platform for platform resources).
func (r *Resource[T]) checkUnique(ctx context.Context, c *Call, row *T) error {
	rv := reflect.ValueOf(row)
	b := baseOf(row)
	q := c.Deps.DB.Dialect.Quote
	for _, f := range r.meta.Fields {
		if !f.Unique {
			continue
		}
		val := f.arg(rv)
		if val == nil || val == "" {
			continue
		}
		col := q(f.Column) + " = ?"
		if f.CI {
			col = "LOWER(" + q(f.Column) + ") = LOWER(?)"
		}
		conds := []string{col, q("id") + " <> ?"}
		args := []any{val, b.ID}
		if r.Scope == Company && !f.Global {
			conds = append(conds, q("company_id")+" = ?")
			args = append(args, b.CompanyID)
		}
		var one int
		err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, "SELECT 1 FROM "+q(r.Table)+" WHERE "+strings.Join(conds, " AND ")+" LIMIT 1", args...).Scan(&one)
		if err == nil {
			return &httpapi.Error{Status: http.StatusConflict, Message: fmt.Sprintf("%s with this %s already exists", r.Name, f.Name),
				Fields: []httpapi.FieldError{{Field: f.Name, Message: "already exists"}}}
		}
		if !db.IsNoRows(err) {
			return fmt.Errorf("crud: unique check %s: %w", r.Table, err)
		}
	}
	return nil
}

// hashPassword hashes a password (bcrypt, tens of milliseconds). The engine
// calls it before it opens the write transaction of a create or update, so
// that SQLite's only writer is not held meanwhile; tests instrument it.
var hashPassword = func(ctx context.Context, c *Call, plain string) (string, error) {
	return c.Deps.Auth.HashPassword(plain)
}

// hashed is a password of the body hashed ahead of the write transaction.
type hashed struct{ plain, hash string }

// hashPasswords replaces the row's password fields (only those in the body
// when only is given) by their hashes; it reports whether it set any. A value
// found in pre (hashed earlier from the body) takes its hash from there.
func (r *Resource[T]) hashPasswords(ctx context.Context, c *Call, row *T, only map[string]json.RawMessage, pre map[*Field]hashed) (bool, error) {
	set := false
	rv := reflect.ValueOf(row)
	for _, f := range r.meta.Fields {
		if f.Kind != KPassword {
			continue
		}
		if only != nil {
			if _, ok := only[f.Name]; !ok {
				continue
			}
		}
		v := f.value(rv)
		if v.String() == "" {
			continue
		}
		h := pre[f].hash
		if h == "" || pre[f].plain != v.String() {
			var err error
			if h, err = hashPassword(ctx, c, v.String()); err != nil {
				return false, err
			}
		}
		v.SetString(h)
		set = true
	}
	return set, nil
}

// prehash hashes, outside any transaction, each password the body of an
// update carries that passes the field's own checks; the row's other rules
// are judged later, in the transaction, which then only takes the hash.
func (r *Resource[T]) prehash(ctx context.Context, c *Call, raw map[string]json.RawMessage) (map[*Field]hashed, error) {
	var pre map[*Field]hashed
	for _, f := range r.meta.Fields {
		in, sent := raw[f.Name]
		if f.Kind != KPassword || !sent || f.ReadOnly || r.Fixed[f.Column] != "" {
			continue
		}
		scratch := reflect.ValueOf(new(T))
		if f.decode(scratch, in) != "" {
			continue // refused in the transaction, with the body's other errors
		}
		plain := f.value(scratch).String()
		if plain == "" {
			continue
		}
		h, err := hashPassword(ctx, c, plain)
		if err != nil {
			return nil, err
		}
		if pre == nil {
			pre = map[*Field]hashed{}
		}
		pre[f] = hashed{plain, h}
	}
	return pre, nil
}

func (r *Resource[T]) args(row *T) []any {
	rv := reflect.ValueOf(row)
	out := make([]any, len(r.meta.Fields))
	for i, f := range r.meta.Fields {
		out[i] = f.arg(rv)
	}
	return out
}

// Insert writes a new row inside the transaction in ctx: it fills the audit
// columns, runs the BeforeCreate/AfterCreate hooks, checks uniqueness, hashes
// password fields and records the activity. Business code that creates rows
// of this resource (imports, conversions) calls it instead of writing SQL;
// CreateWith, which hashes before its transaction, suits password rows better.
func (r *Resource[T]) Insert(ctx context.Context, c *Call, row *T) error {
	return r.insert(ctx, c, row, false)
}

// insert is Insert; with passwordsHashed the row's password fields already
// hold hashes.
func (r *Resource[T]) insert(ctx context.Context, c *Call, row *T, passwordsHashed bool) error {
	b := baseOf(row)
	if b.ID == "" {
		b.ID = db.NewID()
	}
	if r.Scope == Company && b.CompanyID == "" {
		b.CompanyID = c.companyID
	}
	now := db.Stamp()
	b.CreatedAt, b.UpdatedAt = now, now
	by := c.P.Username
	b.CreatedBy, b.UpdatedBy = &by, &by
	if r.BeforeCreate != nil {
		if err := r.BeforeCreate(ctx, c, row); err != nil {
			return err
		}
	}
	if err := r.checkUnique(ctx, c, row); err != nil {
		return err
	}
	if !passwordsHashed {
		if _, err := r.hashPasswords(ctx, c, row, nil, nil); err != nil {
			return err
		}
	}
	if _, err := c.Deps.DB.Q(ctx).ExecContext(ctx, r.meta.insertSQL, r.args(row)...); err != nil {
		return r.writeErr(c, err)
	}
	if r.AfterCreate != nil {
		if err := r.AfterCreate(ctx, c, row); err != nil {
			return err
		}
	}
	return r.record(ctx, c, row, "created")
}

func (r *Resource[T]) writeErr(c *Call, err error) error {
	if c.Deps.DB.Dialect.IsUniqueViolation(err) {
		return httpapi.Conflict(r.Name + " already exists")
	}
	return fmt.Errorf("crud: write %s: %w", r.Table, err)
}

func (r *Resource[T]) record(ctx context.Context, c *Call, row *T, action string) error {
	b := baseOf(row)
	msg := r.Name + " " + action + " successfully"
	if r.Title != nil {
		if t := r.Title(row); t != "" {
			msg = r.Name + " " + t + " " + action + " successfully"
		}
	}
	company := b.CompanyID
	if r.Scope == Platform {
		company = ""
	}
	related := b.ID
	if p := r.parentOf(row); p != "" {
		related = p // the parent's timeline lists its children's changes
	}
	return activity.Record(ctx, c.Deps.DB, activity.Entry{CompanyID: company, RelatedID: related, From: strings.ToLower(r.Name),
		EntityID: b.ID, Action: action, PerformedBy: c.P.Username, Message: msg})
}

// resolveCompany decides the company a super-admin's create acts in.
func (r *Resource[T]) resolveCompany(ctx context.Context, c *Call) error {
	if r.Scope != Company || !c.P.IsSuperAdmin() {
		return nil
	}
	var cid string
	if raw, ok := c.Raw["company_id"]; ok {
		_ = json.Unmarshal(raw, &cid)
	}
	if cid == "" && r.Parent != nil {
		return nil // the parent's company (checkParent)
	}
	if cid == "" {
		return httpapi.Invalid("company_id", `"company_id" is required when a super-admin creates a company record`)
	}
	var one int
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT 1 FROM principals WHERE id = ? AND kind = ?`, cid, auth.KindClient).Scan(&one)
	if db.IsNoRows(err) {
		return httpapi.Invalid("company_id", `"company_id" is not an existing company`)
	}
	if err != nil {
		return err
	}
	c.companyID = cid
	return nil
}

func (r *Resource[T]) create(d *Deps, w http.ResponseWriter, req *http.Request) {
	c, err := r.authorize(d, req, authz.Create)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	raw, err := httpapi.ReadObject(req)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	var row *T
	if r.Parent != nil {
		row, err = r.CreateUnder(req.Context(), c, req.PathValue("id"), raw, nil)
	} else {
		row, err = r.CreateWith(req.Context(), c, raw, nil)
	}
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	r.writeRow(w, http.StatusCreated, r.Name+" created successfully", row)
}

// CreateWith validates raw as a create body and inserts the row in one
// transaction, exactly as POST on the resource does once the caller is
// authorized. prepare, when given, runs inside the transaction before the
// BeforeCreate hook. Custom endpoints use it after their own permission check.
func (r *Resource[T]) CreateWith(ctx context.Context, c *Call, raw map[string]json.RawMessage, prepare func(ctx context.Context, row *T) error) (*T, error) {
	if r.Parent != nil {
		return nil, httpapi.NotFound(r.parentLabels() + " not found")
	}
	return r.createIn(ctx, c, "", raw, prepare)
}

// CreateUnder is CreateWith for a parent-scoped resource: the row is created
// under parentID, which must be acceptable (see ParentSpec). The parent row is
// locked in the transaction, so a concurrent delete of the parent either sees
// the new row or happens first (and then this create answers 404).
func (r *Resource[T]) CreateUnder(ctx context.Context, c *Call, parentID string, raw map[string]json.RawMessage, prepare func(ctx context.Context, row *T) error) (*T, error) {
	if r.Parent == nil {
		panic("crud: CreateUnder on " + r.Path + ", which declares no Parent")
	}
	if !db.ValidID(parentID) {
		return nil, httpapi.NotFound(r.parentLabels() + " not found")
	}
	return r.createIn(ctx, c, parentID, raw, prepare)
}

func (r *Resource[T]) createIn(ctx context.Context, c *Call, parentID string, raw map[string]json.RawMessage, prepare func(ctx context.Context, row *T) error) (*T, error) {
	raw, aliasErrs := r.meta.canonical(r.normalize(raw))
	c.Raw = raw
	if err := r.resolveCompany(ctx, c); err != nil {
		return nil, err
	}
	if parentID != "" {
		// Outside the transaction first, so that a bad parent answers before
		// the body is judged; checked again under lock below.
		if err := r.checkParent(ctx, c, parentID, false); err != nil {
			return nil, err
		}
		if r.Scope == Company && c.companyID == "" {
			return nil, httpapi.Invalid("company_id", `"company_id" is required when a super-admin creates a company record`)
		}
	}
	row := new(T)
	r.applyDefaults(row)
	if errs := append(aliasErrs, r.decodeInto(row, raw, true)...); len(errs) > 0 {
		return nil, errs.Err()
	}
	if parentID != "" {
		r.meta.parentField.value(reflect.ValueOf(row)).SetString(parentID)
	}
	if r.Validate != nil {
		if err := r.Validate(ctx, c, row, nil); err != nil {
			return nil, err
		}
	}
	// Hashing takes tens of milliseconds: done before the transaction, so
	// that it does not hold the writer.
	if _, err := r.hashPasswords(ctx, c, row, nil, nil); err != nil {
		return nil, err
	}
	err := c.Deps.DB.InTx(ctx, func(ctx context.Context) error {
		if parentID != "" {
			if err := r.checkParent(ctx, c, parentID, true); err != nil {
				return err
			}
		}
		if prepare != nil {
			if err := prepare(ctx, row); err != nil {
				return err
			}
		}
		if b := baseOf(row); b.ID == "" {
			b.ID = db.NewID() // the files attached below name the row
		}
		if err := r.attachFiles(ctx, c, row, false); err != nil {
			return err
		}
		return r.insert(ctx, c, row, true)
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

func (r *Resource[T]) get(d *Deps, w http.ResponseWriter, req *http.Request) {
	c, err := r.authorize(d, req, authz.View)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	row, err := r.Find(req.Context(), c, req.PathValue("id"), false)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	r.writeRow(w, http.StatusOK, r.Name+" fetched successfully", row)
}

// update is PUT {id}: a partial update. The row is locked and re-read in the
// write transaction, the body's fields are applied onto it (absent fields keep
// their values), then hooks, uniqueness and the write run in that transaction.
func (r *Resource[T]) update(d *Deps, w http.ResponseWriter, req *http.Request) {
	c, err := r.authorize(d, req, authz.Update)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	raw, err := httpapi.ReadObject(req)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	raw, aliasErrs := r.meta.canonical(r.normalize(raw))
	c.Raw = raw
	ctx := req.Context()
	// A new password is hashed before the transaction (see hashPassword).
	pre, err := r.prehash(ctx, c, raw)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	var out *T
	err = c.Deps.DB.InTx(ctx, func(ctx context.Context) error {
		old, err := r.Find(ctx, c, req.PathValue("id"), true)
		if err != nil {
			return err
		}
		if c.P.IsSuperAdmin() {
			c.companyID = baseOf(old).CompanyID
		}
		row := new(T)
		*row = *old
		if errs := append(aliasErrs, r.decodeInto(row, raw, false)...); len(errs) > 0 {
			return errs.Err()
		}
		if r.Validate != nil {
			if err := r.Validate(ctx, c, row, old); err != nil {
				return err
			}
		}
		b := baseOf(row)
		b.UpdatedAt = db.Stamp()
		if b.UpdatedAt <= baseOf(old).UpdatedAt {
			b.UpdatedAt = baseOf(old).UpdatedAt + 1
		}
		by := c.P.Username
		b.UpdatedBy = &by
		if r.BeforeUpdate != nil {
			if err := r.BeforeUpdate(ctx, c, old, row); err != nil {
				return err
			}
		}
		if err := r.checkUnique(ctx, c, row); err != nil {
			return err
		}
		if err := r.attachFiles(ctx, c, row, true); err != nil {
			return err
		}
		newPassword, err := r.hashPasswords(ctx, c, row, raw, pre)
		if err != nil {
			return err
		}
		if err := r.Write(ctx, c, row); err != nil {
			return err
		}
		if newPassword {
			// Whatever the route, a new password ends the account's older
			// sessions, in the transaction that writes it.
			if err := auth.EndSessions(ctx, c.Deps.DB, b.ID); err != nil {
				return err
			}
		}
		if r.AfterUpdate != nil {
			if err := r.AfterUpdate(ctx, c, old, row); err != nil {
				return err
			}
		}
		out = row
		return r.record(ctx, c, row, "updated")
	})
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	r.writeRow(w, http.StatusOK, r.Name+" updated successfully", out)
}

// Write stores every column of an existing row (found earlier in the same
// transaction) as it is now.
func (r *Resource[T]) Write(ctx context.Context, c *Call, row *T) error {
	rv := reflect.ValueOf(row)
	var args []any
	for _, f := range r.meta.Fields {
		switch f.Column {
		case "id", "company_id", "created_at", "created_by":
			continue
		}
		args = append(args, f.arg(rv))
	}
	b := baseOf(row)
	args = append(args, b.ID, b.CompanyID)
	_, err := c.Deps.DB.Q(ctx).ExecContext(ctx, r.meta.updateSQL+" WHERE "+c.Deps.DB.Dialect.Quote("id")+" = ? AND "+c.Deps.DB.Dialect.Quote("company_id")+" = ?", args...)
	if err != nil {
		return r.writeErr(c, err)
	}
	return nil
}

func (r *Resource[T]) remove(d *Deps, w http.ResponseWriter, req *http.Request) {
	c, err := r.authorize(d, req, authz.Delete)
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	ctx := req.Context()
	var gone *T
	err = c.Deps.DB.InTx(ctx, func(ctx context.Context) error {
		row, err := r.Find(ctx, c, req.PathValue("id"), true)
		if err != nil {
			return err
		}
		if c.P.IsSuperAdmin() {
			c.companyID = baseOf(row).CompanyID
		}
		if err := r.Delete(ctx, c, row); err != nil {
			return err
		}
		gone = row
		return nil
	})
	if err != nil {
		httpapi.WriteError(w, req, err)
		return
	}
	httpapi.OK(w, http.StatusOK, r.Name+" deleted successfully", gone)
}

// Delete removes a row found earlier in the same transaction, with its hooks
// and activity entry. When the resource's table backs a registered parent
// kind, the kind's OnDelete rule runs first, in the same transaction: 409
// while Refuse children remain, Cascade children deleted.
func (r *Resource[T]) Delete(ctx context.Context, c *Call, row *T) error {
	if r.BeforeDelete != nil {
		if err := r.BeforeDelete(ctx, c, row); err != nil {
			return err
		}
	}
	b := baseOf(row)
	if isParentTable(r.Table) {
		if err := beforeParentDelete(ctx, c, r.Table, b.CompanyID, b.ID); err != nil {
			return err
		}
	}
	q := c.Deps.DB.Dialect.Quote
	if _, err := c.Deps.DB.Q(ctx).ExecContext(ctx, r.meta.deleteSQL+" WHERE "+q("id")+" = ? AND "+q("company_id")+" = ?", b.ID, b.CompanyID); err != nil {
		return fmt.Errorf("crud: delete %s: %w", r.Table, err)
	}
	if err := r.releaseFiles(ctx, c, row); err != nil {
		return err
	}
	if r.AfterDelete != nil {
		if err := r.AfterDelete(ctx, c, row); err != nil {
			return err
		}
	}
	return r.record(ctx, c, row, "deleted")
}

// NewCall builds a Call for business code that acts for principal p outside a
// generated handler (custom endpoints, imports).
func (r *Resource[T]) NewCall(d *Deps, req *http.Request, p *auth.Principal, companyID string) *Call {
	return &Call{Deps: d, P: p, Request: req, companyID: companyID}
}

// normalize applies the declaration's Normalize to a copy of raw.
func (r *Resource[T]) normalize(raw map[string]json.RawMessage) map[string]json.RawMessage {
	if r.Normalize == nil {
		return raw
	}
	cp := make(map[string]json.RawMessage, len(raw))
	for k, v := range raw {
		cp[k] = v
	}
	r.Normalize(cp)
	return cp
}
