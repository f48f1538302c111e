package sales_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// parent creates a record quotations, estimates and products may hang on
// (a lead; a stand-in where the CRM package is not linked in).
func parent(e *testkit.Env, token string) string {
	e.T.Helper()
	k, ok := crud.LookupParentKind("lead")
	if !ok {
		e.T.Fatal("no lead parent kind")
	}
	path := "/branches"
	body := map[string]any{"branchName": "Parent " + testkit.Unique()}
	if k.Table == "leads" {
		path = "/leads"
		body = map[string]any{"leadTitle": "Lead " + testkit.Unique(), "firstName": "Ada", "lastName": "Lovelace"}
	}
	return e.Must(201, "POST", api+path, token, body).ID()
}

func priced() map[string]any {
	return map[string]any{"valid_till": "2025-03-31", "client": "Globex", "lead": "Website", "project": "Web 2025",
		"currency": "USD", "discountRate": 10,
		"items": []any{
			map[string]any{"item": "Widget", "quantity": 3, "price": "19.99", "tax": 18, "tax_name": "GST", "amount": 1},
			map[string]any{"name": "Bolt", "quantity": "1.5", "price": 0.03},
			map[string]any{"name": "Service", "quantity": 2, "price": 10.01, "discount": "12.5", "tax": 5},
		},
		// Client-computed figures, all wrong on purpose: the server ignores them.
		"subtotal": 1, "discount": 2, "tax": 3, "calculatedTax": "after", "total": 4}
}

var numbered = []struct{ path, field, prefix string }{
	{"/quotations", "quotationNumber", "QUO#"},
	{"/estimates", "estimateNumber", "EST#"},
}

// TestQuotationAndEstimateNumbersUnderConcurrency: 50 quotations (estimates)
// created at once under one parent get QUO#1 … QUO#50 (EST#1 … EST#50), each
// once; the number is read-only; another company starts at 1.
func TestQuotationAndEstimateNumbersUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	for _, kind := range numbered {
		t.Run(kind.path[1:], func(t *testing.T) {
			co := e.NewCompany()
			rel := parent(e, co.Token)
			const n = 50
			numbers := make([]string, n)
			status := make([]int, n)
			var wg sync.WaitGroup
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					b := priced()
					b[kind.field] = kind.prefix + "1"
					r := e.Do("POST", api+kind.path+"/"+rel, co.Token, b)
					status[i] = r.Status
					numbers[i], _ = r.Data()[kind.field].(string)
					if r.Status == 201 && r.Data()["related_id"] != rel {
						status[i] = -1
					}
				}(i)
			}
			wg.Wait()
			seen := map[string]bool{}
			for i := 0; i < n; i++ {
				if status[i] != 201 {
					t.Fatalf("create %d: status %d (−1: related_id is not the parent)", i, status[i])
				}
				seen[numbers[i]] = true
			}
			for i := 1; i <= n; i++ {
				if !seen[fmt.Sprintf("%s%d", kind.prefix, i)] {
					t.Fatalf("numbers %v lack %s%d", numbers, kind.prefix, i)
				}
			}
			if got := total(e, kind.path+"/"+rel, co.Token); got != n {
				t.Fatalf("%v rows listed under the parent, want %d", got, n)
			}
			other := e.NewCompany()
			r := e.Must(201, "POST", api+kind.path+"/"+parent(e, other.Token), other.Token, priced())
			if r.Data()[kind.field] != kind.prefix+"1" {
				t.Fatalf("another company's first is %v", r.Data()[kind.field])
			}
		})
	}
}

