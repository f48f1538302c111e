package projects_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func reportBody(project string) map[string]any {
	return map[string]any{"project": project, "startdate": "2025-01-01", "enddate": "2025-01-31",
		"projectMembers": map[string]any{"members": []string{}}, "completion": "40%", "status": "in-progress"}
}

func newInvoice(e *testkit.Env, co *testkit.Company, project, currency string, items ...map[string]any) string {
	e.T.Helper()
	return e.Must(201, "POST", api+"/invoices/"+project, co.Token, map[string]any{"client": "Globex", "issueDate": "2025-01-10",
		"dueDate": "2999-12-31", "currency": currency, "items": items}).ID()
}

func newPayment(e *testkit.Env, co *testkit.Company, project, invoice, currency, amount string) string {
	e.T.Helper()
	return e.Must(201, "POST", api+"/payments/"+project, co.Token, map[string]any{"invoice": invoice, "paidOn": "2025-01-20",
		"amount": amount, "currency": currency, "paymentMethod": "Bank transfer"}).ID()
}

func newExpense(e *testkit.Env, co *testkit.Company, project, currency, price string) string {
	e.T.Helper()
	return e.Must(201, "POST", api+"/expenses/"+project, co.Token, map[string]any{"item": "Supplies", "currency": currency,
		"price": price, "purchase_date": "2025-01-15"}).ID()
}

func item(quantity any, price string) map[string]any {
	return map[string]any{"name": "Work", "quantity": quantity, "price": price}
}

// moneyOf reads the summary's per-currency amounts named key.
func moneyOf(t *testing.T, s map[string]any, key string) map[string]string {
	t.Helper()
	m, ok := s[key].(map[string]any)
	if !ok {
		t.Fatalf("summary %s is %#v, want an object: %v", key, s[key], s)
	}
	out := map[string]string{}
	for k, v := range m {
		str, ok := v.(string)
		if !ok {
			t.Fatalf("summary %s.%s is %#v, want a decimal string", key, k, v)
		}
		out[k] = str
	}
	return out
}

func wantMoney(t *testing.T, s map[string]any, want map[string]map[string]string) {
	t.Helper()
	for key, w := range want {
		if got := moneyOf(t, s, key); !reflect.DeepEqual(got, w) {
			t.Errorf("summary %s = %v, want %v", key, got, w)
		}
	}
}

// TestReportBilling: a report's summary gives the project's expenses,
// invoice totals, payments and amount due per currency, summed exactly; the
// rows of another project or another company never count, and a project
// without billing rows has empty objects.
func TestReportBilling(t *testing.T) {
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	p, sibling := newProject(e, co, "500"), newProject(e, co, "500")

	// An empty project: empty objects, refreshed by an empty PUT once rows exist.
	empty := map[string]string{}
	r := e.Must(201, "POST", api+"/project-reports", co.Token, reportBody(p))
	wantMoney(t, r.Data()["summary"].(map[string]any), map[string]map[string]string{
		"expenses": empty, "invoiced": empty, "paid": empty, "amountDue": empty})

	// USD invoice: 2 × 100.25 + 0.10 = 200.60; EUR invoice: 3 × 33.33 = 99.99.
	usd := newInvoice(e, co, p, "USD", item(2, "100.25"), item(1, "0.10"))
	eur := newInvoice(e, co, p, "EUR", item(3, "33.33"))
	// Paid: USD 50.10 twice (equal amounts count twice) = 100.20; EUR 99.99 in full.
	newPayment(e, co, p, usd, "USD", "50.10")
	newPayment(e, co, p, usd, "USD", "50.10")
	newPayment(e, co, p, eur, "EUR", "99.99")
	// Expenses: USD 49.90 + 49.90 + 0.10 + 0.20 + 20.40 = 120.50; EUR 10.00; JPY 1099 (no decimals).
	for _, x := range [][2]string{{"USD", "49.90"}, {"USD", "49.90"}, {"USD", "0.10"}, {"USD", "0.20"}, {"USD", "20.40"}, {"EUR", "10"}, {"JPY", "1099"}} {
		newExpense(e, co, p, x[0], x[1])
	}

	// Another project of the company and another company's project.
	si := newInvoice(e, co, sibling, "USD", item(1, "1000.00"))
	newPayment(e, co, sibling, si, "USD", "5.00")
	newExpense(e, co, sibling, "USD", "7.00")
	newExpense(e, co, sibling, "GBP", "7.00")
	op := newProject(e, other, "500")
	oi := newInvoice(e, other, op, "USD", item(1, "3000.00"))
	opay := newPayment(e, other, op, oi, "USD", "300.00")
	oexp := newExpense(e, other, op, "CHF", "9.00")
	// Another company's rows carrying this project's id (which the API never
	// lets happen) still do not count: the summary reads the company's rows.
	ctx := context.Background()
	for _, u := range [][2]string{{"invoices", oi}, {"payments", opay}, {"expenses", oexp}} {
		if _, err := e.DB.Q(ctx).ExecContext(ctx, `UPDATE `+u[0]+` SET related_id = ? WHERE id = ?`, p, u[1]); err != nil {
			t.Fatal(err)
		}
	}

	want := map[string]map[string]string{
		"expenses":  {"USD": "120.50", "EUR": "10.00", "JPY": "1099"},
		"invoiced":  {"USD": "200.60", "EUR": "99.99"},
		"paid":      {"USD": "100.20", "EUR": "99.99"},
		"amountDue": {"USD": "100.40", "EUR": "0.00"},
	}
	s := e.Must(200, "PUT", api+"/project-reports/"+r.ID(), co.Token, map[string]any{}).Data()["summary"].(map[string]any)
	wantMoney(t, s, want)
	// Answered the same when read back, and by a new report.
	wantMoney(t, e.Must(200, "GET", api+"/project-reports/"+r.ID(), co.Token, nil).Data()["summary"].(map[string]any), want)
	wantMoney(t, e.Must(201, "POST", api+"/project-reports", co.Token, reportBody(p)).Data()["summary"].(map[string]any), want)

	// The sibling project counts only its own rows.
	wantMoney(t, e.Must(201, "POST", api+"/project-reports", co.Token, reportBody(sibling)).Data()["summary"].(map[string]any),
		map[string]map[string]string{"expenses": {"USD": "7.00", "GBP": "7.00"}, "invoiced": {"USD": "1000.00"},
			"paid": {"USD": "5.00"}, "amountDue": {"USD": "995.00"}})

	// A project with only other kinds of rows still answers empty objects.
	bare := newProject(e, co, "500")
	e.Must(201, "POST", api+"/tasks/"+bare, co.Token, taskBody(e.NewEmployee(co)))
	wantMoney(t, e.Must(201, "POST", api+"/project-reports", co.Token, reportBody(bare)).Data()["summary"].(map[string]any),
		map[string]map[string]string{"expenses": empty, "invoiced": empty, "paid": empty, "amountDue": empty})
}
