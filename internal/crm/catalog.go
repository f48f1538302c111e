package crm

import (
	"context"
	"fmt"
	"net/http"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Source is where leads come from (a campaign, a referral, the web site…).
type Source struct {
	crud.Base
	SourceName  string  `db:"source_name" json:"sourceName" v:"required,max=100,unique,ci,search,sort"`
	Description *string `db:"description" json:"description" v:"text"`
}

// Sources is /sources.
var Sources = &crud.Resource[Source]{
	Name: "Source", Path: "/sources", Table: "sources", Tag: "CRM",
	Perm: authz.Perm{Module: "crm", Entity: "source"},
	Doc: "Rules: sources belong to the caller's company (the original's were global and unauthenticated); " +
		"`sourceName` is unique in the company, ignoring case (409). `description` is optional. A source that leads " +
		"still use cannot be deleted (409 with the count).",
	Example: map[string]any{"sourceName": "Website", "description": "Contact form on the web site"},
	Title:   func(s *Source) string { return s.SourceName },
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Source) error {
		return inUse(ctx, c, "source", row.ID, use{"leads", "lead", "leads", "source_id"})
	},
}

// Tag is a label of the company, optionally of a kind (category, source…).
type Tag struct {
	crud.Base
	Name    string  `db:"name" json:"name" v:"required,max=100,search,sort"`
	TagType string  `db:"tag_type" json:"tagType" v:"max=50,filter"`
	Color   *string `db:"color" json:"color" v:"max=50"`
}

// Tags is /tags, which the web client calls and the original lacked.
var Tags = &crud.Resource[Tag]{
	Name: "Tag", Path: "/tags", Table: "crm_tags", Tag: "CRM",
	Perm: authz.Perm{Module: "crm", Entity: "label"},
	Doc: "Rules: tags belong to the caller's company. `tagType` is an optional kind (empty when absent); `name` " +
		"is unique within the company and kind, ignoring case (409). Needs the `crm.label` permission.",
	Sample: func(f crud.Fixturer) map[string]any {
		return map[string]any{"name": "Urgent " + f.Unique(), "tagType": "priority", "color": "#d32f2f"}
	},
	Title: func(t *Tag) string { return t.Name },
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Tag) error {
		return uniqueTag(ctx, c, row)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Tag) error {
		return uniqueTag(ctx, c, row)
	},
}

// uniqueTag answers 409 when another tag of the company has the same kind and
// name (ignoring case). The unique index on the same columns settles races.
func uniqueTag(ctx context.Context, c *crud.Call, row *Tag) error {
	var other string
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx,
		`SELECT id FROM crm_tags WHERE company_id = ? AND tag_type = ? AND LOWER(name) = LOWER(?) AND id <> ? LIMIT 1`,
		row.CompanyID, row.TagType, row.Name, row.ID).Scan(&other)
	if db.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("crm: tag unique: %w", err)
	}
	return &httpapi.Error{Status: http.StatusConflict, Message: "Tag with this name already exists",
		Fields: []httpapi.FieldError{{Field: "name", Message: "already exists"}}}
}
