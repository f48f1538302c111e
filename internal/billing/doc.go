// Package billing implements project billing (invoices, payments, expenses,
// all hanging on a project) and the sales module's documents (sales
// quotations, sales invoices, sales revenue, credit notes).
//
// Invoices and sales invoices carry a balance: the amount paid (payments),
// the amount credited (credit notes) and the amount due, kept in exact
// decimal and changed only inside the transaction that records, changes or
// deletes a payment or credit note, with the invoice row locked. Their status
// is derived from that balance and the due date, never read from a body.
// Every resource is declared through the resource engine (internal/crud).
package billing

import "github.com/crmhrm/crm/internal/crud"

// Resources lists the package's declared resources, in mount order.
func Resources() []crud.Mountable {
	return []crud.Mountable{Invoices, Payments, Expenses, SalesQuotations, SalesInvoices, SalesRevenues, CreditNotes}
}
