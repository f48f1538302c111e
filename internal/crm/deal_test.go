package crm_test

import (
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func TestDealStageMoveIsLogged(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	p, p2 := newPipeline(e, co), newPipeline(e, co)
	s1 := newStage(e, co, p, "deal", "Proposal")
	s2 := newStage(e, co, p, "deal", "Negotiation")
	elsewhere := newStage(e, co, p2, "deal", "Proposal")
	leadStage := newStage(e, co, p, "lead", "New")
	foreignLead := e.Must(201, "POST", api+"/leads", other.Token, leadBody()).ID()

	for _, c := range []struct {
		set   map[string]any
		field string
	}{
		{map[string]any{"stage": elsewhere}, "stage"},
		{map[string]any{"stage": leadStage}, "stage"},
		{map[string]any{"pipeline": newPipeline(e, other)}, "pipeline"},
		{map[string]any{"leadTitle": foreignLead}, "leadTitle"},
		{map[string]any{"status": "pending"}, "status"},
		{map[string]any{"price": "12.345"}, "price"},
	} {
		b := dealBody(p, s1)
		for k, v := range c.set {
			b[k] = v
		}
		mustFail(t, e.Do("POST", api+"/deals", co.Token, b), 422, c.field)
	}
	if n := count(e, co.Token, "/deals"); n != 0 {
		t.Fatalf("refused deals were written: %d", n)
	}

	d := e.Must(201, "POST", api+"/deals", co.Token, dealBody(p, s1)).Data()
	id := d["id"].(string)
	if d["status"] != "open" || d["statusDate"] != nil || d["price"] != 1200.5 {
		t.Fatalf("new deal: %v", d)
	}
	mustFail(t, e.Do("PUT", api+"/deals/"+id, co.Token, map[string]any{"stage": elsewhere}), 422, "stage")
	e.Must(200, "PUT", api+"/deals/"+id, co.Token, map[string]any{"stage": s2})
	acts := e.Must(200, "GET", api+"/activities?activity_id="+id+"&action=stage_changed", co.Token, nil).List()
	if len(acts) != 1 {
		t.Fatalf("want one stage_changed entry, got %v", acts)
	}
	msg, _ := acts[0]["activity_message"].(string)
	if !strings.Contains(msg, "Proposal ("+s1+")") || !strings.Contains(msg, "Negotiation ("+s2+")") || acts[0]["activity_from"] != "deal" {
		t.Fatalf("activity does not name both stages: %v", acts[0])
	}
	// An update that keeps the stage logs no move.
	e.Must(200, "PUT", api+"/deals/"+id, co.Token, map[string]any{"dealName": "Renamed"})
	if n := len(e.Must(200, "GET", api+"/activities?activity_id="+id+"&action=stage_changed", co.Token, nil).List()); n != 1 {
		t.Fatalf("%d stage_changed entries after a rename, want 1", n)
	}

	won := e.Must(200, "PUT", api+"/deals/"+id, co.Token, map[string]any{"status": "won"}).Data()
	if won["status"] != "won" || won["statusDate"] == nil {
		t.Fatalf("won deal: %v", won)
	}
	kept := e.Must(200, "PUT", api+"/deals/"+id, co.Token, map[string]any{"status": nil, "price": 10}).Data()
	if kept["status"] != "won" || kept["statusDate"] != won["statusDate"] {
		t.Fatalf("update without status: %v", kept)
	}
	open := e.Must(200, "PUT", api+"/deals/"+id, co.Token, map[string]any{"status": "open"}).Data()
	if open["statusDate"] != nil {
		t.Fatalf("reopened deal keeps its date: %v", open)
	}
	lost := e.Must(201, "POST", api+"/deals", co.Token, func() map[string]any { b := dealBody(p, s1); b["status"] = "lost"; return b }()).Data()
	if lost["statusDate"] == nil {
		t.Fatalf("a deal created lost has no statusDate: %v", lost)
	}
}
