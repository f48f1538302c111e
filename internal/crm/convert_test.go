package crm_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

var (
	leadPerm     = authz.Perm{Module: "crm", Entity: "lead"}
	dealPerm     = authz.Perm{Module: "crm", Entity: "deal"}
	customerPerm = authz.Perm{Module: "crm", Entity: "customer"}
)

// convertible creates a lead in pipeline p with contact details.
func convertible(e *testkit.Env, co *testkit.Company, p string) string {
	e.T.Helper()
	b := leadBody()
	b["leadTitle"], b["pipeline"], b["telephone"], b["email"] = "Fit-out "+testkit.Unique(), p, "9876543210", "eve@example.com"
	b["company_name"], b["category"] = "Tester Ltd", "Retail"
	return e.Must(201, "POST", api+"/leads", co.Token, b).ID()
}

// nothingConverted fails unless lead is unconverted and co has no deals and
// no customers.
func nothingConverted(t *testing.T, e *testkit.Env, co *testkit.Company, lead string) {
	t.Helper()
	l := e.Must(200, "GET", api+"/leads/"+lead, co.Token, nil).Data()
	if l["converted"] != false || l["deal_id"] != nil || l["customer_id"] != nil {
		t.Fatalf("a refused conversion changed the lead: %v", l)
	}
	if n := count(e, co.Token, "/deals"); n != 0 {
		t.Fatalf("a refused conversion wrote %d deals", n)
	}
	if n := count(e, co.Token, "/customers"); n != 0 {
		t.Fatalf("a refused conversion wrote %d customers", n)
	}
	if n := len(e.Must(200, "GET", api+"/activities?action=converted", co.Token, nil).List()); n != 0 {
		t.Fatalf("a refused conversion logged %d conversions", n)
	}
}

func TestLeadConversionMakesADealOnce(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := newPipeline(e, co)
	st := newStage(e, co, p, "deal", "Proposal")
	lead := convertible(e, co, p)
	title := e.Must(200, "GET", api+"/leads/"+lead, co.Token, nil).Data()["leadTitle"]

	r := e.Must(201, "POST", api+"/leads/"+lead+"/convert", co.Token, map[string]any{"stage": st, "price": "2500.25", "currency": "EUR"})
	data, _ := r.Body["data"].(map[string]any)
	l, _ := data["lead"].(map[string]any)
	d, _ := data["deal"].(map[string]any)
	if d == nil || l == nil || data["customer"] != nil {
		t.Fatalf("answer: %s", r.Raw)
	}
	if d["leadTitle"] != lead || d["dealName"] != title || d["pipeline"] != p || d["stage"] != st || d["price"] != 2500.25 ||
		d["phoneNumber"] != "9876543210" || d["category"] != "Retail" || d["status"] != "open" {
		t.Fatalf("deal: %v", d)
	}
	if l["converted"] != true || l["deal_id"] != d["id"] || l["customer_id"] != nil {
		t.Fatalf("lead: %v", l)
	}
	if got := e.Must(200, "GET", api+"/leads/"+lead, co.Token, nil).Data(); got["converted"] != true || got["deal_id"] != d["id"] {
		t.Fatalf("stored lead: %v", got)
	}
	acts := e.Must(200, "GET", api+"/activities?activity_id="+lead+"&action=converted", co.Token, nil).List()
	if len(acts) != 1 || !strings.Contains(acts[0]["activity_message"].(string), d["id"].(string)) {
		t.Fatalf("conversion activity: %v", acts)
	}
	if n := len(e.Must(200, "GET", api+"/activities?activity_id="+d["id"].(string)+"&action=converted_from_lead", co.Token, nil).List()); n != 1 {
		t.Fatalf("%d converted_from_lead entries on the deal, want 1", n)
	}

	// Twice is a conflict and writes nothing more.
	e.Must(409, "POST", api+"/leads/"+lead+"/convert", co.Token, map[string]any{"stage": st, "price": "1"})
	e.Must(409, "POST", api+"/leads/"+lead+"/convert", co.Token, map[string]any{"stage": st, "price": "1", "createCustomer": true})
	if n := count(e, co.Token, "/deals"); n != 1 {
		t.Fatalf("%d deals after converting twice, want 1", n)
	}
	if n := count(e, co.Token, "/customers"); n != 0 {
		t.Fatalf("%d customers after a refused conversion, want 0", n)
	}
	// The converted lead and its deal hold each other.
	mustFail(t, e.Do("DELETE", api+"/leads/"+lead, co.Token, nil), 409, "deals")
	mustFail(t, e.Do("DELETE", api+"/deals/"+d["id"].(string), co.Token, nil), 409, "leads")
}