// TestQuotationTotals: totals are computed exactly by the server, the
// client's ignored; the original's items object is read in the order sent;
// an update recomputes.
func TestQuotationTotals(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	rel := parent(e, co.Token)
	// Widget 3 × 19.99 = 59.97, tax (59.97 × 0.9) × 18 % = 9.7151 → 9.72; Bolt 1.5 × 0.03 = 0.045 → 0.05;
	// Service 2 × 10.01 × 0.875 = 17.5175 → 17.52, tax 17.52 × 0.9 × 5 % = 0.7884 → 0.79.
	// Subtotal 77.54, discount 7.754 → 7.75, tax 10.51, total 80.30.
	r := e.Must(201, "POST", api+"/quotations/"+rel, co.Token, priced()).Data()
	wantTotals(t, r, map[string]string{"subtotal": "77.54", "discount": "7.75", "tax": "10.51", "calculatedTax": "10.51",
		"total": "80.30", "discountRate": "10", "currency": "USD", "quotationNumber": "QUO#1", "related_id": rel, "client": "Globex"})
	id := r["id"].(string)
	wantTotals(t, e.Must(200, "GET", api+"/quotations/"+id, co.Token, nil).Data(), map[string]string{"total": "80.30", "id": id})

	// The original's shape: an object keyed by item name, read in the order sent.
	obj := []byte(`{"items": {"Zeta": {"description": "first", "price": "0.10", "quantity": 3, "total": 999},
		"Alpha": {"name": "Alpha tools", "price": 5, "quantity": 1, "tax": 10}}, "discountRate": 0, "total": 7}`)
	upd := e.Must(200, "PUT", api+"/quotations/"+id, co.Token, obj).Data()
	// 0.30 + 5.00 = 5.30; tax 5.00 × 10 % = 0.50; total 5.80.
	wantTotals(t, upd, map[string]string{"subtotal": "5.30", "discount": "0.00", "tax": "0.50", "total": "5.80", "quotationNumber": "QUO#1"})
	items, _ := upd["items"].([]any)
	if len(items) != 2 || items[0].(map[string]any)["name"] != "Zeta" || items[1].(map[string]any)["name"] != "Alpha tools" ||
		items[0].(map[string]any)["amount"] != "0.30" {
		t.Fatalf("items %v", upd["items"])
	}
	// An estimate: EUR, 3 × 33.33 less 10 % = 89.991 → 89.99, tax 89.99 × 0.95 × 20 % = 17.0981 → 17.10;
	// 1.5 × 0.05 = 0.075 → 0.08. Subtotal 90.07, discount 4.5035 → 4.50, total 90.07 − 4.50 + 17.10 = 102.67.
	est := priced()
	est["currency"], est["discountRate"] = "eur", "5"
	est["items"] = map[string]any{"Consulting": map[string]any{"quantity": 3, "price": "33.33", "discount": 10, "tax": 20}}
	row := e.Must(201, "POST", api+"/estimates/"+rel, co.Token, est).Data()
	wantTotals(t, row, map[string]string{"currency": "EUR", "subtotal": "89.99", "tax": "17.10", "estimateNumber": "EST#1"})
	est["items"] = []any{
		map[string]any{"name": "Consulting", "quantity": 3, "price": "33.33", "discount": 10, "tax": 20},
		map[string]any{"name": "Stamps", "quantity": "1.5", "price": "0.05"},
	}
	row = e.Must(201, "POST", api+"/estimates/"+rel, co.Token, est).Data()
	wantTotals(t, row, map[string]string{"subtotal": "90.07", "discount": "4.50", "tax": "17.10", "total": "102.67", "estimateNumber": "EST#2"})
}

