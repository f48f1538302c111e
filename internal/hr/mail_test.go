package hr_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/mail"
	"github.com/crmhrm/crm/internal/platform/mail/mailtest"
	"github.com/crmhrm/crm/internal/testkit"
)

// TestLeaveDecisionIsMailed: approving or rejecting a leave request mails
// the employee (read from an SMTP server run by the test); a pending
// request mails nobody.
func TestLeaveDecisionIsMailed(t *testing.T) {
	e := testkit.Warm(t)
	srv := mailtest.Start(t, mailtest.Options{})
	co := e.NewCompany()
	staff := e.NewMember(co, hrm("leaves"))
	boss := e.NewMember(co, hrm("leaves", "leave_approval"))
	addr := staff.Username + "@example.com"
	deliver := func() {
		w := &mail.Worker{DB: e.DB, Sender: &mail.SMTPSender{Config: srv.Config()}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		for i := 0; i < 100; i++ {
			if n, err := w.RunOnce(context.Background()); err != nil {
				t.Fatal(err)
			} else if n == 0 {
				return
			}
		}
	}
	first := e.Must(201, "POST", api+"/leaves", staff.Token, leaveBody(staff.ID, "2025-10-06", "2025-10-07")).ID()
	second := e.Must(201, "POST", api+"/leaves", staff.Token, leaveBody(staff.ID, "2025-11-03", "2025-11-03")).ID()
	deliver()
	if n := len(srv.To(addr)); n != 0 {
		t.Fatalf("filing leave mailed the employee %d times", n)
	}
	e.Must(200, "PUT", api+"/leaves/"+first, boss.Token, map[string]any{"status": "approved", "remarks": "Enjoy the trip"})
	e.Must(200, "PUT", api+"/leaves/"+second, boss.Token, map[string]any{"status": "rejected"})
	deliver()
	got := srv.To(addr)
	if len(got) != 2 {
		t.Fatalf("the employee received %d mails, want 2", len(got))
	}
	subjects := map[string]string{}
	for _, m := range got {
		subjects[m.Subject] = m.Body
	}
	if b, ok := subjects["Leave approved"]; !ok || !strings.Contains(b, boss.Username+" approved your") || !strings.Contains(b, "2025-10-06 to 2025-10-07") || !strings.Contains(b, "Enjoy the trip") {
		t.Fatalf("approval mail: %v", subjects)
	}
	if _, ok := subjects["Leave rejected"]; !ok {
		t.Fatalf("rejection mail missing: %v", subjects)
	}
	if n := len(srv.To(boss.Username + "@example.com")); n != 0 {
		t.Fatalf("the approver received %d mails", n)
	}
}
