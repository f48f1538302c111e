package crm

import (
	"context"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/org"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
)

// Ticket is a customer-support request.
type Ticket struct {
	crud.Base
	TicketSubject string  `db:"ticket_subject" json:"ticketSubject" v:"required,search,sort"`
	Requestor     string  `db:"requestor" json:"requestor" v:"required,search"`
	Description   string  `db:"description" json:"description" v:"required,text"`
	AssignGroup   *string `db:"assign_group" json:"assignGroup"`
	Agent         *string `db:"agent_id" json:"agent" v:"filter"`
	Project       *string `db:"project" json:"project"`
	Type          *string `db:"type" json:"type" v:"max=100"`
	Priority      *string `db:"priority" json:"priority" v:"enum=low|medium|high|urgent,filter"`
	Status        string  `db:"status" json:"status" v:"enum=open|in-progress|on-hold|resolved|closed,default=open,filter"`
	ChannelName   *string `db:"channel_name" json:"channelName" v:"max=100"`
	Tag           *string `db:"tag" json:"tag"`
	Files         db.JSON `db:"files" json:"files" v:"shape=object,max=100000,files"`
}

const ticketDoc = "Rules: `status` is one of open, in-progress, on-hold, resolved, closed (default open; null or " +
	"absent on update keeps it); `priority` is low, medium, high or urgent (optional). `agent` is the assignee: " +
	"an employee of the caller's company (422; another company's id is treated as a missing one; \"\" or null " +
	"leaves the ticket unassigned). Assigning a ticket, on create or by changing `agent`, notifies the new " +
	"assignee (GET /notifications) in the same transaction. `requestor` is free text (who asked). `files` is a " +
	"JSON object. Needs the `staff.customer_support` permission (the module the original's permission check " +
	"would find first for that entity)."

// Tickets is /tickets.
var Tickets = &crud.Resource[Ticket]{
	Name: "Ticket", Path: "/tickets", Table: "tickets", Tag: "CRM",
	Perm: authz.Perm{Module: "staff", Entity: "customer_support"},
	Doc:  ticketDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		u := "agent" + f.Unique()
		agent := f.Create("/employees", map[string]any{"username": u, "email": u + "@example.com", "password": "Tidal-Orbit-Canvas-47"})
		return map[string]any{"ticketSubject": "Printer jammed", "requestor": "Front desk", "description": "Paper stuck in tray 2",
			"agent": agent, "priority": "high", "status": "open", "channelName": "email", "files": map[string]any{"urls": []string{}}}
	},
	Title: func(t *Ticket) string { return t.TicketSubject },
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Ticket) error {
		if row.Status == "" {
			row.Status = "open"
		}
		blank(&row.Agent)
		if row.Agent != nil {
			return requireEmployee(ctx, c, "agent", *row.Agent)
		}
		return nil
	},
	AfterCreate: func(ctx context.Context, c *crud.Call, row *Ticket) error {
		return notifyAgent(ctx, c, row)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Ticket) error {
		if row.Status == "" {
			row.Status = old.Status
		}
		blank(&row.Agent)
		if row.Agent != nil && !same(old.Agent, row.Agent) {
			return requireEmployee(ctx, c, "agent", *row.Agent)
		}
		return nil
	},
	AfterUpdate: func(ctx context.Context, c *crud.Call, old, row *Ticket) error {
		if same(old.Agent, row.Agent) {
			return nil
		}
		return notifyAgent(ctx, c, row)
	},
}

// notifyAgent tells the ticket's assignee, if any, that it is theirs.
func notifyAgent(ctx context.Context, c *crud.Call, row *Ticket) error {
	if row.Agent == nil {
		return nil
	}
	return org.Notify(ctx, c.Deps.DB, org.Note{CompanyID: row.CompanyID, Users: []string{*row.Agent}, RelatedID: row.ID,
		Title: "Ticket assigned", Message: c.P.Username + " assigned you the ticket: " + row.TicketSubject,
		Description: "Priority: " + deref(row.Priority, "none") + ", status: " + row.Status, From: c.P.ID})
}

func deref(p *string, def string) string {
	if p == nil {
		return def
	}
	return *p
}
