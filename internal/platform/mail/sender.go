package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Envelope is a message handed to a transport.
type Envelope struct {
	ID      string // the outbox row id, also the Message-ID's local part
	To      string
	Subject string
	Body    string
}

// Sender delivers one message. An error leaves the message in the outbox for
// a later attempt.
type Sender interface {
	Send(ctx context.Context, e Envelope) error
	// Transport names the transport in the outbox row ("smtp", "log").
	Transport() string
}

// TLS modes of an SMTP connection.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, which the server must offer
	TLSImplicit = "tls"      // TLS from the first byte (usually port 465)
	TLSNone     = "none"     // no encryption (a relay on the same host or network)
)

// Config configures SMTP delivery (SMTP_HOST, SMTP_PORT, SMTP_USER,
// SMTP_PASSWORD, MAIL_FROM, SMTP_TLS).
type Config struct {
	Host     string
	Port     int
	User     string
	Password string
	From     string
	TLS      string // TLSStartTLS, TLSImplicit or TLSNone
	// TLSConfig overrides the TLS settings (tests trust their own CA with
	// it); nil: the system roots, verifying Host.
	TLSConfig *tls.Config
	// Timeout bounds one delivery, connection included (30 s when zero).
	Timeout time.Duration
}

// Enabled reports whether SMTP is configured.
func (c Config) Enabled() bool { return c.Host != "" }

// SMTPSender delivers through an SMTP server with go-mail.
type SMTPSender struct {
	Config Config
}

// Transport implements Sender.
func (s *SMTPSender) Transport() string { return "smtp" }

// Send implements Sender: one connection per message.
func (s *SMTPSender) Send(ctx context.Context, e Envelope) error {
	c := s.Config
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []gomail.Option{gomail.WithPort(c.Port), gomail.WithTimeout(timeout)}
	tc := c.TLSConfig
	if tc == nil {
		tc = &tls.Config{ServerName: c.Host, MinVersion: tls.VersionTLS12}
	}
	switch c.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSConfig(tc))
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory), gomail.WithTLSConfig(tc))
	}
	if c.User != "" {
		// The strongest mechanism the server offers; go-mail uses PLAIN and
		// LOGIN only over an encrypted connection.
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(c.User), gomail.WithPassword(c.Password))
	}
	client, err := gomail.NewClient(c.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	m := gomail.NewMsg()
	if err := m.From(c.From); err != nil {
		return fmt.Errorf("smtp: MAIL_FROM: %w", err)
	}
	if err := m.To(e.To); err != nil {
		return fmt.Errorf("smtp: recipient: %w", err)
	}
	m.Subject(e.Subject)
	m.SetDate()
	domain := "crm.local"
	if i := strings.LastIndexByte(c.From, '@'); i >= 0 {
		domain = strings.Trim(c.From[i+1:], "> ")
	}
	m.SetMessageIDWithValue(e.ID + "@" + domain)
	m.SetBodyString(gomail.TypeTextPlain, e.Body)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := client.DialAndSendWithContext(ctx, m); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	return nil
}

// LogSender writes each message to the log instead of sending it: the
// default when SMTP is not configured, so that development needs no server
// (a password reset code can be read in the log).
type LogSender struct {
	Logger *slog.Logger
}

// Transport implements Sender.
func (s *LogSender) Transport() string { return "log" }

// Send implements Sender.
func (s *LogSender) Send(ctx context.Context, e Envelope) error {
	l := s.Logger
	if l == nil {
		l = slog.Default()
	}
	l.InfoContext(ctx, "mail (SMTP not configured)", "mail_id", e.ID, "to", e.To, "subject", e.Subject, "body", e.Body)
	return nil
}
