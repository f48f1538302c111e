package crm

import "github.com/crmhrm/crm/internal/crud"

// Leads and deals are parents of the parent-scoped resources (notes, labels,
// quotations, estimates…). Both refuse to be deleted while anything still
// hangs on them: quotations and estimates are numbered commercial documents
// that must not vanish as a side effect of tidying up the pipeline, and one
// rule per parent (not per child) keeps the answer predictable. The 409 lists
// what is left ("Lead still has 2 notes, 1 quotation"); delete or move those
// first.
func init() {
	crud.RegisterParentKind(crud.ParentKind{Name: "lead", Table: "leads", Label: "Lead", OnDelete: crud.Refuse,
		Make: func(f crud.Fixturer) string {
			return f.Create("/leads", map[string]any{"leadTitle": "Parent lead " + f.Unique(), "firstName": "Eve",
				"lastName": "Tester", "status": "new"})
		}})
	crud.RegisterParentKind(crud.ParentKind{Name: "deal", Table: "deals", Label: "Deal", OnDelete: crud.Refuse,
		Make: func(f crud.Fixturer) string {
			p := f.Create("/pipelines", map[string]any{"pipeline_name": "Pipeline " + f.Unique()})
			st := f.Create("/stages", map[string]any{"stageType": "deal", "stageName": "Proposal", "pipeline": p})
			return f.Create("/deals", map[string]any{"dealName": "Parent deal " + f.Unique(), "pipeline": p, "stage": st,
				"price": "1000"})
		}})
}
