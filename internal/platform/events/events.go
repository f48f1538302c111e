// Package events is the producer side of live updates: a transactional
// outbox. Business code calls Emit inside the transaction that makes a change
// (a message sent, a notification created or read…), so an event row exists
// if and only if that change commits; a rolled-back write leaves none.
//
// Rows live in the event_outbox table (migration 00016; the name "events"
// is the HR calendar's) with an increasing integer id assigned at insert. A
// consumer (the live stream) is expected to:
//
//   - deliver after commit: poll Since(lastID) (or wake on a database or bus
//     signal, then poll) and send each event to the connected Recipients of
//     its CompanyID;
//   - replay: a client reconnecting with the last id it saw gets
//     Since(thatID), so nothing committed in between is lost while the rows
//     are kept;
//   - fan out across instances: every instance reads the same table, so each
//     delivers to its own connections without talking to the others;
//   - bound the table: call Prune periodically.
//
// Ids are assigned in insert order, not commit order: a transaction that
// started earlier may commit a smaller id after a larger one was read. A
// consumer that must not miss such rows re-reads a short window behind its
// last id (for example the events of the last few seconds by created_at)
// and drops the ids it already delivered.
//
// An event carries only references (kind, ref_id, recipients), never the
// content: the client fetches the record through the API, which applies the
// usual visibility rules.
package events

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Event kinds.
const (
	Notification     = "notification"         // a notification was created; RefID is the notification
	NotificationRead = "notification.read"    // notifications were marked read; RefID is the notification, or "" for read-all
	NotificationGone = "notification.deleted" // a notification was deleted for the Recipients; RefID is its former id
	Message          = "message"              // a message was sent or edited; RefID is the message
	MessageRead      = "message.read"         // a message (or a conversation up to RefID) was read
	MessageDeleted   = "message.deleted"      // a message was deleted; RefID is the former message id
)

// Event is one change to announce to some accounts of a company.
type Event struct {
	CompanyID  string
	Kind       string
	RefID      string
	Recipients []string // principal ids that should receive it
}

// Stored is an event as read back from the outbox.
type Stored struct {
	Event
	ID        int64   // increasing, assigned at insert
	CreatedAt db.Time // Unix milliseconds
}

// Emit records e in the transaction carried by ctx (see db.DB.InTx). Called
// without a transaction it writes at once, which is only right for changes
// that are themselves not transactional.
func Emit(ctx context.Context, store *db.DB, e Event) error {
	if e.Kind == "" {
		return errors.New("events: emit: empty kind")
	}
	if e.Recipients == nil {
		e.Recipients = []string{}
	}
	rec, err := json.Marshal(e.Recipients)
	if err != nil {
		return fmt.Errorf("events: emit: %w", err)
	}
	// InTx joins the transaction in ctx; without one it opens its own.
	err = store.InTx(ctx, func(ctx context.Context) error {
		_, err := store.Q(ctx).ExecContext(ctx, `INSERT INTO event_outbox (company_id, kind, ref_id, recipients, created_at) VALUES (?, ?, ?, ?, ?)`,
			e.CompanyID, e.Kind, e.RefID, string(rec), int64(db.Stamp()))
		return err
	})
	if err != nil {
		return fmt.Errorf("events: emit %s: %w", e.Kind, err)
	}
	return nil
}

// Since returns at most limit events whose id is greater than afterID, in id
// order. Pass 0 to read from the oldest kept event.
func Since(ctx context.Context, store *db.DB, afterID int64, limit int) ([]Stored, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := store.Q(ctx).QueryContext(ctx,
		`SELECT id, company_id, kind, ref_id, recipients, created_at FROM event_outbox WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("events: since: %w", err)
	}
	defer rows.Close()
	var out []Stored
	for rows.Next() {
		var s Stored
		var rec string
		var at int64
		if err := rows.Scan(&s.ID, &s.CompanyID, &s.Kind, &s.RefID, &rec, &at); err != nil {
			return nil, fmt.Errorf("events: since: %w", err)
		}
		s.CreatedAt = db.Time(at)
		if err := json.Unmarshal([]byte(rec), &s.Recipients); err != nil {
			return nil, fmt.Errorf("events: since: event %d: recipients: %w", s.ID, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("events: since: %w", err)
	}
	return out, nil
}

// Prune deletes the events created before olderThan. Clients that reconnect
// with an id older than what is kept miss the pruned events and should
// reload their view.
func Prune(ctx context.Context, store *db.DB, olderThan time.Time) error {
	err := store.InTx(ctx, func(ctx context.Context) error {
		_, err := store.Q(ctx).ExecContext(ctx, `DELETE FROM event_outbox WHERE created_at < ?`, olderThan.UnixMilli())
		return err
	})
	if err != nil {
		return fmt.Errorf("events: prune: %w", err)
	}
	return nil
}
