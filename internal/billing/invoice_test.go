package billing_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

func invoice(currency string, items ...any) map[string]any {
	return map[string]any{"client": "Globex", "project": "ignored", "issueDate": "2025-01-10", "dueDate": "2999-12-31",
		"currency": currency, "items": items, "status": "paid", "total": 1, "subtotal": 2, "paid_amount": "9"}
}

func line(q, p any) map[string]any { return map[string]any{"name": "x", "quantity": q, "price": p} }

// TestInvoiceNumbersUnderConcurrency: 50 invoices created at once on one
// project get INV#1 … INV#50, each once; another company starts at INV#1.
func TestInvoiceNumbersUnderConcurrency(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := project(e, co)
	const n = 50
	numbers := make([]string, n)
	status := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := e.Do("POST", api+"/invoices/"+p, co.Token, invoice("USD", line(1, i+1)))
			status[i] = r.Status
			numbers[i], _ = r.Data()["invoiceNumber"].(string)
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
		if !seen[fmt.Sprintf("INV#%d", i)] {
			t.Fatalf("numbers %v lack INV#%d", numbers, i)
		}
	}
	other := e.NewCompany()
	if got := e.Must(201, "POST", api+"/invoices/"+project(e, other), other.Token, invoice("USD", line(1, 1))).Data()["invoiceNumber"]; got != "INV#1" {
		t.Fatalf("another company's first invoice is %v", got)
	}
}

// TestInvoiceTotals: the server computes exact totals in the currency's
// minor unit (JPY none, KWD three), ignores the client's totals and status,
// sets project from the path, keeps items an array, and derives the status
// from the due date.
func TestInvoiceTotals(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := project(e, co)
	b := invoice("USD",
		map[string]any{"item": "Widget", "quantity": 3, "price": "19.99", "tax": 18, "amount": 1},
		map[string]any{"name": "Bolt", "quantity": "1.5", "price": 0.03},
		map[string]any{"name": "Service", "quantity": 2, "price": 10.01, "discount": "12.5", "tax": 5})
	b["discountRate"] = 10
	r := e.Must(201, "POST", api+"/invoices/"+p, co.Token, b).Data()
	want(t, r, map[string]any{"subtotal": "77.54", "discount": "7.75", "tax": "10.51", "total": "80.30", "paid_amount": "0.00",
		"credited_amount": "0.00", "amount_due": "80.30", "status": "unpaid", "project": p, "related_id": p, "invoiceNumber": "INV#1"})
	if items, _ := r["items"].([]any); len(items) != 3 || items[0].(map[string]any)["amount"] != "59.97" {
		t.Fatalf("items %v", r["items"])
	}
	jpy := e.Must(201, "POST", api+"/invoices/"+p, co.Token, invoice("jpy", map[string]any{"name": "Tea", "quantity": 3, "price": 333, "tax": 10})).Data()
	want(t, jpy, map[string]any{"currency": "JPY", "total": "1099", "amount_due": "1099"})
	// KWD: 3 × 1.005 at 7.5 % tax: 3.015 + 0.226125 → 0.226; total 3.241.
	kwd := e.Must(201, "POST", api+"/invoices/"+p, co.Token, invoice("KWD", map[string]any{"name": "Oil", "quantity": 3, "price": "1.005", "tax": "7.5"})).Data()
	want(t, kwd, map[string]any{"total": "3.241", "amount_due": "3.241", "paid_amount": "0.000"})
	// A due date in the past: overdue while anything is due.
	late := invoice("USD", line(1, 5))
	late["issueDate"], late["dueDate"] = "2020-01-01", "2020-01-31"
	lr := e.Must(201, "POST", api+"/invoices/"+p, co.Token, late).Data()
	want(t, lr, map[string]any{"status": "overdue"})
	got := e.Must(200, "GET", api+"/invoices/"+lr["id"].(string), co.Token, nil).Data()
	want(t, got, map[string]any{"status": "overdue", "total": "5.00"})
	// The parent's list.
	if list := e.Must(200, "GET", api+"/invoices/"+p, co.Token, nil).List(); len(list) != 4 {
		t.Fatalf("project lists %d invoices", len(list))
	}
	// Bad input: each a 4xx naming the field; nothing written.
	before := total(e, "/invoices", co.Token)
	var many []any
	for i := 0; i < 10000; i++ {
		many = append(many, line(1, 1))
	}
	for i, c := range []struct {
		field string
		body  map[string]any
	}{
		{"items", invoice("USD", many...)},
		{"items", invoice("USD")},
		{"items[0].price", invoice("USD", line(1, -1))},
		{"items[0].price", invoice("USD", line(1, "100000000000000000000"))},
		{"items[0].price", invoice("JPY", line(1, "1.5"))},
		{"currency", invoice("XXY", line(1, 1))},
		{"dueDate", func() map[string]any { b := invoice("USD", line(1, 1)); b["dueDate"] = "2025-01-01"; return b }()},
	} {
		r := e.Do("POST", api+"/invoices/"+p, co.Token, c.body)
		if r.Status != 422 {
			t.Fatalf("case %d: status %d: %.300s", i, r.Status, r.Raw)
		}
		mustFail(t, r, 422, c.field)
	}
	mustFail(t, e.Do("POST", api+"/invoices/"+db.NewID(), co.Token, invoice("USD", line(1, 1))), 404, "")
	other := e.NewCompany()
	mustFail(t, e.Do("POST", api+"/invoices/"+project(e, other), co.Token, invoice("USD", line(1, 1))), 404, "")
	if got := total(e, "/invoices", co.Token); got != before {
		t.Fatalf("refused creates changed the count: %v → %v", before, got)
	}
	// The next number follows on: refusals consumed none.
	if n := e.Must(201, "POST", api+"/invoices/"+p, co.Token, invoice("USD", line(1, 1))).Data()["invoiceNumber"]; n != "INV#5" {
		t.Fatalf("after refusals: %v", n)
	}
}

