package crm

import "github.com/crmhrm/crm/internal/crud"

// Resources lists the module's declared resources, in mount order.
func Resources() []crud.Mountable {
	return []crud.Mountable{Pipelines, Stages, Sources, Tags, Leads, Deals, Tickets}
}