func TestLeadConversionWithACustomer(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := newPipeline(e, co)
	st := newStage(e, co, p, "deal", "Proposal")

	lead := convertible(e, co, p)
	r := e.Must(201, "POST", api+"/leads/"+lead+"/convert", co.Token, map[string]any{"stage": st, "price": 900, "dealName": "Fit-out deal", "createCustomer": true})
	data := r.Body["data"].(map[string]any)
	l, d, c := data["lead"].(map[string]any), data["deal"].(map[string]any), data["customer"].(map[string]any)
	if c["name"] != "Tester Ltd" || c["email"] != "eve@example.com" || c["contact"] != "9876543210" || c["customerNumber"] != "CN#1" {
		t.Fatalf("customer: %v", c)
	}
	if l["customer_id"] != c["id"] || l["deal_id"] != d["id"] || d["dealName"] != "Fit-out deal" {
		t.Fatalf("links: lead %v deal %v", l, d)
	}
	if got := e.Must(200, "GET", api+"/customers/"+c["id"].(string), co.Token, nil).Data(); got["name"] != "Tester Ltd" {
		t.Fatalf("stored customer: %v", got)
	}
	if got := e.Must(200, "GET", api+"/leads/"+lead, co.Token, nil).Data(); got["customer_id"] != c["id"] {
		t.Fatalf("stored lead: %v", got)
	}

	// A customer object overrides what the lead gives.
	lead2 := convertible(e, co, p)
	c2 := e.Must(201, "POST", api+"/leads/"+lead2+"/convert", co.Token, map[string]any{"stage": st, "price": 1,
		"customer": map[string]any{"name": "Globex", "email": "billing@globex.example"}}).Body["data"].(map[string]any)["customer"].(map[string]any)
	if c2["name"] != "Globex" || c2["email"] != "billing@globex.example" || c2["contact"] != "9876543210" || c2["customerNumber"] != "CN#2" {
		t.Fatalf("customer from an object: %v", c2)
	}
}

func TestLeadConversionRefusesBadInput(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	p, p2 := newPipeline(e, co), newPipeline(e, co)
	st := newStage(e, co, p, "deal", "Proposal")
	elsewhere := newStage(e, co, p2, "deal", "Proposal")
	leadStage := newStage(e, co, p, "lead", "New")
	lead := convertible(e, co, p)
	bare := e.Must(201, "POST", api+"/leads", co.Token, leadBody()).ID() // no pipeline, telephone or email

	for _, c := range []struct {
		lead  string
		body  map[string]any
		field string
	}{
		{lead, map[string]any{"stage": elsewhere, "price": 1}, "stage"},
		{lead, map[string]any{"stage": leadStage, "price": 1}, "stage"},
		{lead, map[string]any{"price": 1}, "stage"},
		{lead, map[string]any{"stage": st}, "price"},
		{lead, map[string]any{"stage": st, "price": "12.345"}, "price"},
		{lead, map[string]any{"stage": st, "price": 1, "status": "maybe"}, "status"},
		{lead, map[string]any{"stage": st, "price": 1, "createCustomer": "yes"}, "createCustomer"},
		{lead, map[string]any{"stage": st, "price": 1, "customer": []any{}}, "customer"},
		{lead, map[string]any{"stage": st, "price": 1, "customer": map[string]any{"email": "not an email"}}, "customer.email"},
		{bare, map[string]any{"stage": st, "price": 1}, "pipeline"},
		{bare, map[string]any{"pipeline": p, "stage": st, "price": 1, "createCustomer": true}, "customer.contact"},
	} {
		mustFail(t, e.Do("POST", api+"/leads/"+c.lead+"/convert", co.Token, c.body), 422, c.field)
	}
	nothingConverted(t, e, co, lead)
	nothingConverted(t, e, co, bare)

	// Another company's lead, or no lead at all, is not found.
	foreign := convertible(e, other, newPipeline(e, other))
	e.Must(404, "POST", api+"/leads/"+foreign+"/convert", co.Token, map[string]any{"stage": st, "price": 1})
	e.Must(404, "POST", api+"/leads/nosuchlead00000000000001/convert", co.Token, map[string]any{"stage": st, "price": 1})
	nothingConverted(t, e, other, foreign)
}

