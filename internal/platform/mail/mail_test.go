package mail_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/mail"
	"github.com/crmhrm/crm/internal/platform/mail/mailtest"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// clock is a settable time source for workers.
type clock struct{ ms atomic.Int64 }

func newClock() *clock               { c := &clock{}; c.ms.Store(time.Now().UnixMilli()); return c }
func (c *clock) Now() time.Time      { return time.UnixMilli(c.ms.Load()) }
func (c *clock) Add(d time.Duration) { c.ms.Add(d.Milliseconds()) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// fresh empties the outbox: every worker scans the whole table, and the
// tests of this package share one database.
func fresh(t *testing.T) *db.DB {
	t.Helper()
	store := testkit.DB(t)
	if _, err := store.Q(context.Background()).ExecContext(context.Background(), `DELETE FROM mail_outbox`); err != nil {
		t.Fatal(err)
	}
	return store
}

func addr(tag string) string { return tag + testkit.Unique() + "@example.com" }

// enqueue commits one message in its own transaction.
func enqueue(t *testing.T, store *db.DB, m mail.Message) string {
	t.Helper()
	var id string
	err := store.InTx(context.Background(), func(ctx context.Context) error {
		var err error
		id, err = mail.Enqueue(ctx, store, m)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// drain runs the worker until nothing is due at its clock.
func drain(t *testing.T, w *mail.Worker) {
	t.Helper()
	for i := 0; i < 100; i++ {
		n, err := w.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
}

func TestDeliversOverSMTPWithStartTLSAndAuth(t *testing.T) {
	store := fresh(t)
	srv := mailtest.Start(t, mailtest.Options{StartTLS: true, User: "relay", Password: "relay-secret"})
	to := addr("ana")
	id := enqueue(t, store, mail.Message{To: to, Subject: "Leave approved", Body: "Your leave from 2025-03-03 is approved.\nRégards"})
	w := &mail.Worker{Logger: quiet, DB: store, Sender: &mail.SMTPSender{Config: srv.Config()}}
	drain(t, w)
	got := srv.To(to)
	if len(got) != 1 {
		t.Fatalf("server received %d messages for %s, want 1", len(got), to)
	}
	if got[0].Subject != "Leave approved" || !strings.Contains(got[0].Body, "Régards") || !strings.Contains(got[0].Body, "2025-03-03 is approved") {
		t.Fatalf("received subject %q body %q", got[0].Subject, got[0].Body)
	}
	if got[0].From != "noreply@crm.example" || !strings.HasPrefix(got[0].Header.Get("Message-Id"), "<"+id+"@") {
		t.Fatalf("envelope from %q, Message-ID %q", got[0].From, got[0].Header.Get("Message-Id"))
	}
	row, err := mail.Get(context.Background(), store, id)
	if err != nil {
		t.Fatal(err)
	}
	if row.Status != mail.StatusSent || row.Transport != "smtp" || row.Attempts != 1 || row.SentAt == 0 {
		t.Fatalf("outbox row after delivery: %+v", row)
	}
	// Delivered once: another scan sends nothing.
	drain(t, w)
	if n := len(srv.To(to)); n != 1 {
		t.Fatalf("a second scan re-sent: %d messages", n)
	}
}

func TestWrongSMTPPasswordStaysInOutbox(t *testing.T) {
	store := fresh(t)
	srv := mailtest.Start(t, mailtest.Options{StartTLS: true, User: "relay", Password: "relay-secret"})
	cfg := srv.Config()
	cfg.Password = "wrong"
	to := addr("wp")
	id := enqueue(t, store, mail.Message{To: to, Subject: "Hello", Body: "x"})
	clk := newClock()
	w := &mail.Worker{Logger: quiet, DB: store, Sender: &mail.SMTPSender{Config: cfg}, Now: clk.Now}
	drain(t, w)
	row, err := mail.Get(context.Background(), store, id)
	if err != nil {
		t.Fatal(err)
	}
	if row.Status != mail.StatusPending || row.LastError == "" || len(srv.To(to)) != 0 {
		t.Fatalf("a refused login must leave the mail pending with its error: %+v", row)
	}
}

func TestRolledBackWriteSendsNothing(t *testing.T) {
	store := fresh(t)
	to := addr("rb")
	var id string
	boom := errors.New("business rule failed")
	err := store.InTx(context.Background(), func(ctx context.Context) error {
		var err error
		if id, err = mail.Enqueue(ctx, store, mail.Message{To: to, Subject: "Never", Body: "never"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx = %v", err)
	}
	if _, err := mail.Get(context.Background(), store, id); !db.IsNoRows(err) {
		t.Fatalf("a rolled-back message is in the outbox (err %v)", err)
	}
}

func TestRefusingServerKeepsMailWithErrorAndBacksOff(t *testing.T) {
	store := fresh(t)
	srv := mailtest.Start(t, mailtest.Options{})
	srv.Refuse(true)
	to := addr("rf")
	id := enqueue(t, store, mail.Message{To: to, Subject: "Task Reminder", Body: "Don't forget"})
	clk := newClock()
	w := &mail.Worker{Logger: quiet, DB: store, Sender: &mail.SMTPSender{Config: srv.Config()}, Now: clk.Now,
		Backoff: time.Minute, MaxBackoff: 10 * time.Minute, MaxAttempts: 4}
	ctx := context.Background()
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute}
	for attempt, delay := range want {
		start := clk.Now()
		if n, err := w.RunOnce(ctx); err != nil || n != 1 {
			t.Fatalf("attempt %d: RunOnce = %d, %v", attempt+1, n, err)
		}
		row, err := mail.Get(ctx, store, id)
		if err != nil {
			t.Fatal(err)
		}
		if row.Status != mail.StatusPending || row.Attempts != attempt+1 || !strings.Contains(row.LastError, "554") {
			t.Fatalf("attempt %d: row %+v, want pending with the server's 554", attempt+1, row)
		}
		if got := time.UnixMilli(row.NextAttempt).Sub(start); got != delay {
			t.Fatalf("attempt %d: next attempt in %s, want %s", attempt+1, got, delay)
		}
		// Not due before its next attempt time.
		clk.Add(delay - time.Millisecond)
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		if row2, _ := mail.Get(ctx, store, id); row2.Attempts != attempt+1 {
			t.Fatalf("attempt %d: retried before its time (%d attempts)", attempt+1, row2.Attempts)
		}
		clk.Add(time.Millisecond)
	}
	if len(srv.To(to)) != 0 {
		t.Fatal("a refusing server received the message")
	}
	// The server accepts again: the next attempt delivers.
	srv.Refuse(false)
	drain(t, w)
	row, _ := mail.Get(ctx, store, id)
	if row.Status != mail.StatusSent || len(srv.To(to)) != 1 || row.LastError != "" {
		t.Fatalf("after recovery: row %+v, %d received", row, len(srv.To(to)))
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	store := fresh(t)
	srv := mailtest.Start(t, mailtest.Options{})
	srv.Refuse(true)
	id := enqueue(t, store, mail.Message{To: addr("gu"), Subject: "Code", Body: "secret 123", Sensitive: true})
	clk := newClock()
	w := &mail.Worker{Logger: quiet, DB: store, Sender: &mail.SMTPSender{Config: srv.Config()}, Now: clk.Now, Backoff: time.Second, MaxAttempts: 2}
	for i := 0; i < 3; i++ {
		if _, err := w.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		clk.Add(time.Hour)
	}
	row, _ := mail.Get(context.Background(), store, id)
	if row.Status != mail.StatusFailed || row.Attempts != 2 || row.Body != "" {
		t.Fatalf("row %+v, want failed after 2 attempts with the sensitive body erased", row)
	}
}

func TestSensitiveBodyErasedOnceSent(t *testing.T) {
	store := fresh(t)
	srv := mailtest.Start(t, mailtest.Options{})
	w := &mail.Worker{Logger: quiet, DB: store, Sender: &mail.SMTPSender{Config: srv.Config()}}
	to := addr("se")
	secret := enqueue(t, store, mail.Message{To: to, Subject: "Reset", Body: "code abc", Sensitive: true})
	plain := enqueue(t, store, mail.Message{To: to, Subject: "Hi", Body: "kept"})
	drain(t, w)
	s, _ := mail.Get(context.Background(), store, secret)
	p, _ := mail.Get(context.Background(), store, plain)
	if s.Status != mail.StatusSent || s.Body != "" || p.Body != "kept" {
		t.Fatalf("sensitive %+v, plain %+v", s, p)
	}
	if len(srv.To(to)) != 2 {
		t.Fatalf("received %d, want 2", len(srv.To(to)))
	}
}

func TestLogSenderWritesJSONLog(t *testing.T) {
	store := fresh(t)
	var buf testkit.LogBuffer
	w := &mail.Worker{Logger: quiet, DB: store, Sender: &mail.LogSender{Logger: slog.New(slog.NewJSONHandler(&buf, nil))}}
	to := addr("lg")
	id := enqueue(t, store, mail.Message{To: to, Subject: "Password reset", Body: "Your code: XYZ"})
	drain(t, w)
	var found bool
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["mail_id"] == id && rec["to"] == to && rec["body"] == "Your code: XYZ" {
			found = true
		}
	}
	if !found {
		t.Fatalf("the log does not hold the message: %s", buf.String())
	}
	row, _ := mail.Get(context.Background(), store, id)
	if row.Status != mail.StatusSent || row.Transport != "log" {
		t.Fatalf("row %+v", row)
	}
}

// TestTwoWorkersSendEachMessageOnce runs two workers, each with its own
// connection pool (two instances), against one database and one SMTP server.
func TestTwoWorkersSendEachMessageOnce(t *testing.T) {
	store := fresh(t)
	other := testkit.OpenDB(t, nil)
	srv := mailtest.Start(t, mailtest.Options{})
	const n = 60
	tag := "tw" + testkit.Unique()
	for i := 0; i < n; i++ {
		enqueue(t, store, mail.Message{To: fmt.Sprintf("%s-%d@example.com", tag, i), Subject: fmt.Sprintf("M %d", i), Body: "b"})
	}
	var wg sync.WaitGroup
	for _, s := range []*db.DB{store, other} {
		w := &mail.Worker{Logger: quiet, DB: s, Sender: &mail.SMTPSender{Config: srv.Config()}, Batch: 7}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k, err := w.RunOnce(context.Background())
				if err != nil {
					t.Error(err)
					return
				}
				if k == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	seen := map[string]int{}
	for _, m := range srv.Messages() {
		for _, to := range m.To {
			if strings.HasPrefix(to, tag+"-") {
				seen[to]++
			}
		}
	}
	for i := 0; i < n; i++ {
		if c := seen[fmt.Sprintf("%s-%d@example.com", tag, i)]; c != 1 {
			t.Errorf("message %d received %d times, want once", i, c)
		}
	}
}

func TestExpiredLeaseIsReclaimed(t *testing.T) {
	store := fresh(t)
	srv := mailtest.Start(t, mailtest.Options{})
	to := addr("ls")
	id := enqueue(t, store, mail.Message{To: to, Subject: "Lease", Body: "b"})
	clk := newClock()
	// A worker claims the message and dies before recording the outcome.
	ctx := context.Background()
	if _, err := store.Q(ctx).ExecContext(ctx, `UPDATE mail_outbox SET status = ?, claim = ?, next_attempt = ? WHERE id = ?`,
		mail.StatusSending, "deadworker", clk.Now().Add(5*time.Minute).UnixMilli(), id); err != nil {
		t.Fatal(err)
	}
	w := &mail.Worker{Logger: quiet, DB: store, Sender: &mail.SMTPSender{Config: srv.Config()}, Now: clk.Now}
	drain(t, w)
	if len(srv.To(to)) != 0 {
		t.Fatal("a message under another worker's lease was sent")
	}
	clk.Add(5 * time.Minute)
	drain(t, w)
	if len(srv.To(to)) != 1 {
		t.Fatal("a message whose lease ended was not sent")
	}
}

func TestEnqueueRefusesBadInput(t *testing.T) {
	store := fresh(t)
	for _, m := range []mail.Message{
		{To: "not an address", Subject: "s", Body: "b"},
		{To: "a@example.com\r\nBcc: x@example.com", Subject: "s", Body: "b"},
		{To: "a@example.com", Subject: " ", Body: "b"},
	} {
		if _, err := mail.Enqueue(context.Background(), store, m); err == nil {
			t.Errorf("Enqueue(%+v) accepted", m)
		}
	}
	// A subject's line breaks cannot inject headers.
	id, err := mail.Enqueue(context.Background(), store, mail.Message{To: addr("hd"), Subject: "Hi\r\nBcc: evil@example.com", Body: "b"})
	if err != nil {
		t.Fatal(err)
	}
	if row, _ := mail.Get(context.Background(), store, id); row.Subject != "Hi Bcc: evil@example.com" {
		t.Fatalf("subject stored as %q", row.Subject)
	}
}

func TestDelayDoublesUpToCap(t *testing.T) {
	w := &mail.Worker{Backoff: 30 * time.Second, MaxBackoff: 5 * time.Minute}
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for i, d := range want {
		if got := w.Delay(i + 1); got != d {
			t.Errorf("Delay(%d) = %s, want %s", i+1, got, d)
		}
	}
}
