package org

import (
	"context"
	"fmt"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/events"
	"github.com/crmhrm/crm/internal/platform/mail"
)

// Feature is a named platform feature that plans may refer to.
type Feature struct {
	crud.Base
	FeatureName string `db:"feature_name" json:"featureName" v:"required,max=100,unique,ci,search,sort"`
}

// Features is /features, a super-admin catalogue.
var Features = &crud.Resource[Feature]{
	Name: "Feature", Path: "/features", Table: "features", Tag: "Subscriptions", Scope: crud.Platform,
	Example: map[string]any{"featureName": "Payroll"}, Title: func(f *Feature) string { return f.FeatureName },
}

// Department is an organisational unit of a company.
type Department struct {
	crud.Base
	DepartmentName string  `db:"department_name" json:"department_name" v:"required,min=2,max=50,pattern=letters,unique,ci,search,sort"`
	Description    *string `db:"description" json:"description" v:"text"`
}

// Departments is /departments; names are unique inside a company.
var Departments = &crud.Resource[Department]{
	Name: "Department", Path: "/departments", Table: "departments", Tag: "HRM",
	Perm:    authz.Perm{Module: "hrm", Entity: "departments"},
	Example: map[string]any{"department_name": "Sales", "description": "Field and inside sales"},
	Title:   func(d *Department) string { return d.DepartmentName },
}

// Designation is a job title inside a company.
type Designation struct {
	crud.Base
	DesignationName string  `db:"designation_name" json:"designation_name" v:"required,min=2,max=50,pattern=letters,unique,ci,search,sort"`
	Description     *string `db:"description" json:"description" v:"text"`
}

// Designations is /designations; names are unique inside a company.
var Designations = &crud.Resource[Designation]{
	Name: "Designation", Path: "/designations", Table: "designations", Tag: "HRM",
	Perm:    authz.Perm{Module: "hrm", Entity: "designation"},
	Example: map[string]any{"designation_name": "Account Manager"},
	Title:   func(d *Designation) string { return d.DesignationName },
}

// Branch is an office or site of a company.
type Branch struct {
	crud.Base
	BranchName string `db:"branch_name" json:"branchName" v:"required,max=100,unique,ci,search,sort"`
}

// Branches is /branches; names are unique inside a company.
var Branches = &crud.Resource[Branch]{
	Name: "Branch", Plural: "Branches", Path: "/branches", Table: "branches", Tag: "HRM",
	Perm:    authz.Perm{Module: "hrm", Entity: "branch"},
	Example: map[string]any{"branchName": "Head office"},
	Title:   func(b *Branch) string { return b.BranchName },
}

// Activity is one activity-log row, written by the engine with every change.
type Activity struct {
	crud.Base
	RelatedID       string `db:"related_id" json:"related_id" v:"readonly,filter"`
	ActivityFrom    string `db:"activity_from" json:"activity_from" v:"readonly,filter"`
	ActivityID      string `db:"activity_id" json:"activity_id" v:"readonly,filter"`
	Action          string `db:"action" json:"action" v:"readonly,filter"`
	PerformedBy     string `db:"performed_by" json:"performed_by" v:"readonly,filter"`
	ActivityMessage string `db:"activity_message" json:"activity_message" v:"readonly,text,search"`
}

// Activities is the company's activity log, read-only. GET /activities/{id}
// is a record's timeline: the entries whose related_id is {id} (the changes
// of the record itself and of the rows hanging on it), newest first.
var Activities = &crud.Resource[Activity]{
	Name: "Activity", Plural: "Activities", Path: "/activities", Table: "activities", Tag: "Collaboration",
	Perm: authz.Perm{Module: "crm", Entity: "activity"}, Ops: crud.OpList | crud.OpGet,
	// No kinds: nothing is created under a parent here, and any record may have a timeline.
	Parent: &crud.ParentSpec{Column: "related_id"},
	Doc: "Rules: every create, update and delete through the API adds an entry in the same transaction. `related_id` " +
		"is the parent record (lead, deal, project…) for rows that hang on one, otherwise the changed row itself; " +
		"`activity_id` is the changed row. GET /activities/{id} with a record's id is that record's timeline, inside " +
		"the caller's company only (the original served it without a token); another company's record gives an empty list.",
}

