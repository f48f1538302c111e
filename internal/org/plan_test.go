package org_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

// subscription returns the company's only subscription row (as the super-admin sees it).
func subscription(t *testing.T, e *testkit.Env, co *testkit.Company) map[string]any {
	t.Helper()
	list := e.Must(200, "GET", api+"/client-subscriptions?client_id="+co.ID, e.SuperAdmin(), nil).List()
	if len(list) != 1 {
		t.Fatalf("%d subscriptions for the company", len(list))
	}
	return list[0]
}

func count(t *testing.T, e *testkit.Env, co *testkit.Company, path string) int {
	t.Helper()
	return len(e.Must(200, "GET", api+path, co.Token, nil).List())
}

func TestUserLimit(t *testing.T) {
	e := testkit.New(t)
	for _, via := range []string{"/employees", "/auth/signup"} {
		t.Run("via "+via, func(t *testing.T) {
			co := e.NewCompanyWithPlan(2, 5)
			role := defaultRole(t, e, co, "employee")
			body := func() map[string]any {
				b := account("lim")
				if via == "/auth/signup" {
					b["role_id"] = role
				}
				return b
			}
			first := e.Must(201, "POST", api+via, co.Token, body()).ID()
			e.Must(201, "POST", api+via, co.Token, body())
			if n := subscription(t, e, co)["current_users_count"]; n != float64(2) {
				t.Fatalf("current_users_count %v", n)
			}
			third := body()
			r := e.Do("POST", api+via, co.Token, third)
			wantError(t, "third user", r, 403)
			if r.Message() != "Maximum user limit reached for your subscription plan" {
				t.Errorf("message %q", r.Message())
			}
			if n := count(t, e, co, "/employees"); n != 2 {
				t.Fatalf("%d employees after the refusal", n)
			}
			if r := login(t, e, map[string]any{"login": third["username"], "password": testkit.Password}); r.Status != 401 {
				t.Fatalf("refused account can log in: %d", r.Status)
			}
			// The other route is refused as well; sub-clients have their own limit.
			wantError(t, "third via /employees", e.Do("POST", api+"/employees", co.Token, account("lim")), 403)
			e.Must(201, "POST", api+"/sub-clients", co.Token, account("sc"))
			// Deleting one frees its seat, whichever route deletes it.
			e.Must(200, "DELETE", api+"/employees/"+first, co.Token, nil)
			if n := subscription(t, e, co)["current_users_count"]; n != float64(1) {
				t.Fatalf("current_users_count after delete %v", n)
			}
			again := e.Must(201, "POST", api+via, co.Token, body()).ID()
			wantError(t, "over the limit again", e.Do("POST", api+via, co.Token, body()), 403)
			e.Must(200, "DELETE", api+"/users/"+again, co.Token, nil)
			e.Must(201, "POST", api+via, co.Token, third)
			// A super-admin deleting through /auth frees the seat too.
			gone := e.Must(200, "GET", api+"/employees", co.Token, nil).List()[0]["id"].(string)
			e.Must(200, "DELETE", api+"/auth/"+gone, e.SuperAdmin(), nil)
			e.Must(201, "POST", api+via, co.Token, body())
			if n := count(t, e, co, "/employees"); n != 2 {
				t.Fatalf("%d employees", n)
			}
		})
	}

	t.Run("a refused duplicate does not use up a seat", func(t *testing.T) {
		co := e.NewCompanyWithPlan(1, 1)
		taken := account("dup")
		e.Must(201, "POST", api+"/employees", e.NewCompany().Token, taken)
		wantError(t, "duplicate username", e.Do("POST", api+"/employees", co.Token, taken), 409)
		if n := subscription(t, e, co)["current_users_count"]; n != float64(0) {
			t.Fatalf("current_users_count %v", n)
		}
		e.Must(201, "POST", api+"/employees", co.Token, account("ok"))
	})

	t.Run("members count against the plan", func(t *testing.T) {
		co := e.NewCompanyWithPlan(1, 1)
		e.NewMember(co, authz.Perms{})
		wantError(t, "second", e.Do("POST", api+"/employees", co.Token, account("lim")), 403)
	})
}

func TestClientLimit(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompanyWithPlan(5, 2)
	first := e.Must(201, "POST", api+"/sub-clients", co.Token, account("sc")).ID()
	e.Must(201, "POST", api+"/sub-clients/", co.Token, account("sc"))
	r := e.Do("POST", api+"/sub-clients", co.Token, account("sc"))
	wantError(t, "third sub-client", r, 403)
	if r.Message() != "Maximum client limit reached for your subscription plan" {
		t.Errorf("message %q", r.Message())
	}
	if n := count(t, e, co, "/sub-clients"); n != 2 {
		t.Fatalf("%d sub-clients", n)
	}
	if s := subscription(t, e, co); s["current_clients_count"] != float64(2) || s["current_users_count"] != float64(0) {
		t.Fatalf("counters %v / %v", s["current_clients_count"], s["current_users_count"])
	}
	// Employees have their own limit.
	e.Must(201, "POST", api+"/employees", co.Token, account("em"))
	e.Must(200, "DELETE", api+"/sub-clients/"+first, co.Token, nil)
	e.Must(201, "POST", api+"/sub-clients", co.Token, account("sc"))
	wantError(t, "over again", e.Do("POST", api+"/sub-clients", co.Token, account("sc")), 403)
}

