// Package projects implements projects and what hangs on them: members,
// tasks (also on leads and deals), milestones, project reports, the task
// calendar, and the company's time zone setting that task reminders use.
//
// Every resource is declared through the resource engine (internal/crud).
// References the original stored as free text hold ids checked in the
// caller's company inside the write transaction; each rule is stated in the
// resource's Doc. The package registers the parent kind "project" (table
// projects) with crud.Refuse: a project that still has tasks, milestones,
// notes or other children cannot be deleted (409 listing them), so that a
// deleted project never takes invoices or budget history with it silently.
package projects

import (
	"net/http"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/httpapi"

	_ "time/tzdata" // company time zones resolve without the host's zoneinfo
)

// Resources lists the package's declared resources, in mount order.
func Resources() []crud.Mountable {
	return []crud.Mountable{Projects, ProjectReports, Tasks, Milestones, TaskCalendars}
}

func init() {
	crud.RegisterParentKind(crud.ParentKind{Name: "project", Table: "projects", Label: "Project", OnDelete: crud.Refuse,
		Make: func(f crud.Fixturer) string { return f.Create("/projects", projectBody("Project "+f.Unique())) }})
}

func projectBody(name string) map[string]any {
	return map[string]any{"project_name": name, "project_category": "Fit-out", "startDate": "2025-01-01",
		"endDate": "2025-06-30", "budget": "10000.00", "estimatedmonths": 6, "estimatedhours": 900,
		"project_description": "Office fit-out", "currency": "USD"}
}

// Handlers serves the package's hand-written endpoints.
type Handlers struct {
	Deps *crud.Deps
}

// Mount registers the hand-written routes.
func (h *Handlers) Mount(rt *httpapi.Router) {
	a := h.Deps.Auth
	rt.HandleFunc("POST /api/v1/projects/membersadd/{id}", a.Require(h.membersAdd))
	rt.HandleFunc("POST /api/v1/projects/membersdelete/{id}", a.Require(h.membersDelete))
	rt.HandleFunc("GET /api/v1/projects/clients/{id}", a.Require(h.clientProjects))
	rt.HandleFunc("GET /api/v1/company-settings", a.Require(h.getSettings))
	rt.HandleFunc("PUT /api/v1/company-settings", a.Require(h.putSettings))
}

// Operations documents the hand-written routes for the OpenAPI document.
func Operations() []crud.Operation {
	ids := map[string]any{"type": "array", "items": map[string]any{"type": "string"}, "maxItems": MaxMembers}
	members := map[string]any{"type": "object", "properties": map[string]any{"project_members": map[string]any{
		"anyOf": []any{ids, map[string]any{"type": "object", "properties": map[string]any{"project_members": ids}}}}}}
	return []crud.Operation{
		{Method: "POST", Path: "/projects/membersadd/{id}", ID: "projects-members-add", Tag: "Projects", Access: "token",
			Permission: "crm.project.update", Summary: "Add members to a project",
			Description: "`project_members` is an array of employee ids, or the original's {\"project_members\": [ids]}. " +
				"Each must be an employee of the caller's company and not already a member (422 naming the ids). " +
				"Answers the project, whose `project_members` is the JSON string {\"project_members\":[ids]}.",
			Body: members},
		{Method: "POST", Path: "/projects/membersdelete/{id}", ID: "projects-members-delete", Tag: "Projects", Access: "token",
			Permission: "crm.project.update", Summary: "Remove members from a project",
			Description: "Same body as membersadd; every id must be a member (422 naming the others). Answers the project.",
			Body:        members},
		{Method: "GET", Path: "/projects/clients/{id}", ID: "projects-by-client", Tag: "Projects", Access: "token",
			Permission: "crm.project.view", Summary: "Projects of one client",
			Description: "The caller's company's projects whose `client` is {id} (paged, sorted and filtered as GET /projects)."},
		{Method: "GET", Path: "/company-settings", ID: "company-settings-get", Tag: "Companies", Access: "token",
			Summary: "The caller's company settings", Description: "`time_zone`: the IANA zone (default UTC) in which the company's calendar days are counted (task reminders)."},
		{Method: "PUT", Path: "/company-settings", ID: "company-settings-put", Tag: "Companies", Access: "token",
			Summary: "Change the company settings (company owner only)",
			Description: "`time_zone` must be an IANA time zone name such as Europe/Paris or Asia/Kolkata (422 otherwise); " +
				"\"\" or null resets it to UTC. Only the company owner (the client account) may change it (403).",
			Body: map[string]any{"type": "object", "properties": map[string]any{"time_zone": map[string]any{"type": []string{"string", "null"}}}}},
	}
}

var _ = http.StatusOK
