// Package activity writes the activity log: one row per change, in the same
// transaction as the change itself.
package activity

import (
	"context"
	"fmt"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Entry is one activity-log row.
type Entry struct {
	CompanyID   string
	RelatedID   string // parent record (project, lead, …), or the entity itself
	From        string // resource name, e.g. "department"
	EntityID    string
	Action      string // created, updated, deleted, or a business verb
	PerformedBy string // username of the caller
	Message     string
}

// Record inserts e using the transaction in ctx.
func Record(ctx context.Context, store *db.DB, e Entry) error {
	now := int64(db.Stamp())
	by := e.PerformedBy
	_, err := store.Q(ctx).ExecContext(ctx,
		`INSERT INTO activities (id, company_id, related_id, activity_from, activity_id, action, performed_by, activity_message, created_by, updated_by, created_at, updated_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		db.NewID(), e.CompanyID, e.RelatedID, e.From, e.EntityID, e.Action, by, e.Message, by, by, now, now)
	if err != nil {
		return fmt.Errorf("activity: record: %w", err)
	}
	return nil
}
