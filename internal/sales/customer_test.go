package sales_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

// TestCustomerNumbersUnderConcurrency: 50 customers created at once get
// CN#1 … CN#50, each once; another company starts its own sequence at CN#1.
func TestCustomerNumbersUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	const n = 50
	numbers := make([]string, n)
	status := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := e.Do("POST", api+"/customers/", co.Token, map[string]any{"name": fmt.Sprintf("Customer %d", i), "contact": "9876543210",
				"email": fmt.Sprintf("c%d@example.com", i), "customerNumber": "CN#1", "related_id": "someone-else"})
			status[i] = r.Status
			numbers[i], _ = r.Data()["customerNumber"].(string)
			if r.Status == 201 && r.Data()["related_id"] != co.ID {
				status[i] = -1
			}
		}(i)
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		if status[i] != 201 {
			t.Fatalf("create %d: status %d (−1: related_id is not the creator)", i, status[i])
		}
		seen[numbers[i]] = true
	}
	for i := 1; i <= n; i++ {
		if !seen[fmt.Sprintf("CN#%d", i)] {
			t.Fatalf("numbers %v lack CN#%d", numbers, i)
		}
	}
	if got := total(e, "/customers", co.Token); got != n {
		t.Fatalf("%v customers listed, want %d", got, n)
	}
	other := e.NewCompany()
	r := e.Must(201, "POST", api+"/customers", other.Token, map[string]any{"name": "First", "contact": "1", "email": "first@example.com"})
	if r.Data()["customerNumber"] != "CN#1" {
		t.Fatalf("another company's first customer is %v", r.Data()["customerNumber"])
	}
}

// TestCustomerRules: related_id is the creating account; the original's
// alternate_contact is read on update; the number cannot be changed.
func TestCustomerRules(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	m := e.NewMember(co, crm("customer"))
	r := e.Must(201, "POST", api+"/customers", m.Token, map[string]any{"name": "Globex", "contact": "9876543210", "email": "AP@Globex.example",
		"tax_number": "", "alternate_number": "", "billing_address": map[string]any{"city": "Pune"}, "shipping_address": nil})
	row := r.Data()
	if row["related_id"] != m.ID || row["email"] != "ap@globex.example" || row["customerNumber"] != "CN#1" {
		t.Fatalf("created %v", row)
	}
	id := r.ID()
	upd := e.Must(200, "PUT", api+"/customers/"+id, m.Token, map[string]any{"alternate_contact": "9000000000", "customerNumber": "CN#99"}).Data()
	if upd["alternate_number"] != "9000000000" || upd["customerNumber"] != "CN#1" {
		t.Fatalf("updated %v", upd)
	}
	testkit.MustInvalid(t, e.Do("POST", api+"/customers", co.Token, map[string]any{"name": "X", "contact": "1", "email": "not-an-email"}), "email")
	testkit.MustInvalid(t, e.Do("POST", api+"/customers", co.Token, map[string]any{"name": "X", "contact": "1", "email": "x@example.com", "billing_address": "Pune"}), "billing_address")
	if r := e.Do("GET", api+"/customers", "", nil); r.Status != 401 {
		t.Fatalf("anonymous list: %d", r.Status)
	}
	none := e.NewMember(co, crm("contract"))
	if r := e.Do("POST", api+"/customers", none.Token, map[string]any{"name": "X", "contact": "1", "email": "y@example.com"}); r.Status != 403 {
		t.Fatalf("member without crm.customer created a customer: %d", r.Status)
	}
}
