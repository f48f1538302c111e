// Package sales implements the sales module: customers, contracts,
// proposals, and the quotations, estimates and products hung on a lead, deal
// or project. Customers, contracts, quotations and estimates carry a document
// number (CN#n, CON#n, QUO#n, EST#n) allocated per company in the creating
// transaction (internal/platform/docnum); proposals, quotations and estimates
// carry line items whose amounts and totals the server computes in exact
// decimal (internal/platform/money).
//
// Every resource is declared through the resource engine (internal/crud); the
// business rules are typed code next to each declaration and stated in its
// Doc, which the OpenAPI document shows on its operations.
package sales

import "github.com/crmhrm/crm/internal/crud"

// Resources lists the module's declared resources, in mount order.
func Resources() []crud.Mountable {
	return []crud.Mountable{Customers, Contracts, Proposals,
		Quotations, &undefinedList{Mountable: Estimates}, Products}
}
