package crm

import (
	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Resources lists the module's declared resources, in mount order.
func Resources() []crud.Mountable {
	return []crud.Mountable{Pipelines, Stages, Sources, Tags, Leads, Deals, Tickets}
}

// Handlers serves the module's hand-written endpoints.
type Handlers struct {
	Deps *crud.Deps
}

// Mount registers the hand-written routes.
func (h *Handlers) Mount(rt *httpapi.Router) {
	rt.HandleFunc("POST /api/v1/leads/{id}/convert", h.Deps.Auth.Require(h.convert))
}
