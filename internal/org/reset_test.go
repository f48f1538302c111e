package org_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/mail"
	"github.com/crmhrm/crm/internal/platform/mail/mailtest"
	"github.com/crmhrm/crm/internal/testkit"
)

// deliver runs a mail worker against an SMTP server started for the test
// until the outbox has nothing due.
func deliver(t *testing.T, e *testkit.Env, srv *mailtest.Server) {
	t.Helper()
	w := &mail.Worker{DB: e.DB, Sender: &mail.SMTPSender{Config: srv.Config()}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
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

var codeRE = regexp.MustCompile(`(?m)^([A-Za-z0-9_-]{43})$`)

// resetCode returns the code of the only reset mail addr received.
func resetCode(t *testing.T, srv *mailtest.Server, addr string) string {
	t.Helper()
	var codes []string
	for _, m := range srv.To(addr) {
		if m.Subject == "Password reset" {
			if c := codeRE.FindStringSubmatch(m.Body); c != nil {
				codes = append(codes, c[1])
			}
		}
	}
	if len(codes) != 1 {
		t.Fatalf("%s received %d reset codes, want 1 (%d messages)", addr, len(codes), len(srv.To(addr)))
	}
	return codes[0]
}

func forgot(t *testing.T, e *testkit.Env, login any) *reply {
	t.Helper()
	r := rawCall(e.Server.Handler, "POST", api+"/auth/forgot-password", nil, freshIP(), map[string]any{"login": login})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}

func reset(t *testing.T, e *testkit.Env, token, password string) *reply {
	t.Helper()
	r := rawCall(e.Server.Handler, "POST", api+"/auth/reset-password", nil, freshIP(), map[string]any{"token": token, "password": password})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}

func fieldError(r *reply, field, contains string) bool {
	errs, _ := r.Body["errors"].([]any)
	for _, x := range errs {
		m, _ := x.(map[string]any)
		if m["field"] == field && strings.Contains(strings.ToLower(m["message"].(string)), contains) {
			return true
		}
	}
	return r.Status == 422 && strings.Contains(r.message(), field) && strings.Contains(strings.ToLower(r.message()), contains)
}

func TestPasswordResetByMail(t *testing.T) {
	e := testkit.New(t)
	srv := mailtest.Start(t, mailtest.Options{})
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	addr := m.Username + "@example.com"

	r := forgot(t, e, strings.ToUpper(m.Username))
	if r.Status != 200 || r.Body["success"] != true {
		t.Fatalf("forgot-password: %d %s", r.Status, r.Raw)
	}
	deliver(t, e, srv)
	code := resetCode(t, srv, addr)

	// Stored hashed: the code itself is nowhere in the table.
	ctx := context.Background()
	sum := sha256.Sum256([]byte(code))
	var n int
	if err := e.DB.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM password_resets WHERE token_hash = ?`, code).Scan(&n); err != nil || n != 0 {
		t.Fatalf("the plain code is stored (%d rows, %v)", n, err)
	}
	if err := e.DB.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM password_resets WHERE token_hash = ?`, hex.EncodeToString(sum[:])).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the code's hash is not stored (%d rows, %v)", n, err)
	}

	// A password the policy refuses: 422 naming password, the code still works.
	if r := reset(t, e, code, "password1"); r.Status != 422 || !fieldError(r, "password", "common") {
		t.Fatalf("weak password: %d %s", r.Status, r.Raw)
	}
	e.Must(200, "GET", api+"/auth/me", m.Token, nil)

	const next = "Velvet-Harbor-Signal-73"
	if r := reset(t, e, code, next); r.Status != 200 || r.Body["success"] != true {
		t.Fatalf("reset-password: %d %s", r.Status, r.Raw)
	}
	// Older sessions ended; the new password logs in, the old one does not.
	if r := e.Do("GET", api+"/auth/me", m.Token, nil); r.Status != 401 {
		t.Fatalf("a token from before the reset answers %d", r.Status)
	}
	if r := login(t, e, map[string]any{"login": m.Username, "password": testkit.Password}); r.Status != 401 {
		t.Fatalf("the old password still logs in: %d", r.Status)
	}
	tok := e.Login(m.Username, next)
	e.Must(200, "GET", api+"/auth/me", tok, nil)

	// Single use.
	if r := reset(t, e, code, "Another-Fresh-Passphrase-9"); r.Status != 422 || !fieldError(r, "token", "already been used") {
		t.Fatalf("code used twice: %d %s", r.Status, r.Raw)
	}
	e.Must(200, "GET", api+"/auth/me", tok, nil) // the refused reuse ended nothing

	// The account is told by mail.
	deliver(t, e, srv)
	var notice bool
	for _, msg := range srv.To(addr) {
		notice = notice || msg.Subject == "Your password was changed"
	}
	if !notice {
		t.Fatal("no password change notice was mailed")
	}
}

