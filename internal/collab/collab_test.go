package collab_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// parent makes a parent of kind in the company of token through the kind's Make.
func parent(t *testing.T, e *testkit.Env, token, kind string) string {
	t.Helper()
	k, ok := crud.LookupParentKind(kind)
	if !ok || k.Make == nil {
		t.Fatalf("parent kind %s is not registered with Make", kind)
	}
	return k.Make(fixturer{t, e, token})
}

type fixturer struct {
	t     *testing.T
	e     *testkit.Env
	token string
}

func (f fixturer) Create(path string, body map[string]any) string {
	f.t.Helper()
	return f.e.Must(201, "POST", "/api/v1"+path, f.token, body).ID()
}
func (f fixturer) CreatePlatform(path string, body map[string]any) string {
	f.t.Helper()
	return f.e.Must(201, "POST", "/api/v1"+path, f.e.SuperAdmin(), body).ID()
}
func (f fixturer) Unique() string { return testkit.Unique() }
func (f fixturer) Self() string {
	f.t.Helper()
	return f.e.Must(200, "GET", "/api/v1/auth/me", f.token, nil).ID()
}
func (f fixturer) Parent() string { return "" }

// TestNotesAsTheWebClientSendsThem: the original could never create a note.
func TestNotesAsTheWebClientSendsThem(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	project := parent(t, e, co.Token, "project")
	emp := e.NewMember(co, authz.All())
	created := e.Must(201, "POST", "/api/v1/notes/"+project, co.Token, map[string]any{
		"note_title": "Kick-off", "notetype": "call", "description": "Scope agreed",
		"employees": map[string]any{"id": []string{emp.ID}}})
	row := created.Data()
	emps, ok := row["employees"].(map[string]any)
	if !ok || row["related_id"] != project || row["note_title"] != "Kick-off" {
		t.Fatalf("created note: %s", created.Raw)
	}
	if ids, _ := emps["id"].([]any); len(ids) != 1 || ids[0] != emp.ID {
		t.Fatalf("employees = %v, want the object sent", emps)
	}
	list := e.Must(200, "GET", "/api/v1/notes/"+project, co.Token, nil).List()
	if len(list) != 1 || list[0]["id"] != created.ID() {
		t.Fatalf("GET /notes/{project}: %v", list)
	}
	if _, ok := list[0]["employees"].(map[string]any); !ok {
		t.Fatalf("listed employees is not an object: %v", list[0]["employees"])
	}
	upd := e.Must(200, "PUT", "/api/v1/notes/"+created.ID(), co.Token, map[string]any{"note_title": "Kick-off (moved)"}).Data()
	if upd["note_title"] != "Kick-off (moved)" || upd["related_id"] != project {
		t.Fatalf("PUT: %v", upd)
	}
	e.Must(422, "POST", "/api/v1/notes/"+project, co.Token, map[string]any{"notetype": "call"})
	e.Must(422, "POST", "/api/v1/notes/"+project, co.Token, map[string]any{"note_title": "x", "notetype": "call", "employees": []any{1}})
	r := e.Must(404, "POST", "/api/v1/notes/"+db.NewID(), co.Token, map[string]any{"note_title": "x", "notetype": "call"})
	if r.Message() != "Lead, deal or project not found" {
		t.Fatalf("missing parent: %q", r.Message())
	}
	// The caller's own id is no note parent.
	e.Must(422, "POST", "/api/v1/notes/"+co.ID, co.Token, map[string]any{"note_title": "x", "notetype": "call"})
	e.Must(200, "DELETE", "/api/v1/notes/"+created.ID(), co.Token, nil)
	if l := e.Must(200, "GET", "/api/v1/notes/"+project, co.Token, nil).List(); len(l) != 0 {
		t.Fatalf("deleted note still listed: %v", l)
	}
}

func TestLabelsUnderOwnAccount(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	me := e.NewMember(co, authz.All())
	src := e.Must(201, "POST", "/api/v1/labels/"+me.ID, me.Token, map[string]any{"name": "Website", "labelType": "source"}).Data()
	if src["related_id"] != me.ID || src["labelType"] != "source" {
		t.Fatalf("label: %v", src)
	}
	// The original's spelling lableType is read too.
	ct := e.Must(201, "POST", "/api/v1/labels/"+me.ID, me.Token, map[string]any{"name": "Website", "lableType": "contract_type"}).Data()
	if ct["labelType"] != "contract_type" {
		t.Fatalf("lableType not read: %v", ct)
	}
	// Unique per company and labelType, ignoring case.
	r := e.Must(409, "POST", "/api/v1/labels/"+me.ID, me.Token, map[string]any{"name": "WEBSITE", "labelType": "source"})
	if r.Message() != "Label with this name already exists" {
		t.Fatalf("duplicate: %s", r.Raw)
	}
	e.Must(409, "POST", "/api/v1/labels/"+co.ID, co.Token, map[string]any{"name": "website", "labelType": "source"})
	e.Must(409, "PUT", "/api/v1/labels/"+ct["id"].(string), me.Token, map[string]any{"labelType": "source"})
	e.Must(201, "POST", "/api/v1/labels/"+me.ID, me.Token, map[string]any{"name": "Website"})
	other := e.NewCompany()
	e.Must(201, "POST", "/api/v1/labels/"+other.ID, other.Token, map[string]any{"name": "Website", "labelType": "source"})

	list := e.Must(200, "GET", "/api/v1/labels/"+me.ID+"?labelType=source", me.Token, nil).List()
	if len(list) != 1 || list[0]["id"] != src["id"] {
		t.Fatalf("GET /labels/{me}?labelType=source: %v", list)
	}
	// Someone else's account id is not the caller's: 404, as for a missing parent.
	e.Must(404, "POST", "/api/v1/labels/"+co.ID, me.Token, map[string]any{"name": "Mine"})
	e.Must(404, "POST", "/api/v1/labels/"+me.ID, other.Token, map[string]any{"name": "Mine"})
	if l := e.Must(200, "GET", "/api/v1/labels/"+me.ID, other.Token, nil).List(); len(l) != 0 {
		t.Fatalf("another company lists the labels: %v", l)
	}
}

