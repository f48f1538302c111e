package billing_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

func salesInvoice(cust string, price any) map[string]any {
	return map[string]any{"customer": cust, "issueDate": "2025-01-10", "dueDate": "2999-01-01", "category": "Services", "currency": "USD",
		"items": []any{line(1, price)}, "total": 5}
}

func credit(inv string, amount any) map[string]any {
	return map[string]any{"invoice": inv, "currency": "USD", "amount": amount, "date": "2025-01-25"}
}

// TestSalesDocumentNumbers: sales quotations and sales invoices number per
// company (the original could only ever number two sales invoices).
func TestSalesDocumentNumbers(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co := e.NewCompany()
	cust := customer(e, co.Token)
	const n = 20
	numbers := make([]string, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			numbers[i], _ = e.Do("POST", api+"/sales-invoices", co.Token, salesInvoice(cust, i+1)).Data()["salesInvoiceNumber"].(string)
		}(i)
	}
	wg.Wait()
	seen := map[string]bool{}
	for _, s := range numbers {
		seen[s] = true
	}
	for i := 1; i <= n; i++ {
		if !seen[fmt.Sprintf("SINV#%d", i)] {
			t.Fatalf("numbers %v lack SINV#%d", numbers, i)
		}
	}
	q := map[string]any{"customer": cust, "issueDate": "2025-01-10", "category": "Services", "currency": "USD", "items": []any{line(2, "7.25")}}
	for i := 1; i <= 3; i++ {
		want(t, e.Must(201, "POST", api+"/sales-quotations", co.Token, q).Data(),
			map[string]any{"salesQuotationNumber": fmt.Sprintf("SQUO#%d", i), "total": "14.50", "related_id": co.ID})
	}
	mustFail(t, e.Do("POST", api+"/sales-quotations", co.Token, map[string]any{"customer": db.NewID(), "issueDate": "2025-01-10",
		"category": "S", "currency": "USD", "items": []any{line(1, 1)}}), 422, "customer")
}

// TestCreditNotes: a credit note lowers what is due on its sales invoice in
// the same transaction, cannot exceed it (also when two are sent at once),
// must use the invoice's currency, is 404 on another company's invoice;
// deleting it gives the amount back; crediting everything cancels the
// invoice, which cannot be deleted while notes remain.
func TestCreditNotes(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	cust := customer(e, co.Token)
	inv := e.Must(201, "POST", api+"/sales-invoices", co.Token, salesInvoice(cust, "100.00")).Data()
	want(t, inv, map[string]any{"total": "100.00", "amount_due": "100.00", "status": "unpaid", "related_id": co.ID})
	id := inv["id"].(string)
	note := e.Must(201, "POST", api+"/sales-creditnote", co.Token, credit(id, 25)).Data()
	want(t, note, map[string]any{"amount": "25.00", "related_id": co.ID})
	want(t, row(e, "/sales-invoices/"+id, co.Token), map[string]any{"credited_amount": "25.00", "amount_due": "75.00", "status": "partially paid"})
	mustFail(t, e.Do("POST", api+"/sales-creditnote", co.Token, credit(id, "75.01")), 409, "amount")
	mustFail(t, e.Do("POST", api+"/sales-creditnote", co.Token, credit(id, -1)), 422, "amount")
	eur := credit(id, 1)
	eur["currency"] = "EUR"
	mustFail(t, e.Do("POST", api+"/sales-creditnote", co.Token, eur), 422, "currency")
	foreign := e.Must(201, "POST", api+"/sales-invoices", other.Token, salesInvoice(customer(e, other.Token), 10)).ID()
	mustFail(t, e.Do("POST", api+"/sales-creditnote", co.Token, credit(foreign, 1)), 404, "")
	want(t, row(e, "/sales-invoices/"+id, co.Token), map[string]any{"credited_amount": "25.00", "amount_due": "75.00"})

	// Two notes at once that together exceed what is due: one is refused.
	status := make([]int, 2)
	var wg sync.WaitGroup
	for i := range status {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			status[i] = e.Do("POST", api+"/sales-creditnote", co.Token, credit(id, 50)).Status
		}(i)
	}
	wg.Wait()
	if !(status[0] == 201 && status[1] == 409 || status[0] == 409 && status[1] == 201) {
		t.Fatalf("statuses %v, want one 201 and one 409", status)
	}
	want(t, row(e, "/sales-invoices/"+id, co.Token), map[string]any{"credited_amount": "75.00", "amount_due": "25.00"})
	last := e.Must(201, "POST", api+"/sales-creditnote", co.Token, credit(id, 25)).ID()
	want(t, row(e, "/sales-invoices/"+id, co.Token), map[string]any{"amount_due": "0.00", "status": "cancelled"})
	mustFail(t, e.Do("DELETE", api+"/sales-invoices/"+id, co.Token, nil), 409, "")
	// An update keeps the owner (the original overwrote related_id).
	want(t, e.Must(200, "PUT", api+"/sales-creditnote/"+last, co.Token, map[string]any{"amount": "20", "description": "less"}).Data(),
		map[string]any{"amount": "20.00", "related_id": co.ID})
	want(t, row(e, "/sales-invoices/"+id, co.Token), map[string]any{"amount_due": "5.00", "status": "partially paid"})
	e.Must(200, "DELETE", api+"/sales-creditnote/"+last, co.Token, nil)
	want(t, row(e, "/sales-invoices/"+id, co.Token), map[string]any{"credited_amount": "75.00", "amount_due": "25.00"})
}

// TestSalesRevenueAndExpenses: exact amounts; revenue updates keep their
// owner; expenses hang on a project and name an employee of the company.
func TestSalesRevenueAndExpenses(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	cust := customer(e, co.Token)
	rev := e.Must(201, "POST", api+"/sales-revenue", co.Token, map[string]any{"date": "2025-01-20", "currency": "kwd", "amount": "12.345",
		"account": "Main", "customer": cust, "category": "Services"}).Data()
	want(t, rev, map[string]any{"amount": "12.345", "currency": "KWD", "related_id": co.ID})
	upd := e.Must(200, "PUT", api+"/sales-revenue/"+rev["id"].(string), co.Token, map[string]any{"account": "Savings", "related_id": "x"}).Data()
	want(t, upd, map[string]any{"related_id": co.ID, "account": "Savings", "amount": "12.345"})
	mustFail(t, e.Do("PUT", api+"/sales-revenue/"+rev["id"].(string), co.Token, map[string]any{"currency": "JPY"}), 422, "amount")

	p := project(e, co)
	x := map[string]any{"item": "Laptop stand", "currency": "USD", "price": "49.90", "purchase_date": "2025-01-15", "project": "ignored"}
	exp := e.Must(201, "POST", api+"/expenses/"+p, co.Token, x).Data()
	want(t, exp, map[string]any{"price": "49.90", "project": p, "employee": nil})
	before := total(e, "/expenses", co.Token)
	for field, edit := range map[string]func(b map[string]any){
		"price":    func(b map[string]any) { b["price"] = -3 },
		"currency": func(b map[string]any) { b["currency"] = "USDX" },
		"employee": func(b map[string]any) { b["employee"] = other.ID },
	} {
		b := map[string]any{}
		for k, v := range x {
			b[k] = v
		}
		edit(b)
		mustFail(t, e.Do("POST", api+"/expenses/"+p, co.Token, b), 422, field)
	}
	if got := total(e, "/expenses", co.Token); got != before {
		t.Fatalf("refusals changed the count: %v → %v", before, got)
	}
}
