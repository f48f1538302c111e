package billing_test

import (
	"fmt"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

// BenchmarkCreateInvoice20Items creates an invoice of 20 lines (number
// allocation, exact totals, insert and activity in one transaction).
func BenchmarkCreateInvoice20Items(b *testing.B) {
	e := testkit.New(b)
	co := e.NewCompany()
	p := project(e, co)
	var items []any
	for i := 0; i < 20; i++ {
		items = append(items, map[string]any{"name": fmt.Sprintf("Line %d", i), "quantity": "1.5", "price": "19.99", "discount": 5, "tax": 18})
	}
	body := invoice("USD", items...)
	b.ReportAllocs()
	for b.Loop() {
		if r := e.Do("POST", api+"/invoices/"+p, co.Token, body); r.Status != 201 {
			b.Fatalf("status %d: %s", r.Status, r.Raw)
		}
	}
}

// BenchmarkRecordPayment records a payment of 0.01 on a large invoice (the
// invoice row locked, re-settled and written in the payment's transaction).
func BenchmarkRecordPayment(b *testing.B) {
	e := testkit.New(b)
	co := e.NewCompany()
	p := project(e, co)
	inv := e.Must(201, "POST", api+"/invoices/"+p, co.Token, invoice("USD", line(1, "1000000000.00"))).ID()
	body := payment(inv, "0.01")
	b.ReportAllocs()
	for b.Loop() {
		if r := e.Do("POST", api+"/payments/"+p, co.Token, body); r.Status != 201 {
			b.Fatalf("status %d: %s", r.Status, r.Raw)
		}
	}
}
