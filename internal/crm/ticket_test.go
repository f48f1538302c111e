package crm_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

// newAgent creates an employee of co and logs it in.
func newAgent(e *testkit.Env, co *testkit.Company) (id, token string) {
	e.T.Helper()
	u := "ag" + testkit.Unique()
	id = e.Must(201, "POST", api+"/employees", co.Token, map[string]any{"username": u, "email": u + "@example.com", "password": testkit.Password}).ID()
	return id, e.Login(u, testkit.Password)
}

func ticketNotes(e *testkit.Env, token, ticket string) int {
	e.T.Helper()
	return len(e.Must(200, "GET", api+"/notifications?related_id="+ticket, token, nil).List())
}

func TestTicketAssignmentNotifiesTheAssignee(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	a, aTok := newAgent(e, co)
	b, bTok := newAgent(e, co)
	foreign, fTok := newAgent(e, other)

	body := map[string]any{"ticketSubject": "VPN down", "requestor": "Sales desk", "description": "Cannot connect", "agent": a, "priority": "high"}
	tk := e.Must(201, "POST", api+"/tickets/", co.Token, body).Data()
	id := tk["id"].(string)
	if tk["status"] != "open" || tk["agent"] != a {
		t.Fatalf("ticket: %v", tk)
	}
	notes := e.Must(200, "GET", api+"/notifications?related_id="+id, aTok, nil).List()
	if len(notes) != 1 || notes[0]["title"] != "Ticket assigned" {
		t.Fatalf("assignee's notifications: %v", notes)
	}
	if ticketNotes(e, bTok, id) != 0 {
		t.Fatalf("someone else was notified")
	}

	// Edits that keep the assignee notify nobody; reassigning notifies the new one.
	e.Must(200, "PUT", api+"/tickets/"+id, co.Token, map[string]any{"status": "in-progress"})
	e.Must(200, "PUT", api+"/tickets/"+id, co.Token, map[string]any{"agent": b})
	if ticketNotes(e, aTok, id) != 1 || ticketNotes(e, bTok, id) != 1 {
		t.Fatalf("after reassignment: a has %d, b has %d notifications, want 1 and 1", ticketNotes(e, aTok, id), ticketNotes(e, bTok, id))
	}

	// An assignee from another company, or an unknown one, is refused and nothing is written.
	before := string(e.Must(200, "GET", api+"/tickets/"+id, co.Token, nil).Raw)
	mustFail(t, e.Do("PUT", api+"/tickets/"+id, co.Token, map[string]any{"agent": foreign}), 422, "agent")
	body["agent"] = foreign
	mustFail(t, e.Do("POST", api+"/tickets", co.Token, body), 422, "agent")
	body["agent"] = "nosuchemployee000000001"
	mustFail(t, e.Do("POST", api+"/tickets", co.Token, body), 422, "agent")
	body["agent"], body["priority"] = a, "critical"
	mustFail(t, e.Do("POST", api+"/tickets", co.Token, body), 422, "priority")
	body["priority"], body["status"] = "low", "done"
	mustFail(t, e.Do("POST", api+"/tickets", co.Token, body), 422, "status")
	if n := count(e, co.Token, "/tickets"); n != 1 {
		t.Fatalf("refused tickets were written: %d", n)
	}
	if after := string(e.Must(200, "GET", api+"/tickets/"+id, co.Token, nil).Raw); after != before {
		t.Fatalf("refused update changed the ticket")
	}
	if n := len(e.Must(200, "GET", api+"/notifications", fTok, nil).List()); n != 0 {
		t.Fatalf("the other company's employee got %d notifications", n)
	}
	if ticketNotes(e, aTok, id) != 1 {
		t.Fatalf("a refused write notified the assignee")
	}

	// Unassigning ("" as the web client sends) notifies nobody.
	if d := e.Must(200, "PUT", api+"/tickets/"+id, co.Token, map[string]any{"agent": ""}).Data(); d["agent"] != nil {
		t.Fatalf("unassigned ticket: %v", d)
	}
}
