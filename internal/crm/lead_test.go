package crm_test

import (
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

// The body the web client's "Create Lead" form sends, empty selects included.
func clientLeadBody() map[string]any {
	return map[string]any{"leadTitle": "E2E lead", "firstName": "Eve", "lastName": "Tester", "telephone": "9876543210",
		"email": "eve@example.com", "leadValue": "1000", "currencyIcon": nil, "assigned": "", "status": "new", "notes": "",
		"source": "", "category": "", "lastContacted": nil, "totalBudget": "", "targetDate": nil, "contentType": "", "brandName": ""}
}

func TestLeadAcceptsTheWebClientBody(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	b := clientLeadBody()
	b["converted"], b["deal_id"], b["customer_id"] = true, "x", "y"
	d := e.Must(201, "POST", api+"/leads/", co.Token, b).Data()
	for _, k := range []string{"assigned", "source", "pipeline", "stage", "deal_id", "customer_id"} {
		if d[k] != nil {
			t.Fatalf("%s = %v, want null: %v", k, d[k], d)
		}
	}
	if d["converted"] != false || d["status"] != "new" || d["leadTitle"] != "E2E lead" || d["email"] != "eve@example.com" {
		t.Fatalf("unexpected lead: %v", d)
	}
	rows := e.Must(200, "GET", api+"/leads/", co.Token, nil).List()
	if len(rows) != 1 || rows[0]["id"] != d["id"] || rows[0]["firstName"] != "Eve" {
		t.Fatalf("list: %v", rows)
	}
	// An update without status keeps it.
	u := e.Must(200, "PUT", api+"/leads/"+d["id"].(string), co.Token, map[string]any{"status": nil, "city": "Pune"}).Data()
	if u["status"] != "new" || u["city"] != "Pune" {
		t.Fatalf("update: %v", u)
	}
}

func TestLeadReferencesAreCheckedInTheCompany(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	p, p2 := newPipeline(e, co), newPipeline(e, co)
	leadStage := newStage(e, co, p, "lead", "New")
	dealStage := newStage(e, co, p, "deal", "Proposal")
	otherPipelineStage := newStage(e, co, p2, "lead", "New")
	fp := newPipeline(e, other)
	fs := newStage(e, other, fp, "lead", "New")
	foreignSource := e.Must(201, "POST", api+"/sources", other.Token, map[string]any{"sourceName": "Fair"}).ID()
	emp, foreignEmp := e.NewEmployee(co), e.NewEmployee(other)

	cases := []struct {
		set   map[string]any
		field string
	}{
		{map[string]any{"pipeline": p, "stage": otherPipelineStage}, "stage"},
		{map[string]any{"pipeline": p, "stage": dealStage}, "stage"},
		{map[string]any{"stage": leadStage}, "pipeline"},
		{map[string]any{"pipeline": fp}, "pipeline"},
		{map[string]any{"pipeline": fp, "stage": fs}, "pipeline"},
		{map[string]any{"pipeline": p, "stage": fs}, "stage"},
		{map[string]any{"assigned": foreignEmp}, "assigned"},
		{map[string]any{"assigned": co.ID}, "assigned"},
		{map[string]any{"source": foreignSource}, "source"},
		{map[string]any{"status": "maybe"}, "status"},
		{map[string]any{"email": "not an email"}, "email"},
	}
	for _, c := range cases {
		b := leadBody()
		for k, v := range c.set {
			b[k] = v
		}
		mustFail(t, e.Do("POST", api+"/leads", co.Token, b), 422, c.field)
	}
	if n := count(e, co.Token, "/leads"); n != 0 {
		t.Fatalf("refused leads were written: %d", n)
	}

	b := leadBody()
	b["pipeline"], b["stage"], b["assigned"] = p, leadStage, emp
	id := e.Must(201, "POST", api+"/leads", co.Token, b).ID()
	before := string(e.Must(200, "GET", api+"/leads/"+id, co.Token, nil).Raw)
	// Changing the pipeline alone leaves the stage in the old one.
	mustFail(t, e.Do("PUT", api+"/leads/"+id, co.Token, map[string]any{"pipeline": p2}), 422, "stage")
	mustFail(t, e.Do("PUT", api+"/leads/"+id, co.Token, map[string]any{"stage": fs}), 422, "stage")
	mustFail(t, e.Do("PUT", api+"/leads/"+id, co.Token, map[string]any{"assigned": foreignEmp}), 422, "assigned")
	if after := string(e.Must(200, "GET", api+"/leads/"+id, co.Token, nil).Raw); after != before {
		t.Fatalf("refused updates changed the lead:\n%s\n%s", before, after)
	}
	d := e.Must(200, "PUT", api+"/leads/"+id, co.Token, map[string]any{"pipeline": p2, "stage": otherPipelineStage}).Data()
	if d["pipeline"] != p2 || d["stage"] != otherPipelineStage {
		t.Fatalf("move: %v", d)
	}
	e.Must(404, "GET", api+"/leads/"+id, other.Token, nil)
}

func TestLeadListsSortPageAndSearch(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	for _, n := range []string{"delta", "Alpha", "charlie", "Bravo"} {
		b := leadBody()
		b["leadTitle"], b["firstName"] = "Lead "+n, n
		e.Must(201, "POST", api+"/leads", co.Token, b)
	}
	r := e.Must(200, "GET", api+"/leads?sort=firstName&page=1&limit=3", co.Token, nil)
	var got []string
	for _, row := range r.List() {
		got = append(got, row["firstName"].(string))
	}
	if strings.Join(got, ",") != "Alpha,Bravo,charlie" {
		t.Fatalf("sorted page: %v", got)
	}
	if p, _ := r.Body["pagination"].(map[string]any); p["total"] != 4.0 || p["pages"] != 2.0 {
		t.Fatalf("pagination: %v", r.Body["pagination"])
	}
	if rows := e.Must(200, "GET", api+"/leads?sort=-leadTitle&q=a", co.Token, nil).List(); len(rows) != 4 || rows[0]["firstName"] != "delta" {
		t.Fatalf("search sorted descending: %v", rows)
	}
	if rows := e.Must(200, "GET", api+"/leads?q=CHARL", co.Token, nil).List(); len(rows) != 1 {
		t.Fatalf("q search: %v", rows)
	}
}

func TestLeadWithDealsCannotBeDeleted(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := newPipeline(e, co)
	ds := newStage(e, co, p, "deal", "Proposal")
	lead := e.Must(201, "POST", api+"/leads", co.Token, leadBody()).ID()
	b := dealBody(p, ds)
	b["leadTitle"] = lead
	deal := e.Must(201, "POST", api+"/deals", co.Token, b).ID()
	mustFail(t, e.Do("DELETE", api+"/leads/"+lead, co.Token, nil), 409, "deals")
	e.Must(200, "GET", api+"/leads/"+lead, co.Token, nil)
	e.Must(200, "DELETE", api+"/deals/"+deal, co.Token, nil)
	e.Must(200, "DELETE", api+"/leads/"+lead, co.Token, nil)
}
