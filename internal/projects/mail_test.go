package projects_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/mail"
	"github.com/crmhrm/crm/internal/platform/mail/mailtest"
	"github.com/crmhrm/crm/internal/projects"
	"github.com/crmhrm/crm/internal/testkit"
)

// TestTaskReminderIsMailed: a task whose reminder date is today mails the
// "Task Reminder" to each assignee (read from an SMTP server run by the
// test); assignment alone, or a reminder on another day, mails nothing.
func TestTaskReminderIsMailed(t *testing.T) {
	e := testkit.Warm(t)
	srv := mailtest.Start(t, mailtest.Options{})
	old := projects.Now
	projects.Now = func() time.Time { return time.Date(2025, 3, 11, 9, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { projects.Now = old })
	co := e.NewCompany()
	emp, _ := newStaff(e, co)
	me := e.Must(200, "GET", api+"/employees/"+emp, co.Token, nil).Data()
	addr, _ := me["email"].(string)
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
	project := newProject(e, co, "1")
	later := taskBody(emp)
	later["startDate"], later["reminder_date"], later["dueDate"] = "2025-03-01", "2025-03-12", "2025-03-14"
	e.Must(201, "POST", api+"/tasks/"+project, co.Token, later)
	deliver()
	if n := len(srv.To(addr)); n != 0 {
		t.Fatalf("a reminder for tomorrow mailed %d times", n)
	}
	today := taskBody(emp)
	today["taskName"] = "Ship the crates"
	today["startDate"], today["reminder_date"], today["dueDate"] = "2025-03-01", "2025-03-11", "2025-03-14"
	e.Must(201, "POST", api+"/tasks/"+project, co.Token, today)
	deliver()
	got := srv.To(addr)
	if len(got) != 1 || got[0].Subject != "Task Reminder" || !strings.Contains(got[0].Body, "Task due: 3 days. Don't forget: Ship the crates") {
		t.Fatalf("assignee received %d mails: %+v", len(got), got)
	}
}
