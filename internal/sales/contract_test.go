package sales_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

func contract(client string) map[string]any {
	return map[string]any{"subject": "Support " + testkit.Unique(), "client": client, "type": "Annual", "value": 1200.5,
		"startDate": "2025-01-01", "endDate": "2025-12-31", "description": "Support"}
}

// TestContractNumbersUnderConcurrency: 50 contracts created at once get
// CON#1 … CON#50, each once.
func TestContractNumbersUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	cust := newCustomer(e, co.Token)
	const n = 50
	numbers := make([]string, n)
	status := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			b := contract(cust)
			b["subject"] = fmt.Sprintf("Contract %d", i)
			r := e.Do("POST", api+"/contracts", co.Token, b)
			status[i] = r.Status
			numbers[i], _ = r.Data()["contract_number"].(string)
		}(i)
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		if status[i] != 201 {
			t.Fatalf("create %d: status %d", i, status[i])
		}
		seen[numbers[i]] = true
	}
	for i := 1; i <= n; i++ {
		if !seen[fmt.Sprintf("CON#%d", i)] {
			t.Fatalf("numbers %v lack CON#%d", numbers, i)
		}
	}
}

// TestContractRules: the client is a customer or sub-client of the company,
// the project must exist, the dates are ordered, the currency is ISO 4217;
// refusals change nothing; PUT and GET by id work (the original's did not).
func TestContractRules(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	cust := newCustomer(e, co.Token)
	foreign := newCustomer(e, other.Token)
	sub := e.Must(201, "POST", api+"/sub-clients", co.Token, map[string]any{"username": "sc" + testkit.Unique(),
		"email": "sc" + testkit.Unique() + "@example.com", "password": testkit.Password}).ID()

	first := e.Must(201, "POST", api+"/contracts", co.Token, contract(cust)).Data()
	if first["contract_number"] != "CON#1" || first["value"] != 1200.5 || first["project"] != nil || first["currency"] != nil {
		t.Fatalf("created %v", first)
	}
	withSub := contract(sub)
	withSub["currency"] = "inr"
	if row := e.Must(201, "POST", api+"/contracts", co.Token, withSub).Data(); row["contract_number"] != "CON#2" || row["currency"] != "INR" {
		t.Fatalf("created %v", row)
	}
	before := total(e, "/contracts", co.Token)
	bad := func(field string, edit func(b map[string]any)) {
		t.Helper()
		b := contract(cust)
		edit(b)
		testkit.MustInvalid(t, e.Do("POST", api+"/contracts", co.Token, b), field)
	}
	bad("client", func(b map[string]any) { b["client"] = foreign })
	bad("client", func(b map[string]any) { b["client"] = db.NewID() })
	bad("client", func(b map[string]any) { b["client"] = other.ID })
	bad("project", func(b map[string]any) { b["project"] = db.NewID() })
	bad("endDate", func(b map[string]any) { b["startDate"], b["endDate"] = "2025-06-01", "2025-05-31" })
	bad("currency", func(b map[string]any) { b["currency"] = "ABC" })
	bad("value", func(b map[string]any) { b["currency"], b["value"] = "JPY", 100.5 })
	bad("value", func(b map[string]any) { b["value"] = -1 })
	bad("value", func(b map[string]any) { b["value"] = 1e20 })
	bad("value", func(b map[string]any) { b["value"] = "10000000000000" })
	if got := total(e, "/contracts", co.Token); got != before {
		t.Fatalf("refused creates changed the count: %v → %v", before, got)
	}
	big := contract(cust)
	big["value"] = "9999999999999.99"
	if row := e.Must(201, "POST", api+"/contracts", co.Token, big).Data(); row["contract_number"] != "CON#3" || row["value"] != 9999999999999.99 {
		t.Fatalf("created %v", row)
	}
	// A refused create does not consume a number.
	if row := e.Must(201, "POST", api+"/contracts", co.Token, contract(cust)).Data(); row["contract_number"] != "CON#4" {
		t.Fatalf("after refusals the next number is %v", row["contract_number"])
	}

	id := first["id"].(string)
	testkit.MustInvalid(t, e.Do("PUT", api+"/contracts/"+id, co.Token, map[string]any{"client": foreign}), "client")
	testkit.MustInvalid(t, e.Do("PUT", api+"/contracts/"+id, co.Token, map[string]any{"endDate": "2024-12-31"}), "endDate")
	upd := e.Must(200, "PUT", api+"/contracts/"+id, co.Token, map[string]any{"client": sub, "value": "99.99", "contract_number": "CON#77"}).Data()
	if upd["client"] != sub || upd["value"] != 99.99 || upd["contract_number"] != "CON#1" {
		t.Fatalf("updated %v", upd)
	}
	if got := e.Must(200, "GET", api+"/contracts/"+id, co.Token, nil); got.Body["success"] != true || got.Data()["value"] != 99.99 {
		t.Fatalf("GET by id: %s", got.Raw)
	}
	e.Must(404, "GET", api+"/contracts/"+id, other.Token, nil)
	e.Must(404, "GET", api+"/contracts/"+db.NewID(), co.Token, nil)
	if r := e.Do("GET", api+"/contracts/"+id, "", nil); r.Status != 401 {
		t.Fatalf("anonymous GET: %d", r.Status)
	}
	dup := contract(cust)
	dup["subject"] = first["subject"]
	e.Must(409, "POST", api+"/contracts", co.Token, dup)
	e.Must(201, "POST", api+"/contracts", other.Token, map[string]any{"subject": first["subject"], "client": foreign, "type": "Annual",
		"value": 1, "startDate": "2025-01-01", "endDate": "2025-01-01"})
}
