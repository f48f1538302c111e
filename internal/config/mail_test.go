package config_test

import (
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/config"
)

var mailVars = []string{"SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_TLS", "MAIL_FROM", "PASSWORD_RESET_URL"}

func mailEnv(t *testing.T, kv ...string) {
	t.Helper()
	for _, k := range mailVars {
		t.Setenv(k, "")
	}
	env(t, kv...)
}

func TestMailSettings(t *testing.T) {
	mailEnv(t)
	c := load(t)
	if c.SMTPHost != "" || c.SMTPTLS != "starttls" || c.SMTPPort != 587 || c.MailFrom != "CRM <noreply@localhost>" || c.PasswordResetURL != "" {
		t.Fatalf("defaults: host %q tls %q port %d from %q", c.SMTPHost, c.SMTPTLS, c.SMTPPort, c.MailFrom)
	}
	mailEnv(t, "SMTP_HOST", "smtp.example.com", "SMTP_TLS", "TLS", "SMTP_USER", "crm", "SMTP_PASSWORD", "pw",
		"MAIL_FROM", "Acme CRM <crm@example.com>", "PASSWORD_RESET_URL", "https://crm.example.com/reset")
	c = load(t)
	if c.SMTPHost != "smtp.example.com" || c.SMTPTLS != "tls" || c.SMTPPort != 465 || c.SMTPUser != "crm" || c.SMTPPassword != "pw" ||
		c.MailFrom != "Acme CRM <crm@example.com>" || c.PasswordResetURL != "https://crm.example.com/reset" {
		t.Fatalf("settings: %+v", c)
	}
	mailEnv(t, "SMTP_HOST", "relay", "SMTP_TLS", "none", "MAIL_FROM", "crm@example.com")
	if c = load(t); c.SMTPPort != 25 {
		t.Fatalf("port without TLS %d", c.SMTPPort)
	}
	for _, bad := range [][]string{
		{"SMTP_TLS", "ssl"},
		{"SMTP_PORT", "70000"},
		{"SMTP_PORT", "x"},
		{"SMTP_HOST", "smtp.example.com"}, // without MAIL_FROM
		{"MAIL_FROM", "not an address"},
		{"SMTP_USER", "crm"}, // without a password
		{"PASSWORD_RESET_URL", "javascript:alert(1)"},
	} {
		t.Run(bad[0]+"="+bad[1], func(t *testing.T) {
			mailEnv(t, bad...)
			_, err := config.Load()
			if err == nil {
				t.Fatalf("%v accepted", bad)
			}
			if name := bad[0]; name != "SMTP_HOST" && name != "SMTP_USER" && !strings.Contains(err.Error(), name) {
				t.Fatalf("%v: error %v does not name the variable", bad, err)
			}
		})
	}
}
