// Package crm implements the CRM module: pipelines and their stages, lead
// sources, tags, leads, deals and support tickets.
//
// Every resource is declared through the resource engine (internal/crud), so
// it gets company scoping, permission checks, validation, audit columns, the
// activity log and its OpenAPI description from the declaration. References
// that the original stored as free text (pipeline, stage, source, assignee,
// the lead of a deal) hold ids here, checked to exist in the caller's company
// inside the write transaction; each rule is stated in the resource's Doc.
//
// Leads and deals are parent kinds (parents.go) for notes, labels, quotations
// and other parent-scoped rows, and a lead converts into a deal and a
// customer through POST /leads/{id}/convert (convert.go), which creates both
// through the deal and customer declarations in one transaction.
package crm