func TestNotesAndLabelsGoWithTheirParent(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	lead := parent(t, e, co.Token, "lead")
	note := e.Must(201, "POST", "/api/v1/notes/"+lead, co.Token, map[string]any{"note_title": "n", "notetype": "t"}).ID()
	label := e.Must(201, "POST", "/api/v1/labels/"+lead, co.Token, map[string]any{"name": "hot"}).ID()
	own := e.Must(201, "POST", "/api/v1/labels/"+co.ID, co.Token, map[string]any{"name": "hot", "labelType": "tag"}).ID()
	if k, _ := crud.LookupParentKind("lead"); k.Table != "branches" {
		t.Skip("leads are linked in: their own tests cover what deleting one does to its notes and labels")
	}
	e.Must(200, "DELETE", "/api/v1/branches/"+lead, co.Token, nil) // the stand-in lead (Cascade)
	if d := e.Must(200, "GET", "/api/v1/notes/"+note, co.Token, nil).Data(); d != nil {
		t.Fatalf("the note survived its lead: %v", d)
	}
	if d := e.Must(200, "GET", "/api/v1/labels/"+label, co.Token, nil).Data(); d != nil {
		t.Fatalf("the label survived its lead: %v", d)
	}
	e.Must(200, "GET", "/api/v1/labels/"+own, co.Token, nil)
}

// TestTimeline: a record's changes and those of what hangs on it, newest
// first, with who made them; inside the caller's company only.
func TestTimeline(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	deal := parent(t, e, co.Token, "deal")
	member := e.NewMember(co, authz.All())
	note := e.Must(201, "POST", "/api/v1/notes/"+deal, co.Token, map[string]any{"note_title": "first", "notetype": "t"}).ID()
	e.Must(200, "PUT", "/api/v1/notes/"+note, member.Token, map[string]any{"note_title": "second"})
	label := e.Must(201, "POST", "/api/v1/labels/"+deal, member.Token, map[string]any{"name": "urgent"}).ID()

	acts := e.Must(200, "GET", "/api/v1/activities/"+deal, co.Token, nil).List()
	want := []struct{ id, action, by, from string }{
		{label, "created", member.Username, "label"},
		{note, "updated", member.Username, "note"},
		{note, "created", co.Username, "note"},
		{deal, "created", co.Username, ""}, // the deal's own creation
	}
	if len(acts) != len(want) {
		t.Fatalf("timeline: %d entries, want %d: %v", len(acts), len(want), acts)
	}
	for i, w := range want {
		a := acts[i]
		if a["activity_id"] != w.id || a["action"] != w.action || a["performed_by"] != w.by || w.from != "" && a["activity_from"] != w.from || a["related_id"] != deal {
			t.Fatalf("entry %d = %v, want %+v", i, a, w)
		}
	}
	if a := acts[1]["activity_message"]; a != "Note second updated successfully" {
		t.Fatalf("message: %v", a)
	}
	paged := e.Must(200, "GET", "/api/v1/activities/"+deal+"?page=2&limit=2", co.Token, nil)
	if l := paged.List(); len(l) != 2 || l[0]["action"] != "created" || l[0]["activity_id"] != note || l[1]["activity_id"] != deal {
		t.Fatalf("page 2: %s", paged.Raw)
	}
	if l := e.Must(200, "GET", "/api/v1/activities/"+deal+"?activity_from=note", co.Token, nil).List(); len(l) != 2 {
		t.Fatalf("filtered timeline: %v", l)
	}
	// Another company sees an empty timeline; no token is a 401.
	other := e.NewCompany()
	if l := e.Must(200, "GET", "/api/v1/activities/"+deal, other.Token, nil).List(); len(l) != 0 {
		t.Fatalf("another company reads the timeline: %v", l)
	}
	e.Must(401, "GET", "/api/v1/activities/"+deal, "", nil)
	denied := e.NewMember(co, func() authz.Perms { p := authz.All(); delete(p["crm"]["activity"], authz.View); return p }())
	e.Must(403, "GET", "/api/v1/activities/"+deal, denied.Token, nil)
	// GET /activities/{entry id} is still the entry itself.
	if d := e.Must(200, "GET", "/api/v1/activities/"+acts[0]["id"].(string), co.Token, nil).Data(); d["activity_id"] != label {
		t.Fatalf("GET /activities/{entry id}: %v", d)
	}
}
