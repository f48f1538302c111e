package billing_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

func payment(inv string, amount any) map[string]any {
	return map[string]any{"invoice": inv, "paidOn": "2025-01-20", "amount": amount, "currency": "USD", "paymentMethod": "Bank transfer",
		"transactionId": 45456456454564}
}

func row(e *testkit.Env, path, token string) map[string]any {
	e.T.Helper()
	return e.Must(200, "GET", api+path, token, nil).Data()
}

// TestPaymentsSettleInvoice: payments raise the invoice's paid amount and
// move its status; changing or deleting a payment reverses it; refusals
// (over the amount due, another company's invoice, bad amounts, another
// currency) change nothing.
func TestPaymentsSettleInvoice(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := project(e, co)
	inv := e.Must(201, "POST", api+"/invoices/"+p, co.Token, invoice("USD", line(1, "100.00"))).ID()
	pay := e.Must(201, "POST", api+"/payments/"+p, co.Token, payment(inv, 30.1)).Data()
	want(t, pay, map[string]any{"amount": "30.10", "currency": "USD", "project": p, "transactionId": "45456456454564"})
	want(t, row(e, "/invoices/"+inv, co.Token), map[string]any{"paid_amount": "30.10", "amount_due": "69.90", "status": "partially paid"})

	before := row(e, "/invoices/"+inv, co.Token)
	payments := total(e, "/payments", co.Token)
	mustFail(t, e.Do("POST", api+"/payments/"+p, co.Token, payment(inv, "69.91")), 409, "amount")
	mustFail(t, e.Do("POST", api+"/payments/"+p, co.Token, payment(inv, -5)), 422, "amount")
	mustFail(t, e.Do("POST", api+"/payments/"+p, co.Token, payment(inv, 0)), 422, "amount")
	mustFail(t, e.Do("POST", api+"/payments/"+p, co.Token, payment(inv, 1e20)), 422, "amount")
	mustFail(t, e.Do("POST", api+"/payments/"+p, co.Token, payment(inv, "100000000000000000000")), 422, "amount")
	mustFail(t, e.Do("POST", api+"/payments/"+p, co.Token, payment(inv, "1.001")), 422, "amount")
	eur := payment(inv, 1)
	eur["currency"] = "EUR"
	mustFail(t, e.Do("POST", api+"/payments/"+p, co.Token, eur), 422, "currency")
	other := e.NewCompany()
	foreign := e.Must(201, "POST", api+"/invoices/"+project(e, other), other.Token, invoice("USD", line(1, 50))).ID()
	mustFail(t, e.Do("POST", api+"/payments/"+p, co.Token, payment(foreign, 1)), 404, "")
	mustFail(t, e.Do("POST", api+"/payments/"+p, co.Token, payment(db.NewID(), 1)), 404, "")
	// An update to items below what is paid is refused.
	mustFail(t, e.Do("PUT", api+"/invoices/"+inv, co.Token, map[string]any{"items": []any{line(1, 30)}}), 409, "items")
	mustFail(t, e.Do("PUT", api+"/invoices/"+inv, co.Token, map[string]any{"currency": "EUR"}), 409, "currency")
	after := row(e, "/invoices/"+inv, co.Token)
	for _, k := range []string{"paid_amount", "amount_due", "total", "subtotal", "status", "currency", "updatedAt"} {
		if after[k] == nil || after[k] != before[k] {
			t.Fatalf("refusals changed %s: %v → %v", k, before[k], after[k])
		}
	}
	if got := total(e, "/payments", co.Token); got != payments {
		t.Fatalf("refusals changed the payments: %v → %v", payments, got)
	}
	if foreignRow := row(e, "/invoices/"+foreign, other.Token); foreignRow["paid_amount"] != "0.00" {
		t.Fatalf("another company's invoice changed: %v", foreignRow)
	}

	// The rest pays it; the status is paid.
	rest := e.Must(201, "POST", api+"/payments/"+p, co.Token, payment(inv, "69.90")).ID()
	want(t, row(e, "/invoices/"+inv, co.Token), map[string]any{"paid_amount": "100.00", "amount_due": "0.00", "status": "paid"})
	// A raised total reopens it.
	want(t, e.Must(200, "PUT", api+"/invoices/"+inv, co.Token, map[string]any{"items": []any{line(2, "60.00")}}).Data(),
		map[string]any{"total": "120.00", "amount_due": "20.00", "status": "partially paid"})
	// Changing a payment's amount moves the balance by the difference.
	want(t, e.Must(200, "PUT", api+"/payments/"+rest, co.Token, map[string]any{"amount": "89.90"}).Data(), map[string]any{"amount": "89.90"})
	want(t, row(e, "/invoices/"+inv, co.Token), map[string]any{"paid_amount": "120.00", "amount_due": "0.00", "status": "paid"})
	mustFail(t, e.Do("PUT", api+"/payments/"+rest, co.Token, map[string]any{"amount": "89.91"}), 409, "amount")
	// Deleting a payment reverses it.
	e.Must(200, "DELETE", api+"/payments/"+rest, co.Token, nil)
	want(t, row(e, "/invoices/"+inv, co.Token), map[string]any{"paid_amount": "30.10", "amount_due": "89.90", "status": "partially paid"})
	// Deleting the invoice deletes its payments with it.
	e.Must(200, "DELETE", api+"/invoices/"+inv, co.Token, nil)
	if got := total(e, "/payments", co.Token); got != 0 {
		t.Fatalf("%v payments left after their invoice was deleted", got)
	}
}

