// Package collab implements what hangs on a CRM record: notes, labels and
// (read-only) the activity timeline. Notes and labels are parent-scoped
// resources (crud.ParentSpec): GET and POST /<group>/{id} take a parent's id
// (a lead, deal or project, or for labels also the caller's own account id),
// PUT and DELETE take the row's own id.
//
// The parent kinds lead, deal and project are registered by the packages that
// own those resources (crud.RegisterParentKind). Notes and labels die with
// their parent: those packages register their kinds with crud.Cascade, or with
// crud.Refuse when a parent must be emptied by hand first (the 409 then lists
// the notes and labels still on it). Labels under a user ("self") are the
// company's shared catalogue (sources, contract types, tags) and are not
// removed with the account.
package collab

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Resources lists the package's resources (the activity log is declared in
// package org, next to the notifications).
func Resources() []crud.Mountable { return []crud.Mountable{Notes, Labels} }

// Note is a note on a lead, deal or project.
type Note struct {
	crud.Base
	RelatedID   string  `db:"related_id" json:"related_id" v:"readonly,filter"`
	NoteTitle   string  `db:"note_title" json:"note_title" v:"required,search,sort"`
	NoteType    string  `db:"notetype" json:"notetype" v:"required,max=100,filter,sort"`
	Employees   db.JSON `db:"employees" json:"employees" v:"shape=object,max=100000"`
	Description *string `db:"description" json:"description" v:"text,search"`
}

// Notes is /notes/{parentId}.
var Notes = &crud.Resource[Note]{
	Name: "Note", Path: "/notes", Table: "notes", Tag: "Collaboration",
	Perm:   authz.Perm{Module: "crm", Entity: "note"},
	Parent: &crud.ParentSpec{Column: "related_id", Kinds: []string{"lead", "deal", "project"}},
	Doc: "Rules: a note hangs on a lead, deal or project of the caller's company, named by the path on create " +
		"(the original could never create a note). `employees` is a JSON object (for example {\"id\": [...]}) " +
		"and is answered as an object. Deleting the parent follows its kind's rule: a lead or deal with notes refuses " +
		"(409, delete the notes first); a kind that cascades deletes its notes with it.",
	Example: map[string]any{"note_title": "Kick-off call", "notetype": "call", "description": "Agreed on the scope",
		"employees": map[string]any{"id": []string{}}},
	Title: func(n *Note) string { return n.NoteTitle },
}

// Label is a named, coloured tag; labelType tells tags, sources and contract
// types apart.
type Label struct {
	crud.Base
	RelatedID string  `db:"related_id" json:"related_id" v:"readonly,filter"`
	Name      string  `db:"name" json:"name" v:"required,max=100,search,sort"`
	Color     *string `db:"color" json:"color" v:"max=50"`
	LabelType string  `db:"label_type" json:"labelType" v:"max=50,filter,sort"`
}

// Labels is /labels/{parentId}.
var Labels = &crud.Resource[Label]{
	Name: "Label", Path: "/labels", Table: "tags", Tag: "Collaboration",
	Perm:   authz.Perm{Module: "crm", Entity: "label"},
	Parent: &crud.ParentSpec{Column: "related_id", Kinds: []string{crud.Self, "lead", "deal", "project"}},
	Doc: "Rules: the web client creates and lists labels under its own account id (`/labels/<own user id>`); " +
		"they may also hang on a lead, deal or project. `labelType` (also accepted as the original's `lableType`) " +
		"tells tags (empty), sources (`source`), contract types and so on apart. A name is unique per company " +
		"and labelType, ignoring case (409). A lead or deal with labels refuses to be deleted (409, delete the labels " +
		"first); a parent kind that cascades deletes its labels with it; labels under an account stay (they are the " +
		"company's catalogue).",
	Sample: func(f crud.Fixturer) map[string]any {
		return map[string]any{"name": "Label " + f.Unique(), "color": "#1677ff", "labelType": "tag"}
	},
	Title: func(l *Label) string { return l.Name },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Label) error {
		if !c.Present("labelType") && c.Present("lableType") {
			var s string
			if err := json.Unmarshal(c.Raw["lableType"], &s); err != nil {
				return httpapi.Invalid("lableType", `"lableType" must be a string`)
			}
			if len(s) > 50 {
				return httpapi.Invalid("lableType", `"lableType" must be at most 50 characters`)
			}
			row.LabelType = strings.TrimSpace(s)
		}
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Label) error { return uniqueLabel(ctx, c, row) },
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Label) error {
		if old.Name == row.Name && old.LabelType == row.LabelType {
			return nil
		}
		return uniqueLabel(ctx, c, row)
	},
}

// uniqueLabel answers 409 when the company has another label of the same
// type with the same name, ignoring case. A unique index on (company_id,
// label_type, name) backs it against concurrent writes of the same spelling.
func uniqueLabel(ctx context.Context, c *crud.Call, row *Label) error {
	var one int
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx,
		`SELECT 1 FROM tags WHERE company_id = ? AND label_type = ? AND LOWER(name) = LOWER(?) AND id <> ? LIMIT 1`,
		row.CompanyID, row.LabelType, row.Name, row.ID).Scan(&one)
	if err == nil {
		return &httpapi.Error{Status: http.StatusConflict, Message: "Label with this name already exists",
			Fields: []httpapi.FieldError{{Field: "name", Message: "already exists"}}}
	}
	if !db.IsNoRows(err) {
		return err
	}
	return nil
}
