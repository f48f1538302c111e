package org

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/events"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// mine is the condition selecting the caller's notifications.
func mine(p *auth.Principal) (string, []any) {
	return `company_id = ? AND users LIKE ?`, []any{p.CompanyID, `%"` + p.ID + `"%`}
}

// unreadCount answers GET /notifications/unread-count: {count}.
func (h *Handlers) unreadCount(w http.ResponseWriter, r *http.Request) {
	cond, args := mine(auth.From(r.Context()))
	var n int64
	err := h.Deps.DB.Q(r.Context()).QueryRowContext(r.Context(),
		`SELECT COUNT(*) FROM notifications WHERE `+cond+` AND is_read = ?`, append(args, false)...).Scan(&n)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.WriteJSON(w, http.StatusOK, httpapi.Envelope{Success: true, Message: "Unread notifications counted",
		Data: map[string]int64{"count": n}})
}

// readAll answers PUT /notifications/read-all: every unread notification of
// the caller becomes read, in one transaction with one event.
func (h *Handlers) readAll(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	cond, args := mine(p)
	var n int64
	err := h.Deps.DB.InTx(r.Context(), func(ctx context.Context) error {
		res, err := h.Deps.DB.Q(ctx).ExecContext(ctx,
			`UPDATE notifications SET is_read = ?, updated_at = ?, updated_by = ? WHERE `+cond+` AND is_read = ?`,
			append([]any{true, int64(db.Stamp()), p.ID}, append(args, false)...)...)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return events.Emit(ctx, h.Deps.DB, events.Event{CompanyID: p.CompanyID, Kind: events.NotificationRead, Recipients: []string{p.ID}})
	})
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.WriteJSON(w, http.StatusOK, httpapi.Envelope{Success: true, Message: "Notifications marked read",
		Data: map[string]int64{"updated": n}})
}

// deleteOne answers DELETE /notifications/{id}: the caller's notification is
// deleted, or, when it is addressed to others too, the caller is removed from
// its users. Another account's notification is 404.
func (h *Handlers) deleteOne(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	id := r.PathValue("id")
	if !db.ValidID(id) {
		httpapi.WriteError(w, r, httpapi.NotFound("Notification not found"))
		return
	}
	cond, args := mine(p)
	err := h.Deps.DB.InTx(r.Context(), func(ctx context.Context) error {
		q := h.Deps.DB.Q(ctx)
		lock := " FOR UPDATE"
		if h.Deps.DB.Dialect.Name() == "sqlite" {
			lock = "" // the write transaction already holds SQLite's lock
		}
		var raw string
		err := q.QueryRowContext(ctx, `SELECT users FROM notifications WHERE id = ? AND `+cond+lock,
			append([]any{id}, args...)...).Scan(&raw)
		if db.IsNoRows(err) {
			return httpapi.NotFound("Notification not found")
		}
		if err != nil {
			return err
		}
		var users []string
		_ = json.Unmarshal([]byte(raw), &users) // a malformed list is treated as the caller's alone
		var rest []string
		for _, u := range users {
			if u != p.ID {
				rest = append(rest, u)
			}
		}
		if len(rest) == 0 {
			_, err = q.ExecContext(ctx, `DELETE FROM notifications WHERE id = ?`, id)
		} else {
			_, err = q.ExecContext(ctx, `UPDATE notifications SET users = ?, updated_at = ? WHERE id = ?`,
				string(db.MustJSON(rest)), int64(db.Stamp()), id)
		}
		if err != nil {
			return err
		}
		return events.Emit(ctx, h.Deps.DB, events.Event{CompanyID: p.CompanyID, Kind: events.NotificationGone, RefID: id, Recipients: []string{p.ID}})
	})
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.WriteJSON(w, http.StatusOK, httpapi.Envelope{Success: true, Message: "Notification deleted successfully"})
}

// notificationOperations documents the hand-written notification routes.
func notificationOperations() []crud.Operation {
	return []crud.Operation{
		{Method: "GET", Path: "/notifications/unread-count", ID: "notifications-unread-count", Tag: "Collaboration", Access: "token",
			Summary: "Count the caller's unread notifications", Description: "Answers data {count}."},
		{Method: "PUT", Path: "/notifications/read-all", ID: "notifications-read-all", Tag: "Collaboration", Access: "token",
			Summary:     "Mark all the caller's notifications read",
			Description: "One transaction; answers data {updated}, the number of notifications that were unread."},
		{Method: "DELETE", Path: "/notifications/{id}", ID: "notifications-delete", Tag: "Collaboration", Access: "token",
			Summary: "Delete one of the caller's notifications",
			Description: "A notification addressed to the caller only is deleted; one addressed to others too stops " +
				"being the caller's (they keep it). A notification of another account is 404."},
	}
}
