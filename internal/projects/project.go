package projects

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/activity"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/money"
	"github.com/crmhrm/crm/internal/sales"
)

// MaxMembers bounds a project's member list.
const MaxMembers = 500

// Project is a piece of work for a client, with members and a budget.
type Project struct {
	crud.Base
	ProjectName        string          `db:"project_name" json:"project_name" v:"required,unique,ci,search,sort"`
	StartDate          db.Date         `db:"start_date" json:"startDate" v:"required,sort"`
	EndDate            db.Date         `db:"end_date" json:"endDate" v:"required,sort"`
	ProjectMembers     crud.JSONString `db:"project_members" json:"project_members" v:"readonly"`
	ProjectCategory    string          `db:"project_category" json:"project_category" v:"required,filter,search"`
	ProjectDescription *string         `db:"project_description" json:"project_description" v:"text"`
	Department         db.JSON         `db:"department" json:"department" v:"shape=object,max=5000"`
	Client             *string         `db:"client" json:"client" v:"filter"`
	Currency           *string         `db:"currency" json:"currency" v:"max=10"`
	Budget             db.Money        `db:"budget" json:"budget" v:"required,sort"`
	EstimatedMonths    int64           `db:"estimatedmonths" json:"estimatedmonths" v:"required,min=0,max=1200"`
	EstimatedHours     int64           `db:"estimatedhours" json:"estimatedhours" v:"required,min=0,max=10000000"`
	Files              db.JSON         `db:"files" json:"files" v:"shape=array,max=100000,files"`
	Status             *string         `db:"status" json:"status" v:"max=50,filter"`
	Tag                *string         `db:"tag" json:"tag"`
}

const projectDoc = "Rules: `project_name` is unique within the company, ignoring case (409). `endDate` may not precede " +
	"`startDate` (422). `client`, when given, is a customer or sub-client of the caller's company (422; \"\" or null " +
	"means none). `budget` is exact money (at most two decimals, not negative, below 10^13); milestones flagged " +
	"`add_cost_to_project_budget` add their cost to it and take it back when deleted, unflagged or repriced. " +
	"`project_members` is read-only here and answered as the JSON string {\"project_members\":[employee ids]} that " +
	"the web client parses; change it with POST /projects/membersadd/{id} and /projects/membersdelete/{id}. " +
	"`files` (array) and `status` are accepted on create too. A project that still has tasks, milestones, notes " +
	"or other rows on it cannot be deleted (409 listing them). Lists filter by client, project_category and status."

// Projects is /projects.
var Projects = &crud.Resource[Project]{
	Name: "Project", Path: "/projects", Table: "projects", Tag: "Projects",
	Perm: authz.Perm{Module: "crm", Entity: "project"},
	Doc:  projectDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		return projectBody("Project " + f.Unique())
	},
	Title: func(p *Project) string { return p.ProjectName },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Project) error {
		if before(row.EndDate, row.StartDate) {
			return httpapi.Invalid("endDate", `"endDate" must not be before "startDate"`)
		}
		if row.Budget < 0 || int64(row.Budget) >= money.MaxMinor {
			return httpapi.Invalid("budget", `"budget" must be at least 0 and below 10000000000000`)
		}
		blank(&row.Client)
		blank(&row.Currency)
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Project) error {
		row.ProjectMembers = encodeMembers(nil)
		if row.Client != nil {
			return sales.RequireClient(ctx, c, "client", *row.Client)
		}
		return nil
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Project) error {
		if row.Client != nil && !same(old.Client, row.Client) {
			return sales.RequireClient(ctx, c, "client", *row.Client)
		}
		return nil
	},
}

type memberDoc struct {
	ProjectMembers []string `json:"project_members"`
}

func encodeMembers(ids []string) crud.JSONString {
	if ids == nil {
		ids = []string{}
	}
	b, _ := json.Marshal(memberDoc{ProjectMembers: ids})
	return crud.JSONString(b)
}

// members reads the stored member list; it tolerates the original's
// {"members":[…]} and a bare array.
func (p *Project) members() []string {
	var d struct {
		ProjectMembers []string `json:"project_members"`
		Members        []string `json:"members"`
	}
	if err := p.ProjectMembers.Decode(&d); err != nil {
		var arr []string
		if p.ProjectMembers.Decode(&arr) == nil {
			return arr
		}
		return nil
	}
	if d.ProjectMembers != nil {
		return d.ProjectMembers
	}
	return d.Members
}

