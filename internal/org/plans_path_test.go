package org_test

import (
	"encoding/json"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

// TestPlansAtClientPath: the web client's plan page calls /subscriptions/plans;
// it serves the catalogue of /subscriptions, with the same rules and answers.
func TestPlansAtClientPath(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	u := testkit.Unique()
	plan := func(name, status string) map[string]any {
		return map[string]any{"name": name + " " + u, "currency": "USD", "price": 12.5, "duration": "Per Month",
			"max_users": 3, "max_clients": 2, "storage_limit": 100, "status": status,
			// Sent by the web client's form; not plan columns.
			"max_customers": 1, "max_vendors": 1, "description": "d", "trial": false}
	}
	// Created on the client's path, visible on both.
	a := e.Must(201, "POST", api+"/subscriptions/plans", sa, plan("Alpha", "active")).Data()
	if a["name"] != "Alpha "+u || a["price"] != 12.5 || a["status"] != "active" {
		t.Fatalf("created %v", a)
	}
	id := a["id"].(string)
	e.Must(200, "GET", api+"/subscriptions/"+id, sa, nil)
	got := e.Must(200, "GET", api+"/subscriptions/plans/"+id, sa, nil).Data()
	if got["name"] != "Alpha "+u {
		t.Fatalf("GET by id %v", got)
	}
	e.Must(201, "POST", api+"/subscriptions", sa, plan("Beta", "inactive"))
	e.Must(201, "POST", api+"/subscriptions/plans", sa, plan("Gamma", "active"))

	// Same list, paging, sort, filter and envelope on both paths.
	for _, query := range []string{"?q=" + u, "?q=" + u + "&page=1&limit=2&sort=-name", "?q=" + u + "&status=inactive", "?q=" + u + "&page=2&limit=2&sort=name"} {
		want := e.Must(200, "GET", api+"/subscriptions"+query, sa, nil)
		have := e.Must(200, "GET", api+"/subscriptions/plans"+query, sa, nil)
		w, _ := json.Marshal(map[string]any{"data": want.Body["data"], "pagination": want.Body["pagination"], "success": want.Body["success"]})
		h, _ := json.Marshal(map[string]any{"data": have.Body["data"], "pagination": have.Body["pagination"], "success": have.Body["success"]})
		if string(w) != string(h) {
			t.Fatalf("%s: /subscriptions/plans answered\n%s\nwant\n%s", query, h, w)
		}
	}
	names := func(r *testkit.Response) (out []string) {
		for _, row := range r.List() {
			out = append(out, row["name"].(string))
		}
		return out
	}
	if n := names(e.Must(200, "GET", api+"/subscriptions/plans?q="+u+"&page=1&limit=2&sort=-name", sa, nil)); len(n) != 2 || n[0] != "Gamma "+u || n[1] != "Beta "+u {
		t.Fatalf("paged, sorted: %v", n)
	}
	if n := names(e.Must(200, "GET", api+"/subscriptions/plans?q="+u+"&status=inactive", sa, nil)); len(n) != 1 || n[0] != "Beta "+u {
		t.Fatalf("filtered: %v", n)
	}
	wantError(t, "unknown parameter", e.Do("GET", api+"/subscriptions/plans?colour=red", sa, nil), 400)

	// Updates on the client's path are partial and validated like on /subscriptions.
	up := e.Must(200, "PUT", api+"/subscriptions/plans/"+id, sa, map[string]any{"price": "15.00", "max_users": 4}).Data()
	if up["price"] != 15.0 || up["max_users"] != 4.0 || up["name"] != "Alpha "+u {
		t.Fatalf("updated %v", up)
	}
	if r := e.Must(200, "GET", api+"/subscriptions/"+id, sa, nil).Data(); r["price"] != 15.0 {
		t.Fatalf("update not seen on /subscriptions: %v", r)
	}
	wantError(t, "bad duration", e.Do("PUT", api+"/subscriptions/plans/"+id, sa, map[string]any{"duration": "Weekly"}), 422)

	// Only the super-admin may use it.
	co := e.NewCompany()
	wantError(t, "company list", e.Do("GET", api+"/subscriptions/plans", co.Token, nil), 403)
	wantError(t, "company create", e.Do("POST", api+"/subscriptions/plans", co.Token, plan("Delta", "active")), 403)
	wantError(t, "no token", e.Do("GET", api+"/subscriptions/plans", "", nil), 401)

	// A plan with a live subscription cannot be deleted here either; an unused one can.
	wantError(t, "delete live plan", e.Do("DELETE", api+"/subscriptions/plans/"+co.PlanID, sa, nil), 409)
	e.Must(200, "DELETE", api+"/subscriptions/plans/"+id, sa, nil)
	wantError(t, "deleted plan", e.Do("GET", api+"/subscriptions/"+id, sa, nil), 404)
}
