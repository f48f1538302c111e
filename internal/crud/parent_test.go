package crud_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"

	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// Test parent kinds over existing HR tables: departments refuse to go while
// rows hang on them, branches take their rows with them.
func init() {
	crud.RegisterParentKind(crud.ParentKind{Name: "department", Table: "departments", Label: "Department", OnDelete: crud.Refuse})
	crud.RegisterParentKind(crud.ParentKind{Name: "branch", Table: "branches", Label: "Branch", OnDelete: crud.Cascade})
}

// memo is a test child resource over the notes table.
type memo struct {
	crud.Base
	RelatedID string `db:"related_id" json:"related_id" v:"readonly,filter"`
	Title     string `db:"note_title" json:"title" v:"required,search,sort"`
	Kind      string `db:"notetype" json:"kind" v:"required,filter"`
}

var memos = &crud.Resource[memo]{
	Name: "Memo", Path: "/test-memos", Table: "notes", Tag: "Test",
	Perm:   authz.Perm{Module: "crm", Entity: "note"},
	Parent: &crud.ParentSpec{Kinds: []string{"department", "branch", crud.Self}},
	Title:  func(m *memo) string { return m.Title },
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *memo) error {
		if row.Title == "undeletable" {
			return &httpapi.Error{Status: http.StatusConflict, Message: "this memo stays"}
		}
		return nil
	},
}

// tag is a second test child over the tags table, accepting fewer kinds.
type tag struct {
	crud.Base
	RelatedID string `db:"related_id" json:"related_id" v:"readonly"`
	Name      string `db:"name" json:"name" v:"required"`
	LabelType string `db:"label_type" json:"labelType"`
}

var tags = &crud.Resource[tag]{
	Name: "Tag", Path: "/test-tags", Table: "tags", Tag: "Test",
	Parent: &crud.ParentSpec{Kinds: []string{"branch", "department"}},
}

var (
	mountOnce sync.Once
	testMux   http.Handler
)

type env struct {
	*testkit.Env
}