func TestNoLiveSubscription(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	body := account("ns")
	c := e.Must(201, "POST", api+"/clients", sa, body)
	tok := e.Login(body["username"].(string), testkit.Password)
	role := e.Must(200, "GET", api+"/roles?role_name=employee", tok, nil).List()[0]["id"].(string)
	signup := account("ns")
	signup["role_id"] = role
	for _, tc := range []struct {
		path string
		body map[string]any
	}{{"/employees", account("ns")}, {"/auth/signup", signup}, {"/sub-clients", account("ns")}} {
		r := e.Do("POST", api+tc.path, tok, tc.body)
		wantError(t, tc.path, r, 403)
		if r.Message() != "No active subscription found" {
			t.Errorf("%s: message %q", tc.path, r.Message())
		}
	}
	// Other company data does not need a subscription.
	e.Must(201, "POST", api+"/departments", tok, map[string]any{"department_name": "Ops"})

	plan := e.Must(201, "POST", api+"/subscriptions", sa, map[string]any{"name": "Tiny", "currency": "USD", "price": "0.99",
		"duration": "Per Year", "max_users": 1, "max_clients": 1, "storage_limit": 1})
	t.Run("an expired subscription does not count", func(t *testing.T) {
		e.Must(201, "POST", api+"/subscriptions/assign", sa, map[string]any{"client_id": c.ID(), "plan_id": plan.ID(),
			"start_date": "2020-01-01", "end_date": "2020-02-01", "status": "active"})
		wantError(t, "after the end date", e.Do("POST", api+"/employees", tok, account("ns")), 403)
	})
	t.Run("a new assignment replaces the ended one", func(t *testing.T) {
		e.Must(201, "POST", api+"/subscriptions/assign", sa, map[string]any{"client_id": c.ID(), "plan_id": plan.ID(),
			"start_date": "2020-01-01", "status": "trial"})
		e.Must(201, "POST", api+"/employees", tok, account("ns"))
		wantError(t, "limit", e.Do("POST", api+"/employees", tok, account("ns")), 403)
	})
	t.Run("a cancelled subscription stops new users", func(t *testing.T) {
		list := e.Must(200, "GET", api+"/client-subscriptions?client_id="+c.ID()+"&status=trial", sa, nil).List()
		if len(list) != 1 {
			t.Fatalf("%d trial subscriptions", len(list))
		}
		e.Must(200, "PUT", api+"/client-subscriptions/"+list[0]["id"].(string), sa, map[string]any{"status": "cancelled"})
		r := e.Do("POST", api+"/sub-clients", tok, account("ns"))
		wantError(t, "cancelled", r, 403)
		if r.Message() != "No active subscription found" {
			t.Errorf("message %q", r.Message())
		}
	})
}

func TestConcurrentCreatesRespectTheLimit(t *testing.T) {
	e := testkit.New(t)
	for _, path := range []string{"/employees", "/sub-clients"} {
		t.Run(path, func(t *testing.T) {
			co := e.NewCompanyWithPlan(3, 3)
			const n = 8
			statuses := make([]int, n)
			var wg sync.WaitGroup
			for i := 0; i < n; i++ {
				body := account("cc")
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					r := rawCall(e.Server.Handler, "POST", api+path, map[string]string{"Authorization": "Bearer " + co.Token}, "", body)
					statuses[i] = r.Status
				}(i)
			}
			wg.Wait()
			got := map[int]int{}
			for _, s := range statuses {
				got[s]++
			}
			if got[201] != 3 || got[403] != n-3 {
				t.Fatalf("statuses %v, want 3×201 and %d×403", got, n-3)
			}
			if c := count(t, e, co, path); c != 3 {
				t.Fatalf("%d rows, want 3", c)
			}
			s := subscription(t, e, co)
			col := "current_users_count"
			if path == "/sub-clients" {
				col = "current_clients_count"
			}
			if s[col] != float64(3) {
				t.Fatalf("%s = %v", col, s[col])
			}
		})
	}
}

