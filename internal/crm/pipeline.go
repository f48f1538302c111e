package crm

import (
	"context"
	"fmt"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Pipeline is a sales pipeline: an ordered set of lead stages and deal stages.
type Pipeline struct {
	crud.Base
	PipelineName string `db:"pipeline_name" json:"pipeline_name" v:"required,max=100,unique,ci,search,sort"`
}

// Pipelines is /pipelines.
var Pipelines = &crud.Resource[Pipeline]{
	Name: "Pipeline", Path: "/pipelines", Table: "pipelines", Tag: "CRM",
	Perm: authz.Perm{Module: "crm", Entity: "pipeline"},
	Doc: "Rules: `pipeline_name` is unique in the company, ignoring case (409). A pipeline that still has stages, " +
		"leads or deals cannot be deleted: 409 whose `errors` list each kind with its count (fields `stages`, " +
		"`leads`, `deals`).",
	Example: map[string]any{"pipeline_name": "Inbound sales"},
	Title:   func(p *Pipeline) string { return p.PipelineName },
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Pipeline) error {
		return inUse(ctx, c, "pipeline", row.ID,
			use{"stages", "stage", "stages", "pipeline_id"},
			use{"leads", "lead", "leads", "pipeline_id"},
			use{"deals", "deal", "deals", "pipeline_id"})
	},
}

// Stage types.
const (
	StageLead = "lead"
	StageDeal = "deal"
)

// Stage is a step of a pipeline, for leads or for deals.
type Stage struct {
	crud.Base
	StageType string `db:"stage_type" json:"stageType" v:"required,enum=lead|deal,filter"`
	StageName string `db:"stage_name" json:"stageName" v:"required,max=100,search,sort"`
	Pipeline  string `db:"pipeline_id" json:"pipeline" v:"required,filter"`
	Position  int64  `db:"position" json:"position" v:"min=0,max=1000000,sort"`
}

const stageDoc = "Rules: `pipeline` is the id of a pipeline of the caller's company (422; another company's id is " +
	"treated as a missing one). `stageType` is `lead` or `deal` (the original's `lable` is refused: labels are " +
	"/tags) and cannot change after create (422). Stages are ordered within their pipeline by `position`: a " +
	"new stage without one goes after the last stage of its pipeline and type; list one pipeline's stages in order " +
	"with `GET /stages?pipeline=<id>&stageType=lead&sort=position`. A stage that leads or deals still use cannot " +
	"be deleted, nor moved to another pipeline (409 listing the count of each)."

// Stages is /stages.
var Stages = &crud.Resource[Stage]{
	Name: "Stage", Path: "/stages", Table: "stages", Tag: "CRM",
	Perm: authz.Perm{Module: "crm", Entity: "stage"},
	Doc:  stageDoc,
	Sample: func(f crud.Fixturer) map[string]any {
		p := f.Create("/pipelines", map[string]any{"pipeline_name": "Pipeline " + f.Unique()})
		return map[string]any{"stageType": "lead", "stageName": "Qualified", "pipeline": p}
	},
	Title: func(s *Stage) string { return s.StageName },
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Stage) error {
		if err := lockRef(ctx, c, "pipelines", "pipeline", "a pipeline", row.Pipeline, ""); err != nil {
			return err
		}
		if c.Present("position") {
			return nil
		}
		var last *int64
		q := c.Deps.DB.Dialect.Quote("position")
		err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT MAX(`+q+`) FROM stages WHERE company_id = ? AND pipeline_id = ? AND stage_type = ?`,
			c.CompanyID(), row.Pipeline, row.StageType).Scan(&last)
		if err != nil {
			return fmt.Errorf("crm: stage position: %w", err)
		}
		if last != nil {
			row.Position = *last + 1
		}
		return nil
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Stage) error {
		if row.StageType != old.StageType {
			return httpapi.Invalid("stageType", `"stageType" cannot change once the stage exists`)
		}
		if row.Pipeline == old.Pipeline {
			return nil
		}
		if err := lockRef(ctx, c, "pipelines", "pipeline", "a pipeline", row.Pipeline, ""); err != nil {
			return err
		}
		return inUse(ctx, c, "stage", row.ID, use{"leads", "lead", "leads", "stage_id"}, use{"deals", "deal", "deals", "stage_id"})
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Stage) error {
		return inUse(ctx, c, "stage", row.ID, use{"leads", "lead", "leads", "stage_id"}, use{"deals", "deal", "deals", "stage_id"})
	},
}

// checkStage locks and checks the pipeline and stage of a lead or a deal: the
// pipeline must be the company's, and the stage, when given, a stage of that
// pipeline and of the given type (422 naming the field).
func checkStage(ctx context.Context, c *crud.Call, kind string, pipeline, stage *string) error {
	if pipeline == nil {
		if stage != nil {
			return httpapi.Invalid("pipeline", `"pipeline" is required with "stage"`)
		}
		return nil
	}
	if err := lockRef(ctx, c, "pipelines", "pipeline", "a pipeline", *pipeline, ""); err != nil {
		return err
	}
	if stage == nil {
		return nil
	}
	var stPipeline, stType string
	if err := lockRef(ctx, c, "stages", "stage", "a stage", *stage, "pipeline_id, stage_type", &stPipeline, &stType); err != nil {
		return err
	}
	if stPipeline != *pipeline {
		return httpapi.Invalid("stage", `"stage" must be a stage of the pipeline given in "pipeline"`)
	}
	if stType != kind {
		return httpapi.Invalid("stage", fmt.Sprintf(`"stage" must be a %s stage (this one is a %s stage)`, kind, stType))
	}
	return nil
}