func newEnv(t *testing.T) env {
	e := testkit.New(t)
	mountOnce.Do(func() {
		rt := httpapi.NewRouter()
		memos.Mount(rt, e.Server.Deps)
		tags.Mount(rt, e.Server.Deps)
		aliased.Mount(rt, e.Server.Deps)
		findables.Mount(rt, e.Server.Deps)
		testMux = httpapi.Wrap(rt, httpapi.Options{MaxBodyBytes: 1 << 20, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	})
	return env{e}
}

// do sends test-resource requests to the test router, the rest to the server.
func (e env) do(want int, method, path, token string, body any) *testkit.Response {
	e.T.Helper()
	if !strings.HasPrefix(path, "/api/v1/test-") {
		return e.Must(want, method, path, token, body)
	}
	req, err := testkit.NewRequest(method, path, body)
	if err != nil {
		e.T.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	testMux.ServeHTTP(rec, req)
	r := &testkit.Response{Status: rec.Code, Raw: rec.Body.Bytes(), Header: rec.Header()}
	_ = jsonDecode(r)
	if r.Status != want {
		e.T.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, r.Raw)
	}
	return r
}

func (e env) department(token string) string {
	e.T.Helper()
	return e.Must(201, "POST", "/api/v1/departments", token, map[string]any{"department_name": "Dept " + testkit.Unique()}).ID()
}

func (e env) branch(token string) string {
	e.T.Helper()
	return e.Must(201, "POST", "/api/v1/branches", token, map[string]any{"branchName": "Branch " + testkit.Unique()}).ID()
}

func ids(r *testkit.Response) []string {
	var out []string
	for _, row := range r.List() {
		out = append(out, row["id"].(string))
	}
	return out
}

func TestParentCreateAndList(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	dept, other := e.department(co.Token), e.department(co.Token)
	var made []string
	for i, title := range []string{"alpha", "bravo", "charlie"} {
		r := e.do(201, "POST", "/api/v1/test-memos/"+dept, co.Token, map[string]any{"title": title, "kind": "call", "related_id": other})
		if r.Data()["related_id"] != dept {
			t.Fatalf("memo %d: related_id = %v, want the path's parent %s", i, r.Data()["related_id"], dept)
		}
		made = append(made, r.ID())
	}
	e.do(201, "POST", "/api/v1/test-memos/"+other, co.Token, map[string]any{"title": "elsewhere", "kind": "mail"})

	// GET /{parent}: the parent's rows only, newest first.
	got := ids(e.do(200, "GET", "/api/v1/test-memos/"+dept, co.Token, nil))
	if want := []string{made[2], made[1], made[0]}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("GET /test-memos/{dept} = %v, want %v", got, want)
	}
	// Paging, sorting, filtering and q reuse the list code.
	p := e.do(200, "GET", "/api/v1/test-memos/"+dept+"?page=2&limit=2&sort=title", co.Token, nil)
	if g := ids(p); len(g) != 1 || g[0] != made[2] {
		t.Fatalf("page 2 sorted by title: %s", p.Raw)
	}
	if pg := p.Body["pagination"].(map[string]any); pg["total"] != float64(3) || pg["pages"] != float64(2) {
		t.Fatalf("pagination: %v", pg)
	}
	if g := ids(e.do(200, "GET", "/api/v1/test-memos/"+dept+"?q=BRA", co.Token, nil)); len(g) != 1 || g[0] != made[1] {
		t.Fatalf("q=BRA under the parent: %v", g)
	}
	if g := ids(e.do(200, "GET", "/api/v1/test-memos/"+dept+"?kind=mail", co.Token, nil)); len(g) != 0 {
		t.Fatalf("kind=mail under dept (the mail memo is under another parent): %v", g)
	}
	e.do(400, "GET", "/api/v1/test-memos/"+dept+"?nope=1", co.Token, nil)

	// GET /{row id}: the row itself.
	if row := e.do(200, "GET", "/api/v1/test-memos/"+made[0], co.Token, nil).Data(); row["title"] != "alpha" {
		t.Fatalf("GET /test-memos/{row id} = %v", row)
	}
	// An id that is neither: an empty list; a malformed one: 404.
	if r := e.do(200, "GET", "/api/v1/test-memos/"+db.NewID(), co.Token, nil); len(r.List()) != 0 || r.Body["data"] == nil {
		t.Fatalf("GET of an unknown id: %s", r.Raw)
	}
	e.do(404, "GET", "/api/v1/test-memos/nope", co.Token, nil)

	// PUT and DELETE take the row's id; the parent column cannot move.
	upd := e.do(200, "PUT", "/api/v1/test-memos/"+made[0], co.Token, map[string]any{"title": "alpha 2", "related_id": other}).Data()
	if upd["title"] != "alpha 2" || upd["related_id"] != dept {
		t.Fatalf("PUT: %v", upd)
	}
	e.do(200, "DELETE", "/api/v1/test-memos/"+made[1], co.Token, nil)
	if g := ids(e.do(200, "GET", "/api/v1/test-memos/"+dept, co.Token, nil)); len(g) != 2 {
		t.Fatalf("after a delete the parent lists %v", g)
	}
	// No POST without a parent.
	e.do(405, "POST", "/api/v1/test-memos", co.Token, map[string]any{"title": "x", "kind": "y"})
}

func TestParentMissingForeignAndWrongKind(t *testing.T) {
	e := newEnv(t)
	a, b := e.NewCompany(), e.NewCompany()
	deptA := e.department(a.Token)
	body := map[string]any{"title": "t", "kind": "k"}
	const missing = "Department, branch or user not found"
	for _, parent := range []string{deptA, db.NewID(), "short", a.ID} {
		r := e.do(404, "POST", "/api/v1/test-memos/"+parent, b.Token, body)
		if r.Body["message"] != missing {
			t.Fatalf("POST under %s: message %v, want %q (foreign and missing parents look the same)", parent, r.Body["message"], missing)
		}
	}
	// The Self kind is the caller's own id only.
	e.do(404, "POST", "/api/v1/test-memos/"+b.ID, a.Token, body)
	e.do(201, "POST", "/api/v1/test-memos/"+a.ID, a.Token, body)
	if g := ids(e.do(200, "GET", "/api/v1/test-memos/"+deptA, b.Token, nil)); len(g) != 0 {
		t.Fatalf("company B lists rows under A's parent: %v", g)
	}
	// A row of the company of a kind the resource does not accept: 422 naming the column.
	r := e.do(422, "POST", "/api/v1/test-tags/"+a.ID, a.Token, map[string]any{"name": "x"})
	if errs, _ := r.Body["errors"].([]any); len(errs) != 1 || errs[0].(map[string]any)["field"] != "related_id" ||
		!strings.Contains(r.Body["message"].(string), "not of a user") {
		t.Fatalf("wrong kind: %s", r.Raw)
	}
	if g := ids(e.do(200, "GET", "/api/v1/test-tags", a.Token, nil)); len(g) != 0 {
		t.Fatalf("refused creates wrote rows: %v", g)
	}
	e.do(201, "POST", "/api/v1/test-tags/"+deptA, a.Token, map[string]any{"name": "x"})
}

func TestParentSuperAdminCreatesInParentsCompany(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	dept := e.department(co.Token)
	row := e.do(201, "POST", "/api/v1/test-memos/"+dept, e.SuperAdmin(), map[string]any{"title": "t", "kind": "k"}).Data()
	if row["company_id"] != co.ID {
		t.Fatalf("a super-admin's row under a company's parent: company_id = %v, want %s", row["company_id"], co.ID)
	}
	if g := ids(e.do(200, "GET", "/api/v1/test-memos/"+dept, co.Token, nil)); len(g) != 1 {
		t.Fatalf("the company does not list it: %v", g)
	}
}

func TestParentDeleteRefuses(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	dept := e.department(co.Token)
	m1 := e.do(201, "POST", "/api/v1/test-memos/"+dept, co.Token, map[string]any{"title": "a", "kind": "k"}).ID()
	m2 := e.do(201, "POST", "/api/v1/test-memos/"+dept, co.Token, map[string]any{"title": "b", "kind": "k"}).ID()
	tg := e.do(201, "POST", "/api/v1/test-tags/"+dept, co.Token, map[string]any{"name": "t"}).ID()
	r := e.Must(409, "DELETE", "/api/v1/departments/"+dept, co.Token, nil)
	if msg := r.Message(); msg != "Department still has 2 memos, 1 tag" {
		t.Fatalf("refused delete: %q", msg)
	}
	e.Must(200, "GET", "/api/v1/departments/"+dept, co.Token, nil)
	e.do(200, "DELETE", "/api/v1/test-memos/"+m1, co.Token, nil)
	e.do(200, "DELETE", "/api/v1/test-tags/"+tg, co.Token, nil)
	if msg := e.Must(409, "DELETE", "/api/v1/departments/"+dept, co.Token, nil).Message(); msg != "Department still has 1 memo" {
		t.Fatalf("refused delete: %q", msg)
	}
	e.do(200, "DELETE", "/api/v1/test-memos/"+m2, co.Token, nil)
	e.Must(200, "DELETE", "/api/v1/departments/"+dept, co.Token, nil)
}

func TestParentDeleteCascadesInOneTransaction(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	br, keep := e.branch(co.Token), e.branch(co.Token)
	var kids []string
	for _, title := range []string{"one", "two"} {
		kids = append(kids, e.do(201, "POST", "/api/v1/test-memos/"+br, co.Token, map[string]any{"title": title, "kind": "k"}).ID())
	}
	tg := e.do(201, "POST", "/api/v1/test-tags/"+br, co.Token, map[string]any{"name": "t"}).ID()
	kept := e.do(201, "POST", "/api/v1/test-memos/"+keep, co.Token, map[string]any{"title": "kept", "kind": "k"}).ID()

	// A child that refuses to go rolls the whole delete back.
	stuck := e.do(201, "POST", "/api/v1/test-memos/"+br, co.Token, map[string]any{"title": "undeletable", "kind": "k"}).ID()
	e.Must(409, "DELETE", "/api/v1/branches/"+br, co.Token, nil)
	e.Must(200, "GET", "/api/v1/branches/"+br, co.Token, nil)
	if g := ids(e.do(200, "GET", "/api/v1/test-memos/"+br, co.Token, nil)); len(g) != 3 {
		t.Fatalf("a failed cascade deleted children: %v left of 3", g)
	}
	e.do(200, "PUT", "/api/v1/test-memos/"+stuck, co.Token, map[string]any{"title": "three"})

	e.Must(200, "DELETE", "/api/v1/branches/"+br, co.Token, nil)
	for _, id := range append(kids, stuck) {
		if r := e.do(200, "GET", "/api/v1/test-memos/"+id, co.Token, nil); r.Data() != nil {
			t.Fatalf("child %s survived its parent: %s", id, r.Raw)
		}
	}
	if r := e.do(200, "GET", "/api/v1/test-tags/"+tg, co.Token, nil); r.Data() != nil {
		t.Fatalf("tag %s survived its parent", tg)
	}
	e.do(200, "GET", "/api/v1/test-memos/"+kept, co.Token, nil)
	// Each cascaded child has its own "deleted" entry on the parent's timeline.
	acts := e.Must(200, "GET", "/api/v1/activities/"+br+"?action=deleted", co.Token, nil).List()
	seen := map[string]bool{}
	for _, a := range acts {
		if a["related_id"] != br {
			t.Fatalf("timeline entry of another record: %v", a)
		}
		seen[a["activity_id"].(string)] = true
	}
	for _, id := range append(kids, stuck, tg) {
		if !seen[id] {
			t.Fatalf("no deleted entry for child %s on the parent's timeline: %v", id, acts)
		}
	}
}

func TestParentActivityRelatedID(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	dept := e.department(co.Token)
	id := e.do(201, "POST", "/api/v1/test-memos/"+dept, co.Token, map[string]any{"title": "first", "kind": "k"}).ID()
	e.do(200, "PUT", "/api/v1/test-memos/"+id, co.Token, map[string]any{"title": "second"})
	acts := e.Must(200, "GET", "/api/v1/activities?activity_id="+id, co.Token, nil).List()
	if len(acts) != 2 {
		t.Fatalf("want one entry per write, got %v", acts)
	}
	for _, a := range acts {
		if a["related_id"] != dept || a["activity_from"] != "memo" || a["performed_by"] != co.Username {
			t.Fatalf("entry %v: want related_id = the parent %s, by %s", a, dept, co.Username)
		}
	}
	// A row that hangs on nothing keeps its own id as related_id.
	if a := e.Must(200, "GET", "/api/v1/activities?activity_id="+dept, co.Token, nil).List(); len(a) != 1 || a[0]["related_id"] != dept {
		t.Fatalf("the department's own entry: %v", a)
	}
}

func jsonDecode(r *testkit.Response) error {
	if len(r.Raw) == 0 {
		return nil
	}
	return json.Unmarshal(r.Raw, &r.Body)
}