func TestForgotPasswordAnswersAlikeForUnknownLogins(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	ctx := context.Background()
	count := func() int {
		var n int
		if err := e.DB.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_outbox`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()
	known := forgot(t, e, m.Username+"@example.com")
	if count() != before+1 {
		t.Fatal("a known login enqueued no mail")
	}
	unknown := forgot(t, e, "nobody"+testkit.Unique()+"@example.com")
	if count() != before+1 {
		t.Fatal("an unknown login enqueued mail")
	}
	if known.Status != 200 || unknown.Status != known.Status || string(unknown.Raw) != string(known.Raw) {
		t.Fatalf("answers differ: known %d %s, unknown %d %s", known.Status, known.Raw, unknown.Status, unknown.Raw)
	}
	for _, bad := range []any{nil, "", "   ", 42} {
		if r := forgot(t, e, bad); r.Status != 422 || !fieldError(r, "login", "required") {
			t.Fatalf("login %v: %d %s", bad, r.Status, r.Raw)
		}
	}
}

func TestResetCodeExpiredOrUnknown(t *testing.T) {
	e := testkit.New(t)
	srv := mailtest.Start(t, mailtest.Options{})
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	forgot(t, e, m.Username)
	deliver(t, e, srv)
	code := resetCode(t, srv, m.Username+"@example.com")
	// Fifteen minutes pass.
	sum := sha256.Sum256([]byte(code))
	ctx := context.Background()
	if _, err := e.DB.Q(ctx).ExecContext(ctx, `UPDATE password_resets SET expires_at = ? WHERE token_hash = ?`,
		time.Now().Add(-time.Second).UnixMilli(), hex.EncodeToString(sum[:])); err != nil {
		t.Fatal(err)
	}
	if r := reset(t, e, code, "Velvet-Harbor-Signal-73"); r.Status != 422 || !fieldError(r, "token", "expired") {
		t.Fatalf("expired code: %d %s", r.Status, r.Raw)
	}
	e.Must(200, "GET", api+"/auth/me", m.Token, nil) // nothing changed
	e.Login(m.Username, testkit.Password)

	if r := reset(t, e, strings.Repeat("A", 43), "Velvet-Harbor-Signal-73"); r.Status != 422 || !fieldError(r, "token", "not a valid") {
		t.Fatalf("unknown code: %d %s", r.Status, r.Raw)
	}
	r := rawCall(e.Server.Handler, "POST", api+"/auth/reset-password", nil, freshIP(), map[string]any{})
	if r.Status != 422 || !fieldError(r, "token", "required") || !fieldError(r, "password", "required") {
		t.Fatalf("empty body: %d %s", r.Status, r.Raw)
	}
}

func TestForgotPasswordIsRateLimited(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	unknown := "ghost" + testkit.Unique()
	for _, login := range []string{m.Username, unknown} {
		for i := 0; i < 5; i++ {
			if r := forgot(t, e, login); r.Status != 200 {
				t.Fatalf("%s request %d: %d %s", login, i+1, r.Status, r.Raw)
			}
		}
		r := forgot(t, e, login)
		if r.Status != 429 || r.Header.Get("Retry-After") == "" || r.Body["success"] != false {
			t.Fatalf("%s: sixth request answered %d %s", login, r.Status, r.Raw)
		}
	}
	// The account's e-mail is the same account: also limited.
	if r := forgot(t, e, m.Username+"@example.com"); r.Status != 429 {
		t.Fatalf("the e-mail of a limited account answered %d", r.Status)
	}
}

// TestResetCodeWorksOnceUnderConcurrency: of several requests spending one
// code at once, exactly one sets the password.
func TestResetCodeWorksOnceUnderConcurrency(t *testing.T) {
	e := testkit.New(t)
	srv := mailtest.Start(t, mailtest.Options{})
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	forgot(t, e, m.Username)
	deliver(t, e, srv)
	code := resetCode(t, srv, m.Username+"@example.com")
	const n = 4
	results := make(chan *reply, n)
	for i := 0; i < n; i++ {
		go func() {
			results <- rawCall(e.Server.Handler, "POST", api+"/auth/reset-password", nil, freshIP(),
				map[string]any{"token": code, "password": "Velvet-Harbor-Signal-7" + string(rune('0'+i))})
		}()
	}
	ok, used := 0, 0
	for i := 0; i < n; i++ {
		r := <-results
		switch {
		case r.Status == 200:
			ok++
		case r.Status == 422 && fieldError(r, "token", "already been used"):
			used++
		default:
			t.Errorf("unexpected answer %d %s", r.Status, r.Raw)
		}
	}
	if ok != 1 || used != n-1 {
		t.Fatalf("%d resets succeeded and %d were refused as used, want 1 and %d", ok, used, n-1)
	}
}