// Notification is a message for one or more accounts of a company.
type Notification struct {
	crud.Base
	RelatedID        *string `db:"related_id" json:"related_id" v:"readonly,filter"`
	Users            db.JSON `db:"users" json:"users" v:"readonly"`
	Title            string  `db:"title" json:"title" v:"readonly,search"`
	Message          *string `db:"message" json:"message" v:"readonly,text"`
	Description      *string `db:"description" json:"description" v:"readonly,text"`
	From             *string `db:"from_id" json:"from" v:"readonly"`
	NotificationType string  `db:"notification_type" json:"notification_type" v:"readonly,filter"`
	IsRead           bool    `db:"is_read" json:"isRead" v:"filter"`
}

// Notifications is /notifications: every caller sees only the notifications
// addressed to them, marks one read with PUT, and uses the hand-written
// read-all, unread-count and delete routes (notifications.go).
var Notifications = &crud.Resource[Notification]{
	Name: "Notification", Path: "/notifications", Table: "notifications", Tag: "Collaboration",
	Ops: crud.OpList | crud.OpGet | crud.OpUpdate,
	RowScope: func(c *crud.Call) (string, []any) {
		return `users LIKE ?`, []any{`%"` + c.P.ID + `"%`}
	},
	Doc: "Rules: a caller sees only the notifications whose `users` holds their account id (another's is 404). " +
		"PUT with {\"isRead\":true} marks one read; PUT /notifications/read-all marks all the caller's read, " +
		"GET /notifications/unread-count answers {count}, DELETE /notifications/{id} removes one for the caller " +
		"(for everyone when the caller is its only recipient). Each change emits a live event in its transaction.",
	AfterUpdate: func(ctx context.Context, c *crud.Call, old, row *Notification) error {
		if old.IsRead || !row.IsRead {
			return nil
		}
		return events.Emit(ctx, c.Deps.DB, events.Event{CompanyID: row.CompanyID, Kind: events.NotificationRead,
			RefID: row.ID, Recipients: []string{c.P.ID}})
	},
}

// Note is a notification to send.
type Note struct {
	CompanyID   string
	Users       []string // principal ids of the recipients
	RelatedID   string   // the record it is about
	Title       string
	Message     string
	Description string
	From        string // principal id of the sender
	Type        string // "normal" (default) or "reminder"
	// Mail also sends the notification by e-mail to each recipient that has
	// an address, through the mail outbox in the same transaction.
	Mail bool
}

// Notify stores a notification and its live event in the transaction in ctx;
// recipients read it with GET /notifications. Every notification is created
// here.
func Notify(ctx context.Context, store *db.DB, n Note) error {
	if n.Type == "" {
		n.Type = "normal"
	}
	now := int64(db.Stamp())
	opt := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	id := db.NewID()
	_, err := store.Q(ctx).ExecContext(ctx,
		`INSERT INTO notifications (id, company_id, created_by, updated_by, created_at, updated_at, related_id, users, title, message, description, from_id, notification_type, is_read)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, n.CompanyID, opt(n.From), opt(n.From), now, now, opt(n.RelatedID), string(db.MustJSON(n.Users)), n.Title,
		opt(n.Message), opt(n.Description), opt(n.From), n.Type, false)
	if err != nil {
		return fmt.Errorf("org: notify: %w", err)
	}
	if err := events.Emit(ctx, store, events.Event{CompanyID: n.CompanyID, Kind: events.Notification, RefID: id, Recipients: n.Users}); err != nil {
		return err
	}
	if !n.Mail {
		return nil
	}
	body := n.Message
	if n.Description != "" {
		body += "\n\n" + n.Description
	}
	return mail.EnqueueToAccounts(ctx, store, n.CompanyID, n.Users, n.Title, body+"\n")
}
