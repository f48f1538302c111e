package crm_test

import (
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func TestStagesBelongToOnePipelineInOrder(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	p := newPipeline(e, co)
	foreign := newPipeline(e, other)

	// Each new stage goes after the last one of its pipeline and type.
	a := e.Must(201, "POST", api+"/stages", co.Token, map[string]any{"stageType": "lead", "stageName": "New", "pipeline": p}).Data()
	b := e.Must(201, "POST", api+"/stages", co.Token, map[string]any{"stageType": "lead", "stageName": "Qualified", "pipeline": p}).Data()
	d := e.Must(201, "POST", api+"/stages", co.Token, map[string]any{"stageType": "deal", "stageName": "Proposal", "pipeline": p}).Data()
	if a["position"] != 0.0 || b["position"] != 1.0 || d["position"] != 0.0 {
		t.Fatalf("positions %v %v %v, want 0 1 0", a["position"], b["position"], d["position"])
	}
	e.Must(200, "PUT", api+"/stages/"+a["id"].(string), co.Token, map[string]any{"position": 5})
	rows := e.Must(200, "GET", api+"/stages?pipeline="+p+"&stageType=lead&sort=position", co.Token, nil).List()
	if len(rows) != 2 || rows[0]["stageName"] != "Qualified" || rows[1]["stageName"] != "New" {
		t.Fatalf("ordered stages: %v", rows)
	}

	before := count(e, co.Token, "/stages")
	for _, pipe := range []string{foreign, "nosuchpipelineid0000001", ""} {
		mustFail(t, e.Do("POST", api+"/stages", co.Token, map[string]any{"stageType": "lead", "stageName": "X", "pipeline": pipe}), 422, "pipeline")
	}
	mustFail(t, e.Do("POST", api+"/stages", co.Token, map[string]any{"stageType": "lable", "stageName": "X", "pipeline": p}), 422, "stageType")
	mustFail(t, e.Do("PUT", api+"/stages/"+b["id"].(string), co.Token, map[string]any{"stageType": "deal"}), 422, "stageType")
	mustFail(t, e.Do("PUT", api+"/stages/"+b["id"].(string), co.Token, map[string]any{"pipeline": foreign}), 422, "pipeline")
	if n := count(e, co.Token, "/stages"); n != before {
		t.Fatalf("refused stages changed the count: %d → %d", before, n)
	}

	// A stage in use can be neither deleted nor moved to another pipeline.
	lb := leadBody()
	lb["pipeline"], lb["stage"] = p, b["id"]
	lead := e.Must(201, "POST", api+"/leads", co.Token, lb).ID()
	mustFail(t, e.Do("DELETE", api+"/stages/"+b["id"].(string), co.Token, nil), 409, "leads")
	mustFail(t, e.Do("PUT", api+"/stages/"+b["id"].(string), co.Token, map[string]any{"pipeline": newPipeline(e, co)}), 409, "leads")
	e.Must(200, "GET", api+"/stages/"+b["id"].(string), co.Token, nil)
	e.Must(200, "DELETE", api+"/leads/"+lead, co.Token, nil)
	e.Must(200, "DELETE", api+"/stages/"+b["id"].(string), co.Token, nil)
}

func TestPipelineDeleteListsWhatUsesIt(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := newPipeline(e, co)
	ls := newStage(e, co, p, "lead", "New")
	ds := newStage(e, co, p, "deal", "Won")
	lb := leadBody()
	lb["pipeline"], lb["stage"] = p, ls
	lead := e.Must(201, "POST", api+"/leads", co.Token, lb).ID()
	deal := e.Must(201, "POST", api+"/deals", co.Token, dealBody(p, ds)).ID()

	r := e.Do("DELETE", api+"/pipelines/"+p, co.Token, nil)
	for _, f := range []string{"stages", "leads", "deals"} {
		mustFail(t, r, 409, f)
	}
	if !strings.Contains(r.Message(), "2 stages") || !strings.Contains(r.Message(), "1 lead") || !strings.Contains(r.Message(), "1 deal") {
		t.Fatalf("409 message does not count the uses: %s", r.Raw)
	}
	for _, path := range []string{"/deals/" + deal, "/leads/" + lead, "/stages/" + ls} {
		e.Must(200, "DELETE", api+path, co.Token, nil)
	}
	r = e.Do("DELETE", api+"/pipelines/"+p, co.Token, nil)
	mustFail(t, r, 409, "stages")
	if strings.Contains(r.Message(), "lead") {
		t.Fatalf("409 lists leads that are gone: %s", r.Raw)
	}
	e.Must(200, "DELETE", api+"/stages/"+ds, co.Token, nil)
	e.Must(200, "DELETE", api+"/pipelines/"+p, co.Token, nil)
}

func TestSourcesAndTagsAreUniquePerCompany(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()

	src := e.Must(201, "POST", api+"/sources", co.Token, map[string]any{"sourceName": "Website", "description": "Form"}).ID()
	mustFail(t, e.Do("POST", api+"/sources", co.Token, map[string]any{"sourceName": "WEBSITE"}), 409, "sourceName")
	e.Must(201, "POST", api+"/sources", other.Token, map[string]any{"sourceName": "Website"})
	e.Must(200, "GET", api+"/sources/"+src, co.Token, nil)
	e.Must(404, "GET", api+"/sources/"+src, other.Token, nil)

	e.Must(201, "POST", api+"/tags", co.Token, map[string]any{"name": "Urgent"})
	e.Must(201, "POST", api+"/tags", co.Token, map[string]any{"name": "Urgent", "tagType": "category"})
	mustFail(t, e.Do("POST", api+"/tags", co.Token, map[string]any{"name": "urgent"}), 409, "name")
	mustFail(t, e.Do("POST", api+"/tags", co.Token, map[string]any{"name": "URGENT", "tagType": "category"}), 409, "name")
	e.Must(201, "POST", api+"/tags", other.Token, map[string]any{"name": "Urgent"})
	vip := e.Must(201, "POST", api+"/tags", co.Token, map[string]any{"name": "VIP"}).ID()
	mustFail(t, e.Do("PUT", api+"/tags/"+vip, co.Token, map[string]any{"name": "urgent"}), 409, "name")
	if got := e.Must(200, "GET", api+"/tags/"+vip, co.Token, nil).Data()["name"]; got != "VIP" {
		t.Fatalf("refused rename changed the tag: %v", got)
	}
	if n := count(e, co.Token, "/tags"); n != 3 {
		t.Fatalf("company has %d tags, want 3", n)
	}

	// A source that leads use cannot be deleted.
	lb := leadBody()
	lb["source"] = src
	lead := e.Must(201, "POST", api+"/leads", co.Token, lb).ID()
	mustFail(t, e.Do("DELETE", api+"/sources/"+src, co.Token, nil), 409, "leads")
	e.Must(200, "DELETE", api+"/leads/"+lead, co.Token, nil)
	e.Must(200, "DELETE", api+"/sources/"+src, co.Token, nil)
}