// TestPricedBadInput: each refusal of a quotation or estimate is a 4xx
// naming the field (404 for a parent of another company), nothing is
// written and no number is consumed.
func TestPricedBadInput(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	rel, foreign := parent(e, co.Token), parent(e, other.Token)
	line := func(q, p any) map[string]any { return map[string]any{"name": "x", "quantity": q, "price": p} }
	var many []any
	for i := 0; i < 10000; i++ {
		many = append(many, line(1, 1))
	}
	manyObj := map[string]any{}
	for i := 0; i < 10000; i++ {
		manyObj[fmt.Sprintf("i%d", i)] = line(1, 1)
	}
	for _, kind := range numbered {
		e.Must(201, "POST", api+kind.path+"/"+rel, co.Token, priced())
		before := total(e, kind.path, co.Token)
		cases := []struct {
			field string
			edit  func(b map[string]any)
		}{
			{"items[1].quantity", func(b map[string]any) { b["items"] = []any{line(1, 1), line(-1, 1)} }},
			{"items[0].quantity", func(b map[string]any) { b["items"] = map[string]any{"a": line("-0.5", 1)} }},
			{"items[0].price", func(b map[string]any) { b["items"] = []any{line(1, 1e20)} }},
			{"items[0].price", func(b map[string]any) { b["items"] = []any{line(1, "100000000000000000000")} }},
			{"items", func(b map[string]any) { b["items"] = many }},
			{"items", func(b map[string]any) { b["items"] = manyObj }},
			{"items", func(b map[string]any) { b["items"] = map[string]any{"a": 1} }},
			{"currency", func(b map[string]any) { b["currency"] = "ABC" }},
			{"currency", func(b map[string]any) { b["currency"] = "US Dollar" }},
			{"client", func(b map[string]any) { delete(b, "client") }},
			{"valid_till", func(b map[string]any) { b["valid_till"] = "someday" }},
		}
		for i, c := range cases {
			b := priced()
			c.edit(b)
			r := e.Do("POST", api+kind.path+"/"+rel, co.Token, b)
			if r.Status != 422 {
				t.Fatalf("%s case %d: status %d, want 422 naming %s: %.300s", kind.path, i, r.Status, c.field, r.Raw)
			}
			testkit.MustInvalid(t, r, c.field)
		}
		for _, bad := range []string{foreign, db.NewID(), other.ID, "undefined"} {
			if r := e.Do("POST", api+kind.path+"/"+bad, co.Token, priced()); r.Status != 404 {
				t.Fatalf("%s under %q: status %d, want 404: %.300s", kind.path, bad, r.Status, r.Raw)
			}
		}
		if got := total(e, kind.path, co.Token); got != before {
			t.Fatalf("%s: refused creates changed the count: %v → %v", kind.path, before, got)
		}
		if r := e.Must(201, "POST", api+kind.path+"/"+rel, co.Token, priced()).Data(); r[kind.field] != kind.prefix+"2" {
			t.Fatalf("%s: after refusals the next number is %v", kind.path, r[kind.field])
		}
	}
	// A foreign company's row is not reachable by id.
	q := e.Must(201, "POST", api+"/quotations/"+foreign, other.Token, priced()).ID()
	e.Must(404, "PUT", api+"/quotations/"+q, co.Token, map[string]any{"client": "Mine"})
	e.Must(404, "DELETE", api+"/quotations/"+q, co.Token, nil)
	if r := e.Must(200, "GET", api+"/quotations/"+q, co.Token, nil); len(r.List()) != 0 {
		t.Fatalf("another company's quotation listed: %s", r.Raw)
	}
}

// TestEstimatesUndefined: GET /estimates/undefined (the web client's Sales ›
// Estimates page) lists every estimate of the caller's company, paged as
// any list, and needs the estimate permission.
func TestEstimatesUndefined(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	p1, p2 := parent(e, co.Token), parent(e, co.Token)
	for _, p := range []string{p1, p1, p2} {
		e.Must(201, "POST", api+"/estimates/"+p, co.Token, priced())
	}
	e.Must(201, "POST", api+"/estimates/"+parent(e, other.Token), other.Token, priced())
	all := e.Must(200, "GET", api+"/estimates/undefined", co.Token, nil)
	if len(all.List()) != 3 {
		t.Fatalf("GET /estimates/undefined: %s", all.Raw)
	}
	for _, row := range all.List() {
		if row["company_id"] != co.ID {
			t.Fatalf("another company's estimate listed: %v", row)
		}
	}
	paged := e.Must(200, "GET", api+"/estimates/undefined?page=2&limit=2&sort=estimateNumber", co.Token, nil)
	pg, _ := paged.Body["pagination"].(map[string]any)
	if len(paged.List()) != 1 || pg["total"] != 3.0 || paged.List()[0]["estimateNumber"] != "EST#3" {
		t.Fatalf("page 2: %s", paged.Raw)
	}
	if n := len(e.Must(200, "GET", api+"/estimates/"+p1, co.Token, nil).List()); n != 2 {
		t.Fatalf("%d estimates under the first parent, want 2", n)
	}
	if n := len(e.Must(200, "GET", api+"/estimates/undefined", other.Token, nil).List()); n != 1 {
		t.Fatalf("the other company sees %d estimates", n)
	}
	if r := e.Do("GET", api+"/estimates/undefined", "", nil); r.Status != 401 {
		t.Fatalf("anonymous: %d", r.Status)
	}
	m := e.NewMember(co, crm("sales"))
	if r := e.Do("GET", api+"/estimates/undefined", m.Token, nil); r.Status != 403 {
		t.Fatalf("member without crm.estimate: %d", r.Status)
	}
	if r := e.Do("GET", api+"/estimates/undefined", e.NewMember(co, crm("estimate")).Token, nil); r.Status != 200 || len(r.List()) != 3 {
		t.Fatalf("member with crm.estimate: %d %.300s", r.Status, r.Raw)
	}
	// Quotations have no such route: the original's 404 for an unknown parent.
	if r := e.Do("GET", api+"/quotations/undefined", co.Token, nil); r.Status != 404 {
		t.Fatalf("GET /quotations/undefined: %d", r.Status)
	}
}
