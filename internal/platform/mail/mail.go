// Package mail sends e-mail through a transactional outbox.
//
// Business code calls Enqueue (or EnqueueToAccounts) inside the transaction
// that causes the mail, so a message exists if and only if that write
// commits. A Worker then delivers the rows of the mail_outbox table after
// commit, through SMTP when configured (SMTPSender) and otherwise to the log
// (LogSender), retrying failures with exponential backoff.
//
// Several instances may run a worker on the same database: a row is claimed
// by one conditional UPDATE (status and next attempt time unchanged since it
// was read) whose affected-row count tells the claimer it won, so each
// message is handed to the transport once. A claim is a lease: a worker that
// dies while sending leaves the row claimable again once the lease ends, so a
// message is delivered at least once and, barring such a crash between the
// SMTP server's acceptance and the row's update, exactly once.
package mail

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Statuses of an outbox row.
const (
	StatusPending = "pending" // waiting for its next attempt
	StatusSending = "sending" // claimed by a worker until next_attempt (the lease)
	StatusSent    = "sent"    // delivered (to the SMTP server, or to the log)
	StatusFailed  = "failed"  // given up after MaxAttempts
)

// Message is one e-mail to one recipient, as text.
type Message struct {
	CompanyID string // the company it concerns ("" for none)
	To        string // one address
	Subject   string
	Body      string // text/plain, UTF-8
	// Sensitive messages (a password reset code) have their body erased
	// from the outbox once delivered.
	Sensitive bool
}

// MaxSubject and MaxBody bound a message.
const (
	MaxSubject = 500
	MaxBody    = 100_000
)

// Enqueue stores m in the outbox in the transaction carried by ctx (see
// db.DB.InTx); without one it writes at once. It returns the row's id.
func Enqueue(ctx context.Context, store *db.DB, m Message) (string, error) {
	addr, err := mail.ParseAddress(m.To)
	if err != nil || strings.ContainsAny(m.To, "\r\n") {
		return "", fmt.Errorf("mail: enqueue: invalid recipient %q", m.To)
	}
	subj := strings.Join(strings.Fields(m.Subject), " ") // no header injection through line breaks
	if subj == "" || len(subj) > MaxSubject || len(m.Body) > MaxBody {
		return "", errors.New("mail: enqueue: subject must be 1-500 bytes and body at most 100000")
	}
	var company any
	if m.CompanyID != "" {
		company = m.CompanyID
	}
	id := db.NewID()
	now := int64(db.Stamp())
	due := time.Now().UnixMilli() // due at once (a stamp may run ahead of the clock)
	err = store.InTx(ctx, func(ctx context.Context) error {
		_, err := store.Q(ctx).ExecContext(ctx, `INSERT INTO mail_outbox (id, company_id, to_addr, subject, body, is_sensitive, status,
			attempts, next_attempt, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
			id, company, addr.Address, subj, m.Body, m.Sensitive, StatusPending, due, now)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("mail: enqueue: %w", err)
	}
	return id, nil
}

// EnqueueToAccounts enqueues one message per account of ids (principal ids
// of companyID) that has an e-mail address, in the transaction carried by
// ctx. Accounts of other companies and accounts without an address are
// skipped.
func EnqueueToAccounts(ctx context.Context, store *db.DB, companyID string, ids []string, subject, body string) error {
	var valid []any
	seen := map[string]bool{}
	for _, id := range ids {
		if db.ValidID(id) && !seen[id] {
			seen[id] = true
			valid = append(valid, id)
		}
	}
	if len(valid) == 0 {
		return nil
	}
	rows, err := store.Q(ctx).QueryContext(ctx, `SELECT email FROM principals WHERE company_id = ? AND id IN (?`+
		strings.Repeat(", ?", len(valid)-1)+`) ORDER BY id`, append([]any{companyID}, valid...)...)
	if err != nil {
		return fmt.Errorf("mail: recipients: %w", err)
	}
	var to []string
	for rows.Next() {
		var email *string
		if err := rows.Scan(&email); err != nil {
			rows.Close()
			return fmt.Errorf("mail: recipients: %w", err)
		}
		if email != nil && strings.Contains(*email, "@") {
			to = append(to, *email)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("mail: recipients: %w", err)
	}
	for _, addr := range to {
		if _, err := Enqueue(ctx, store, Message{CompanyID: companyID, To: addr, Subject: subject, Body: body}); err != nil {
			return err
		}
	}
	return nil
}

// Stored is an outbox row as read back.
type Stored struct {
	ID          string
	CompanyID   string
	To          string
	Subject     string
	Body        string
	Status      string
	Attempts    int
	NextAttempt int64 // Unix milliseconds
	LastError   string
	Transport   string
	SentAt      int64
}

// Get reads one outbox row.
func Get(ctx context.Context, store *db.DB, id string) (*Stored, error) {
	var s Stored
	var company, lastErr, transport *string
	var sent *int64
	err := store.Q(ctx).QueryRowContext(ctx, `SELECT id, company_id, to_addr, subject, body, status, attempts, next_attempt,
		last_error, transport, sent_at FROM mail_outbox WHERE id = ?`, id).Scan(&s.ID, &company, &s.To, &s.Subject, &s.Body,
		&s.Status, &s.Attempts, &s.NextAttempt, &lastErr, &transport, &sent)
	if err != nil {
		return nil, fmt.Errorf("mail: get %s: %w", id, err)
	}
	if company != nil {
		s.CompanyID = *company
	}
	if lastErr != nil {
		s.LastError = *lastErr
	}
	if transport != nil {
		s.Transport = *transport
	}
	if sent != nil {
		s.SentAt = *sent
	}
	return &s, nil
}
