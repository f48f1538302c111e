package sales_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func proposal() map[string]any {
	return map[string]any{"lead_title": "Lead " + testkit.Unique(), "deal_title": "Deal", "valid_till": "2025-03-31", "currency": "USD",
		"description": "", "discountRate": 10,
		"items": []any{
			map[string]any{"item": "Widget", "quantity": 3, "price": "19.99", "tax": 18, "tax_name": "GST", "amount": 1},
			map[string]any{"name": "Bolt", "quantity": "1.5", "price": 0.03},
			map[string]any{"name": "Service", "quantity": 2, "price": 10.01, "discount": "12.5", "tax": 5},
		},
		// Client-computed figures, all wrong on purpose: the server ignores them.
		"subtotal": 1, "discount": 2, "tax": 3, "calculatedTax": "after", "total": 4}
}

func wantTotals(t *testing.T, row map[string]any, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if row[k] != v {
			t.Fatalf("%s = %#v, want %q (row %v)", k, row[k], v, row)
		}
	}
}

// TestProposalTotals: the server computes line amounts and totals exactly
// (the same hand-computed case as the money package's) and returns them as
// decimal strings, ignoring the client's; a change of the discount rate
// recomputes them.
func TestProposalTotals(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	r := e.Must(201, "POST", api+"/proposals/", co.Token, proposal())
	want := map[string]string{"subtotal": "77.54", "discount": "7.75", "tax": "10.51", "calculatedTax": "10.51", "total": "80.30", "discountRate": "10", "currency": "USD"}
	wantTotals(t, r.Data(), want)
	items, _ := r.Data()["items"].([]any)
	if len(items) != 3 {
		t.Fatalf("items %v", r.Data()["items"])
	}
	l0, l1 := items[0].(map[string]any), items[1].(map[string]any)
	if l0["name"] != "Widget" || l0["amount"] != "59.97" || l0["tax_amount"] != "9.72" || l0["tax_name"] != "GST" || l1["amount"] != "0.05" {
		t.Fatalf("items %v", items)
	}
	id := r.ID()
	wantTotals(t, e.Must(200, "GET", api+"/proposals/"+id, co.Token, nil).Data(), want)

	// Without a discount: tax 59.97 × 18 % = 10.7946 → 10.79 and 17.52 × 5 % = 0.876 → 0.88.
	upd := e.Must(200, "PUT", api+"/proposals/"+id, co.Token, map[string]any{"discountRate": 0, "total": 1}).Data()
	wantTotals(t, upd, map[string]string{"subtotal": "77.54", "discount": "0.00", "tax": "11.67", "total": "89.21", "discountRate": "0"})
	// An update that leaves items and rate alone keeps the totals.
	wantTotals(t, e.Must(200, "PUT", api+"/proposals/"+id, co.Token, map[string]any{"deal_title": "Renamed"}).Data(),
		map[string]string{"total": "89.21", "deal_title": "Renamed"})
	// JPY: whole yen only; the cents of the stored prices are refused and nothing changes.
	before := string(e.Must(200, "GET", api+"/proposals/"+id, co.Token, nil).Raw)
	testkit.MustInvalid(t, e.Do("PUT", api+"/proposals/"+id, co.Token, map[string]any{"currency": "JPY"}), "items[0].price")
	if after := string(e.Must(200, "GET", api+"/proposals/"+id, co.Token, nil).Raw); after != before {
		t.Fatalf("a refused update changed the proposal")
	}
	jpy := e.Must(200, "PUT", api+"/proposals/"+id, co.Token, map[string]any{"currency": "jpy",
		"items": []any{map[string]any{"name": "Tea", "quantity": 3, "price": 333, "tax": 10}}}).Data()
	wantTotals(t, jpy, map[string]string{"currency": "JPY", "subtotal": "999", "tax": "100", "total": "1099"})
}

// TestProposalBadInput: each refusal is a 422 naming the field, and nothing
// is written.
func TestProposalBadInput(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	e.Must(201, "POST", api+"/proposals", co.Token, proposal())
	before := total(e, "/proposals", co.Token)
	line := func(q, p any) map[string]any { return map[string]any{"name": "x", "quantity": q, "price": p} }
	var many []any
	for i := 0; i < 10000; i++ {
		many = append(many, line(1, 1))
	}
	cases := []struct {
		field string
		edit  func(b map[string]any)
	}{
		{"items[1].quantity", func(b map[string]any) { b["items"] = []any{line(1, 1), line(-1, 1)} }},
		{"items[0].price", func(b map[string]any) { b["items"] = []any{line(1, 1e20)} }},
		{"items[0].price", func(b map[string]any) { b["items"] = []any{line(1, "100000000000000000000")} }},
		{"items[3].quantity", func(b map[string]any) { b["items"] = []any{line(1, 1), line(1, 1), line(1, 1), line(1e9, 1)} }},
		{"items[0].tax", func(b map[string]any) {
			b["items"] = []any{map[string]any{"name": "x", "quantity": 1, "price": 1, "tax": 150}}
		}},
		{"items[0].name", func(b map[string]any) { b["items"] = []any{map[string]any{"quantity": 1, "price": 1}} }},
		{"items", func(b map[string]any) { b["items"] = many }},
		{"items", func(b map[string]any) { b["items"] = []any{} }},
		{"items", func(b map[string]any) { b["items"] = []any{line(1, "9999999999999.99"), line(1, "9999999999999.99")} }},
		{"currency", func(b map[string]any) { b["currency"] = "ABC" }},
		{"currency", func(b map[string]any) { b["currency"] = "dollars" }},
		{"discountRate", func(b map[string]any) { b["discountRate"] = 150 }},
		{"discountRate", func(b map[string]any) { b["discountRate"] = "1e2" }},
	}
	for i, c := range cases {
		b := proposal()
		c.edit(b)
		r := e.Do("POST", api+"/proposals", co.Token, b)
		if r.Status != 422 {
			t.Fatalf("case %d: status %d, want 422 naming %s: %.300s", i, r.Status, c.field, r.Raw)
		}
		testkit.MustInvalid(t, r, c.field)
	}
	if got := total(e, "/proposals", co.Token); got != before {
		t.Fatalf("refused creates changed the count: %v → %v", before, got)
	}
	// 500 lines are accepted; every line is listed back.
	var full []any
	for i := 0; i < 500; i++ {
		full = append(full, map[string]any{"name": fmt.Sprintf("l%d", i), "quantity": "0.0001", "price": "0.01"})
	}
	b := proposal()
	b["items"], b["discountRate"] = full, nil
	r := e.Must(201, "POST", api+"/proposals", co.Token, b)
	// Each line is 0.000001 → rounds to 0.00.
	if items, _ := r.Data()["items"].([]any); len(items) != 500 || r.Data()["total"] != "0.00" || !strings.HasPrefix(r.Data()["discountRate"].(string), "0") {
		t.Fatalf("500 lines: %d items, total %v", len(items), r.Data()["total"])
	}
	m := e.NewMember(co, crm("customer"))
	if r := e.Do("GET", api+"/proposals", m.Token, nil); r.Status != 403 {
		t.Fatalf("member without crm.sales listed proposals: %d", r.Status)
	}
}