// TestAmountBounds: the largest amounts accepted are stored and read back
// exactly (just below 10^15 cents, 10^14 yen), one unit more is a 422 naming
// the field, and so is 10^20, as a string or as a JSON number.
func TestAmountBounds(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := project(e, co)
	for _, c := range []struct{ cur, price string }{{"USD", "9999999999999.99"}, {"JPY", "99999999999999"}, {"KWD", "999999999999.999"}} {
		id := e.Must(201, "POST", api+"/invoices/"+p, co.Token, invoice(c.cur, line(1, c.price))).ID()
		want(t, row(e, "/invoices/"+id, co.Token), map[string]any{"total": c.price, "amount_due": c.price})
		x := e.Must(201, "POST", api+"/expenses/"+p, co.Token, map[string]any{"item": "Big", "currency": c.cur, "price": c.price, "purchase_date": "2025-01-15"}).ID()
		want(t, row(e, "/expenses/"+x, co.Token), map[string]any{"price": c.price})
		pay := payment(id, c.price)
		pay["currency"] = c.cur
		e.Must(201, "POST", api+"/payments/"+p, co.Token, pay)
		want(t, row(e, "/invoices/"+id, co.Token), map[string]any{"paid_amount": c.price, "amount_due": zero(c.cur), "status": "paid"})
	}
	before := total(e, "/invoices", co.Token)
	mustFail(t, e.Do("POST", api+"/invoices/"+p, co.Token, invoice("USD", line(1, "10000000000000.00"))), 422, "items[0].price")
	mustFail(t, e.Do("POST", api+"/invoices/"+p, co.Token, invoice("JPY", line(1, "100000000000000"))), 422, "items[0].price")
	mustFail(t, e.Do("POST", api+"/invoices/"+p, co.Token, invoice("JPY", line(2, "99999999999999"))), 422, "items")
	mustFail(t, e.Do("POST", api+"/invoices/"+p, co.Token, invoice("USD", line(1, 1e20))), 422, "items[0].price")
	if got := total(e, "/invoices", co.Token); got != before {
		t.Fatalf("refused invoices changed the count: %v → %v", before, got)
	}
	for _, bad := range []struct {
		cur   string
		price any
	}{{"USD", 1e20}, {"USD", "100000000000000000000"}, {"USD", "-0.01"}, {"JPY", "100000000000000"}} {
		mustFail(t, e.Do("POST", api+"/expenses/"+p, co.Token, map[string]any{"item": "Big", "currency": bad.cur, "price": bad.price, "purchase_date": "2025-01-15"}), 422, "price")
	}
}
