package app_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/mail/mailtest"
	"github.com/crmhrm/crm/internal/testkit"
)

// TestServerMailsThroughConfiguredSMTP: a server built with SMTP settings
// delivers a password reset mail, with the configured link, through its
// running mail worker to the SMTP server.
func TestServerMailsThroughConfiguredSMTP(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	srv := mailtest.Start(t, mailtest.Options{StartTLS: true, User: "relay", Password: "relay-secret"})
	s, err := app.New(testkit.DB(t), app.Options{JWTSecret: testkit.Secret, BcryptCost: bcrypt.MinCost, Logger: quiet(),
		Mail: srv.Config(), PasswordResetURL: "https://crm.example.com/reset-password"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Mail.Run(ctx)

	req, err := testkit.NewRequest("POST", "/api/v1/auth/forgot-password", map[string]any{"login": m.Username})
	if err != nil {
		t.Fatal(err)
	}
	req.RemoteAddr = "10.77.0.1:4000"
	rec := httptest.NewRecorder()
	s.Handler.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("forgot-password: %d %s", rec.Code, rec.Body.Bytes())
	}
	addr := m.Username + "@example.com"
	deadline := time.Now().Add(30 * time.Second)
	for len(srv.To(addr)) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	got := srv.To(addr)
	if len(got) != 1 {
		t.Fatalf("the SMTP server received %d mails for %s", len(got), addr)
	}
	if got[0].Subject != "Password reset" || !strings.Contains(got[0].Body, "https://crm.example.com/reset-password?token=") {
		t.Fatalf("reset mail %q: %s", got[0].Subject, got[0].Body)
	}
}