// memberIDs reads the body of the member endpoints: {"project_members":[ids]}
// (the web client) or {"project_members":{"project_members":[ids]}} (the
// original's schema).
func memberIDs(raw map[string]json.RawMessage) ([]string, error) {
	bad := httpapi.Invalid("project_members", `"project_members" must be an array of employee ids, or {"project_members": [ids]}`)
	in, ok := raw["project_members"]
	if !ok || string(in) == "null" {
		return nil, nil
	}
	var ids []string
	if err := json.Unmarshal(in, &ids); err != nil {
		var inner struct {
			ProjectMembers []string `json:"project_members"`
		}
		if err := json.Unmarshal(in, &inner); err != nil {
			return nil, bad
		}
		ids = inner.ProjectMembers
	}
	if len(ids) > MaxMembers {
		return nil, httpapi.Invalid("project_members", fmt.Sprintf(`"project_members" may hold at most %d ids`, MaxMembers))
	}
	for i, id := range ids {
		ids[i] = strings.TrimSpace(id)
	}
	return ids, nil
}

func (h *Handlers) membersAdd(w http.ResponseWriter, r *http.Request) {
	h.editMembers(w, r, true)
}

func (h *Handlers) membersDelete(w http.ResponseWriter, r *http.Request) {
	h.editMembers(w, r, false)
}

// projectCall authorizes action on projects for the caller and returns its call.
func (h *Handlers) projectCall(r *http.Request, action string) (*crud.Call, error) {
	p := auth.From(r.Context())
	if !p.IsSuperAdmin() {
		if !p.Can(Projects.Perm, action) {
			return nil, httpapi.Forbidden("You are not authorized to perform this action")
		}
		if p.CompanyID == "" {
			return nil, httpapi.Forbidden("You do not belong to a company")
		}
	}
	return Projects.NewCall(h.Deps, r, p, p.CompanyID), nil
}

// editMembers adds or removes members under the project's row lock, so that
// concurrent edits never lose one another's changes.
func (h *Handlers) editMembers(w http.ResponseWriter, r *http.Request, add bool) {
	c, err := h.projectCall(r, authz.Update)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	raw, err := httpapi.ReadObject(r)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	ids, err := memberIDs(raw)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	if !add && len(ids) == 0 {
		httpapi.WriteError(w, r, httpapi.Invalid("project_members", `"project_members" is required`))
		return
	}
	var out *Project
	err = h.Deps.DB.InTx(r.Context(), func(ctx context.Context) error {
		row, err := Projects.Find(ctx, c, r.PathValue("id"), true)
		if err != nil {
			return err
		}
		cc := Projects.NewCall(h.Deps, r, c.P, row.CompanyID)
		current := row.members()
		have := map[string]bool{}
		for _, id := range current {
			have[id] = true
		}
		var conflict []string
		seen := map[string]bool{}
		for _, id := range ids {
			if add == have[id] || add && seen[id] {
				conflict = append(conflict, short(id))
			}
			seen[id] = true
		}
		if len(conflict) > 0 {
			msg := "these are already members: "
			if !add {
				msg = "these are not members: "
			}
			return httpapi.Invalid("project_members", `"project_members`+`" `+msg+strings.Join(conflict, ", "))
		}
		var next []string
		if add {
			if err := requireEmployees(ctx, cc, "project_members", row.CompanyID, ids); err != nil {
				return err
			}
			if len(current)+len(ids) > MaxMembers {
				return httpapi.Invalid("project_members", fmt.Sprintf("a project has at most %d members", MaxMembers))
			}
			next = append(append(next, current...), ids...)
		} else {
			for _, id := range current {
				if !seen[id] {
					next = append(next, id)
				}
			}
		}
		row.ProjectMembers = encodeMembers(next)
		now := db.Stamp()
		if now <= row.UpdatedAt {
			now = row.UpdatedAt + 1
		}
		row.UpdatedAt = now
		by := c.P.Username
		row.UpdatedBy = &by
		if err := Projects.Write(ctx, cc, row); err != nil {
			return err
		}
		verb := "added to"
		if !add {
			verb = "removed from"
		}
		out = row
		return activity.Record(ctx, h.Deps.DB, activity.Entry{CompanyID: row.CompanyID, RelatedID: row.ID, From: "project",
			EntityID: row.ID, Action: "updated", PerformedBy: c.P.Username,
			Message: fmt.Sprintf("%d member(s) %s project %s", len(ids), verb, row.ProjectName)})
	})
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	msg := "Project members added successfully"
	if !add {
		msg = "Project members removed successfully"
	}
	httpapi.OK(w, http.StatusOK, msg, out)
}

// clientProjects is GET /projects/clients/{id}: the company's projects of one client.
func (h *Handlers) clientProjects(w http.ResponseWriter, r *http.Request) {
	c, err := h.projectCall(r, authz.View)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	v := url.Values{}
	for k, vs := range r.URL.Query() {
		v[k] = vs
	}
	v.Set("client", r.PathValue("id"))
	lq, err := Projects.Describe().ParseList(v)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	rows, page, err := Projects.List(r.Context(), c, lq)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.WriteJSON(w, http.StatusOK, httpapi.Envelope{Success: true, Message: "Projects fetched successfully", Data: rows, Pagination: page})
}