// TestConcurrentPaymentsCannotOverpay: two payments sent at once that
// together exceed the amount due: one is recorded, the other is a 409, and
// the invoice's paid amount is the recorded one's. Repeated a few times.
func TestConcurrentPaymentsCannotOverpay(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := project(e, co)
	for round := 0; round < 5; round++ {
		inv := e.Must(201, "POST", api+"/invoices/"+p, co.Token, invoice("USD", line(1, "100.00"))).ID()
		status := make([]int, 2)
		var wg sync.WaitGroup
		for i := range status {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				status[i] = e.Do("POST", api+"/payments/"+p, co.Token, payment(inv, "60.00")).Status
			}(i)
		}
		wg.Wait()
		if !(status[0] == 201 && status[1] == 409 || status[0] == 409 && status[1] == 201) {
			t.Fatalf("round %d: statuses %v, want one 201 and one 409", round, status)
		}
		want(t, row(e, "/invoices/"+inv, co.Token), map[string]any{"paid_amount": "60.00", "amount_due": "40.00", "status": "partially paid"})
		if n := len(e.Must(200, "GET", api+"/payments?invoice="+inv, co.Token, nil).List()); n != 1 {
			t.Fatalf("round %d: %d payments recorded", round, n)
		}
	}
}

// TestPaymentInvoiceOfItsProject: a payment recorded under one project on an
// invoice of another project of the same company is a 422 naming invoice,
// on create and on update, and changes neither invoice.
func TestPaymentInvoiceOfItsProject(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p1, p2 := project(e, co), project(e, co)
	inv1 := e.Must(201, "POST", api+"/invoices/"+p1, co.Token, invoice("USD", line(1, "100.00"))).ID()
	inv2 := e.Must(201, "POST", api+"/invoices/"+p2, co.Token, invoice("USD", line(1, "100.00"))).ID()
	mustFail(t, e.Do("POST", api+"/payments/"+p1, co.Token, payment(inv2, "10.00")), 422, "invoice")
	pay := e.Must(201, "POST", api+"/payments/"+p1, co.Token, payment(inv1, "10.00")).ID()
	mustFail(t, e.Do("PUT", api+"/payments/"+pay, co.Token, map[string]any{"invoice": inv2}), 422, "invoice")
	want(t, row(e, "/invoices/"+inv1, co.Token), map[string]any{"paid_amount": "10.00", "amount_due": "90.00"})
	want(t, row(e, "/invoices/"+inv2, co.Token), map[string]any{"paid_amount": "0.00", "amount_due": "100.00", "status": "unpaid"})
	if n := len(e.Must(200, "GET", api+"/payments/"+p1, co.Token, nil).List()); n != 1 {
		t.Fatalf("%d payments under the project, want 1", n)
	}
}

// TestAmountsKeepDigitsAndSortAsNumbers: amounts come back with their
// currency's digits (USD 2, JPY 0, KWD 3) from reads and lists, and sorting
// by an amount orders by value ("9.00" before "10.00"), not as text.
func TestAmountsKeepDigitsAndSortAsNumbers(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	p := project(e, co)
	for _, c := range []struct{ cur, price, want string }{{"USD", "10", "10.00"}, {"USD", "9.5", "9.50"}, {"JPY", "1099", "1099"}, {"KWD", "12.345", "12.345"}, {"USD", "100", "100.00"}} {
		inv := invoice(c.cur, line(1, c.price))
		got := e.Must(201, "POST", api+"/invoices/"+p, co.Token, inv).Data()
		want(t, got, map[string]any{"total": c.want, "amount_due": c.want, "paid_amount": zero(c.cur)})
		want(t, row(e, "/invoices/"+got["id"].(string), co.Token), map[string]any{"total": c.want, "subtotal": c.want})
		x := e.Must(201, "POST", api+"/expenses/"+p, co.Token, map[string]any{"item": "Thing", "currency": c.cur, "price": c.price, "purchase_date": "2025-01-15"}).Data()
		want(t, x, map[string]any{"price": c.want})
	}
	totals := func(path string, key string) []string {
		var out []string
		for _, r := range e.Must(200, "GET", api+path, co.Token, nil).List() {
			out = append(out, r[key].(string))
		}
		return out
	}
	if got, wantOrder := totals("/invoices/"+p+"?sort=total&currency=USD", "total"), "9.50 10.00 100.00"; strings.Join(got, " ") != wantOrder {
		t.Fatalf("USD invoices by total: %v, want %s", got, wantOrder)
	}
	if got, wantOrder := totals("/invoices?sort=-amount_due", "amount_due"), "1099 100.00 12.345 10.00 9.50"; strings.Join(got, " ") != wantOrder {
		t.Fatalf("invoices by amount due, descending: %v, want %s (by value in major units)", got, wantOrder)
	}
	if got, wantOrder := totals("/expenses/"+p+"?sort=price&currency=USD", "price"), "9.50 10.00 100.00"; strings.Join(got, " ") != wantOrder {
		t.Fatalf("USD expenses by price: %v, want %s", got, wantOrder)
	}
	// Keyset pages sorted by an amount continue where the last one ended.
	first := e.Must(200, "GET", api+"/invoices?sort=total&limit=2", co.Token, nil)
	next, _ := first.Body["pagination"].(map[string]any)["next"].(string)
	if next == "" {
		t.Fatalf("no cursor: %s", first.Raw)
	}
	if got := totals("/invoices?sort=total&limit=3&cursor="+next, "total"); strings.Join(got, " ") != "12.345 100.00 1099" {
		t.Fatalf("page after the cursor: %v", got)
	}
}

func zero(cur string) string {
	switch cur {
	case "JPY":
		return "0"
	case "KWD":
		return "0.000"
	}
	return "0.00"
}
