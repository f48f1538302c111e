package mail

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Worker delivers the outbox's due messages. Every instance may run one on
// the same database; see the package comment for how a message is claimed
// by one of them.
type Worker struct {
	DB     *db.DB
	Sender Sender
	Logger *slog.Logger
	// Now is the clock (time.Now when nil); tests move it forward.
	Now func() time.Time
	// Poll is the delay between scans when nothing woke the worker (5 s when zero).
	Poll time.Duration
	// Lease is how long a claimed message is reserved for its worker
	// (5 minutes when zero); it must exceed the sender's timeout.
	Lease time.Duration
	// Backoff is the delay after a first failure (30 s when zero); it
	// doubles with every further failure up to MaxBackoff (1 h when zero).
	Backoff    time.Duration
	MaxBackoff time.Duration
	// MaxAttempts is how many failures make a message failed for good (10 when zero).
	MaxAttempts int
	// Batch is the most messages read per scan (50 when zero).
	Batch int
	// Keep is how long delivered and failed messages stay in the outbox
	// before they are deleted (30 days when zero).
	Keep time.Duration

	wakeOnce sync.Once
	wake     chan struct{}
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) logger() *slog.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return slog.Default()
}

func orDur(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// Delay is the wait before attempt n+1 after n failures: Backoff·2^(n-1),
// at most MaxBackoff.
func (w *Worker) Delay(failures int) time.Duration {
	d := orDur(w.Backoff, 30*time.Second)
	limit := orDur(w.MaxBackoff, time.Hour)
	for i := 1; i < failures && d < limit; i++ {
		d *= 2
	}
	return min(d, limit)
}

func (w *Worker) signal() chan struct{} {
	w.wakeOnce.Do(func() { w.wake = make(chan struct{}, 1) })
	return w.wake
}

// Wake makes a running worker scan now (after a commit that enqueued mail).
func (w *Worker) Wake() {
	select {
	case w.signal() <- struct{}{}:
	default:
	}
}

// Run scans until ctx ends: at start-up (messages a crash left behind), on
// Wake and every Poll.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(orDur(w.Poll, 5*time.Second))
	defer t.Stop()
	lastPrune := time.Time{}
	for {
		if _, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil {
			w.logger().ErrorContext(ctx, "mail: scan", "err", err)
		}
		if now := w.now(); now.Sub(lastPrune) > time.Hour {
			lastPrune = now
			if err := w.Prune(ctx); err != nil && ctx.Err() == nil {
				w.logger().ErrorContext(ctx, "mail: prune", "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-w.signal():
		}
	}
}

type due struct {
	id, to, subject, body string
	status                string
	next                  int64
	attempts              int
	sensitive             bool
}

// RunOnce claims and delivers the messages due now, one at a time, and
// returns how many it claimed (delivered or not); 0 means nothing was due
// that another worker had not taken.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	now := w.now().UnixMilli()
	batch := w.Batch
	if batch <= 0 {
		batch = 50
	}
	rows, err := w.DB.Q(ctx).QueryContext(ctx, `SELECT id, to_addr, subject, body, status, next_attempt, attempts, is_sensitive
		FROM mail_outbox WHERE status IN (?, ?) AND next_attempt <= ? ORDER BY next_attempt, id LIMIT ?`,
		StatusPending, StatusSending, now, batch)
	if err != nil {
		return 0, fmt.Errorf("mail: scan: %w", err)
	}
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.to, &d.subject, &d.body, &d.status, &d.next, &d.attempts, &d.sensitive); err != nil {
			rows.Close()
			return 0, fmt.Errorf("mail: scan: %w", err)
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("mail: scan: %w", err)
	}
	claimed := 0
	for _, d := range list {
		if ctx.Err() != nil {
			return claimed, ctx.Err()
		}
		ok, err := w.deliver(ctx, d)
		if ok {
			claimed++
		}
		if err != nil {
			return claimed, err
		}
	}
	return claimed, nil
}

// deliver claims d and hands it to the sender; it reports whether it won
// the claim. A claim lost to another worker is no error.
func (w *Worker) deliver(ctx context.Context, d due) (bool, error) {
	claim := db.NewID()
	now := w.now()
	lease := now.Add(orDur(w.Lease, 5*time.Minute)).UnixMilli()
	// The row is ours only if nobody changed it since it was read: same
	// status and next attempt (another worker's claim moves both).
	res, err := w.DB.Q(ctx).ExecContext(ctx, `UPDATE mail_outbox SET status = ?, claim = ?, next_attempt = ?, attempts = attempts + 1
		WHERE id = ? AND status = ? AND next_attempt = ? AND next_attempt <= ?`,
		StatusSending, claim, lease, d.id, d.status, d.next, now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("mail: claim: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return false, err
	}
	attempts := d.attempts + 1
	sendErr := w.Sender.Send(ctx, Envelope{ID: d.id, To: d.to, Subject: d.subject, Body: d.body})
	// The outcome is recorded even when ctx ended meanwhile.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if sendErr == nil {
		body := "body"
		if d.sensitive {
			body = "''"
		}
		_, err := w.DB.Q(wctx).ExecContext(wctx, `UPDATE mail_outbox SET status = ?, sent_at = ?, transport = ?, last_error = NULL, body = `+body+`
			WHERE id = ? AND claim = ?`, StatusSent, w.now().UnixMilli(), w.Sender.Transport(), d.id, claim)
		if err != nil {
			return true, fmt.Errorf("mail: mark sent: %w", err)
		}
		w.logger().InfoContext(ctx, "mail sent", "mail_id", d.id, "transport", w.Sender.Transport(), "attempts", attempts)
		return true, nil
	}
	status, next := StatusPending, w.now().Add(w.Delay(attempts)).UnixMilli()
	maxAttempts := w.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = 10
	}
	body := "body"
	if attempts >= maxAttempts {
		status = StatusFailed
		if d.sensitive {
			body = "''"
		}
	}
	msg := sendErr.Error()
	if len(msg) > 2000 {
		msg = msg[:2000]
	}
	_, err = w.DB.Q(wctx).ExecContext(wctx, `UPDATE mail_outbox SET status = ?, next_attempt = ?, last_error = ?, transport = ?, body = `+body+`
		WHERE id = ? AND claim = ?`, status, next, msg, w.Sender.Transport(), d.id, claim)
	if err != nil {
		return true, fmt.Errorf("mail: mark failure: %w", err)
	}
	w.logger().WarnContext(ctx, "mail not sent", "mail_id", d.id, "attempts", attempts, "status", status,
		"next_attempt", time.UnixMilli(next).UTC(), "err", msg)
	return true, nil
}

// Prune deletes delivered and failed messages older than Keep.
func (w *Worker) Prune(ctx context.Context) error {
	before := w.now().Add(-orDur(w.Keep, 30*24*time.Hour)).UnixMilli()
	_, err := w.DB.Q(ctx).ExecContext(ctx, `DELETE FROM mail_outbox WHERE status IN (?, ?) AND created_at < ?`,
		StatusSent, StatusFailed, before)
	return err
}
