package org

import (
	"context"
	"fmt"
	"net/http"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// StorageUnit is the unit of a plan's storage_limit: one mebibyte.
const StorageUnit = 1 << 20

// TakeStorage counts n more bytes of uploaded files against the company's
// live subscription, atomically: the conditional UPDATE refuses (413) when
// the plan's storage_limit (in mebibytes) would be passed, so concurrent
// uploads cannot exceed it. It must run in the transaction that records the
// files.
func TakeStorage(ctx context.Context, store *db.DB, companyID string, n int64) error {
	now := int64(db.Now())
	res, err := store.Q(ctx).ExecContext(ctx,
		`UPDATE client_subscriptions SET current_storage_used = current_storage_used + ?
		 WHERE `+liveSub+` AND current_storage_used + ? <= (SELECT storage_limit FROM subscription_plans WHERE subscription_plans.id = client_subscriptions.plan_id) * ?`,
		n, companyID, now, n, StorageUnit)
	if err != nil {
		return fmt.Errorf("org: take storage: %w", err)
	}
	if k, _ := res.RowsAffected(); k > 0 {
		return nil
	}
	var limit int64
	err = store.Q(ctx).QueryRowContext(ctx, `SELECT p.storage_limit FROM client_subscriptions s JOIN subscription_plans p ON p.id = s.plan_id
		WHERE s.company_id = ? AND s.status IN ('active','trial') AND (s.end_date IS NULL OR s.end_date > ?)`, companyID, now).Scan(&limit)
	if db.IsNoRows(err) {
		return httpapi.Forbidden("No active subscription found")
	}
	if err != nil {
		return fmt.Errorf("org: take storage: %w", err)
	}
	return &httpapi.Error{Status: http.StatusRequestEntityTooLarge,
		Message: fmt.Sprintf("Storage limit of your subscription plan reached (%d MB)", limit)}
}

// FreeStorage gives n bytes back when files are deleted (never below zero).
func FreeStorage(ctx context.Context, store *db.DB, companyID string, n int64) error {
	_, err := store.Q(ctx).ExecContext(ctx,
		`UPDATE client_subscriptions SET current_storage_used = CASE WHEN current_storage_used > ? THEN current_storage_used - ? ELSE 0 END
		 WHERE company_id = ? AND status IN ('active','trial')`, n, n, companyID)
	if err != nil {
		return fmt.Errorf("org: free storage: %w", err)
	}
	return nil
}

// storageUsed sums the sizes of the company's stored files.
func storageUsed(ctx context.Context, store *db.DB, companyID string) (int64, error) {
	var n int64
	err := store.Q(ctx).QueryRowContext(ctx, `SELECT COALESCE(SUM(size), 0) FROM files WHERE company_id = ?`, companyID).Scan(&n)
	return n, err
}