func TestAssign(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	co := e.NewCompany()
	fresh := e.Must(201, "POST", api+"/clients", sa, account("as")).ID()
	inactive := e.Must(201, "POST", api+"/subscriptions", sa, map[string]any{"name": "Old", "currency": "USD", "price": 5,
		"duration": "Lifetime", "max_users": 1, "max_clients": 1, "storage_limit": 1, "status": "inactive"}).ID()
	employee := e.Must(201, "POST", api+"/employees", co.Token, account("as")).ID()
	assign := func(client, plan string, extra map[string]any) *testkit.Response {
		b := map[string]any{"client_id": client, "plan_id": plan, "start_date": "2024-01-01", "status": "active"}
		for k, v := range extra {
			b[k] = v
		}
		return e.Do("POST", api+"/subscriptions/assign", sa, b)
	}
	for _, tc := range []struct {
		name         string
		client, plan string
		extra        map[string]any
		status       int
		field        string
	}{
		{"client with a live subscription", co.ID, co.PlanID, nil, 409, ""},
		{"unknown client", "AAAAAAAAAAAAAAAAAAAAAAA", co.PlanID, nil, 422, "client_id"},
		{"an employee as client", employee, co.PlanID, nil, 422, "client_id"},
		{"unknown plan", fresh, "AAAAAAAAAAAAAAAAAAAAAAA", nil, 422, "plan_id"},
		{"inactive plan", fresh, inactive, nil, 422, "plan_id"},
		{"missing client", "", co.PlanID, nil, 422, "client_id"},
		{"bad status", fresh, co.PlanID, map[string]any{"status": "expired"}, 422, "status"},
		{"bad start date", fresh, co.PlanID, map[string]any{"start_date": "soon"}, 422, "start_date"},
		{"end before start", fresh, co.PlanID, map[string]any{"end_date": "2023-01-01"}, 422, "end_date"},
		{"bad payment status", fresh, co.PlanID, map[string]any{"payment_status": "maybe"}, 422, "payment_status"},
	} {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			r := assign(tc.client, tc.plan, tc.extra)
			wantError(t, tc.name, r, tc.status)
			if tc.field != "" {
				errs, _ := r.Body["errors"].([]any)
				if len(errs) == 0 || errs[0].(map[string]any)["field"] != tc.field {
					t.Errorf("errors %v, want field %s", r.Body["errors"], tc.field)
				}
			}
		})
	}
	t.Run("malformed JSON is a 400", func(t *testing.T) {
		wantError(t, "malformed", e.Do("POST", api+"/subscriptions/assign", sa, `{"client_id":`), 400)
	})
	t.Run("assigns a plan and counts the existing accounts", func(t *testing.T) {
		r := e.Must(201, "POST", api+"/subscriptions/assign/", sa, map[string]any{"client_id": fresh, "plan_id": co.PlanID,
			"start_date": "2024-01-01T00:00:00Z", "status": "trial", "payment_status": "completed"})
		d := r.Data()
		if d["client_id"] != fresh || d["company_id"] != fresh || d["status"] != "trial" || d["payment_status"] != "completed" ||
			d["start_date"] != "2024-01-01T00:00:00.000Z" || d["current_users_count"] != float64(0) {
			t.Fatalf("subscription %s", r.Raw)
		}
		wantError(t, "second", assign(fresh, co.PlanID, nil), 409)
		sub := subscription(t, e, co)
		if sub["current_users_count"] != float64(1) {
			t.Fatalf("counter %v", sub["current_users_count"])
		}
	})
	t.Run("a plan with live subscriptions cannot be deleted", func(t *testing.T) {
		wantError(t, "delete plan", e.Do("DELETE", api+"/subscriptions/"+co.PlanID, sa, nil), 409)
		e.Must(200, "DELETE", api+"/subscriptions/"+inactive, sa, nil)
	})
}

func TestPlanPricesAreExact(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	plan := func(price any) *testkit.Response {
		return e.Do("POST", api+"/subscriptions", sa, map[string]any{"name": "Priced " + testkit.Unique(), "currency": "USD", "price": price,
			"duration": "Per Month", "max_users": 1, "max_clients": 1, "storage_limit": 1})
	}
	for in, want := range map[any]string{"9.99": `"price":9.99`, 0.1: `"price":0.10`, "0.30": `"price":0.30`, 1234567.5: `"price":1234567.50`, 0: `"price":0.00`} {
		r := plan(in)
		if r.Status != 201 || !strings.Contains(string(r.Raw), want) {
			t.Errorf("price %v: %d %s", in, r.Status, r.Raw)
			continue
		}
		if got := e.Must(200, "GET", api+"/subscriptions/"+r.ID(), sa, nil); !strings.Contains(string(got.Raw), want) {
			t.Errorf("price %v read back: %s", in, got.Raw)
		}
	}
	for _, bad := range []any{"0x10", "1_000", "1.234", 0.001, "1e2", "abc", "", -1, true, []int{1}} {
		wantError(t, "price", plan(bad), 422)
	}
}