func TestLeadConversionNeedsPermissions(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := newPipeline(e, co)
	st := newStage(e, co, p, "deal", "Proposal")
	lead := convertible(e, co, p)
	body := map[string]any{"stage": st, "price": 1}
	all := []string{authz.Create, authz.View, authz.Update}

	viewOnly := e.NewMember(co, authz.Grant([]string{authz.View}, leadPerm, dealPerm, customerPerm))
	noDeal := e.NewMember(co, authz.Grant(all, leadPerm, customerPerm))
	noLeadUpdate := e.NewMember(co, authz.Grant([]string{authz.View, authz.Create}, leadPerm).Merge(authz.Grant(all, dealPerm, customerPerm)))
	noCustomer := e.NewMember(co, authz.Grant(all, leadPerm, dealPerm))
	for _, m := range []*testkit.Member{viewOnly, noDeal, noLeadUpdate} {
		e.Must(403, "POST", api+"/leads/"+lead+"/convert", m.Token, body)
	}
	e.Must(403, "POST", api+"/leads/"+lead+"/convert", noCustomer.Token, map[string]any{"stage": st, "price": 1, "createCustomer": true})
	nothingConverted(t, e, co, lead)

	// Lead update and deal create are enough without a customer.
	d := e.Must(201, "POST", api+"/leads/"+lead+"/convert", noCustomer.Token, body).Body["data"].(map[string]any)
	if d["customer"] != nil || d["lead"].(map[string]any)["converted"] != true {
		t.Fatalf("conversion by a member: %v", d)
	}
}

func TestConcurrentConversionsOfOneLead(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := newPipeline(e, co)
	st := newStage(e, co, p, "deal", "Proposal")
	lead := convertible(e, co, p)

	const n = 4
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.Do("POST", api+"/leads/"+lead+"/convert", co.Token, map[string]any{"stage": st, "price": 1, "createCustomer": true}).Status
		}()
	}
	wg.Wait()
	won := 0
	for _, s := range statuses {
		switch s {
		case 201:
			won++
		case 409:
		default:
			t.Fatalf("statuses %v: want one 201 and the rest 409", statuses)
		}
	}
	if won != 1 {
		t.Fatalf("statuses %v: want exactly one 201", statuses)
	}
	if d, c := count(e, co.Token, "/deals"), count(e, co.Token, "/customers"); d != 1 || c != 1 {
		t.Fatalf("%d deals and %d customers, want 1 and 1", d, c)
	}
}

func TestLeadsAndDealsKeepWhatHangsOnThem(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := newPipeline(e, co)
	st := newStage(e, co, p, "deal", "Proposal")
	lead := e.Must(201, "POST", api+"/leads", co.Token, leadBody()).ID()
	deal := e.Must(201, "POST", api+"/deals", co.Token, dealBody(p, st)).ID()
	note := e.Must(201, "POST", api+"/notes/"+lead, co.Token, map[string]any{"note_title": "Call", "notetype": "call"}).ID()
	label := e.Must(201, "POST", api+"/labels/"+deal, co.Token, map[string]any{"name": "hot " + testkit.Unique()}).ID()
	dealNote := e.Must(201, "POST", api+"/notes/"+deal, co.Token, map[string]any{"note_title": "Call", "notetype": "call"}).ID()

	r := e.Must(409, "DELETE", api+"/leads/"+lead, co.Token, nil)
	if r.Message() != "Lead still has 1 note" {
		t.Fatalf("lead delete: %s", r.Raw)
	}
	r = e.Must(409, "DELETE", api+"/deals/"+deal, co.Token, nil)
	if r.Message() != "Deal still has 1 label, 1 note" {
		t.Fatalf("deal delete: %s", r.Raw)
	}
	e.Must(200, "GET", api+"/notes/"+note, co.Token, nil)
	e.Must(200, "GET", api+"/leads/"+lead, co.Token, nil)
	e.Must(200, "GET", api+"/deals/"+deal, co.Token, nil)

	e.Must(200, "DELETE", api+"/notes/"+note, co.Token, nil)
	e.Must(200, "DELETE", api+"/leads/"+lead, co.Token, nil)
	e.Must(200, "DELETE", api+"/labels/"+label, co.Token, nil)
	e.Must(200, "DELETE", api+"/notes/"+dealNote, co.Token, nil)
	e.Must(200, "DELETE", api+"/deals/"+deal, co.Token, nil)
	e.Must(404, "GET", api+"/deals/"+deal, co.Token, nil)
}
