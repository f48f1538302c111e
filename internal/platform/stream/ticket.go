package stream

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/throttle"
)

// A ticket is signed with a key derived from the JWT secret, so every
// instance can check it; its one use is recorded in the login_attempts table
// (a counter with limit 1), so every instance sharing the database refuses a
// second connection with it.
type ticket struct {
	Principal  string `json:"p"`
	Generation int64  `json:"g"`
	TokenExp   int64  `json:"t"` // the bearer token's expiry, Unix seconds (0: none)
	Expires    int64  `json:"x"` // Unix milliseconds
	Nonce      string `json:"n"`
}

func ticketKey(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("crm stream ticket v1"))
	return m.Sum(nil)
}

func (h *Hub) sign(t ticket) string {
	body, _ := json.Marshal(t)
	m := hmac.New(sha256.New, h.key)
	m.Write(body)
	enc := base64.RawURLEncoding
	return enc.EncodeToString(body) + "." + enc.EncodeToString(m.Sum(nil))
}

// issue makes a ticket for the caller of a bearer-authenticated request.
func (h *Hub) issue(p *auth.Principal, tokenExp time.Time) (string, error) {
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	t := ticket{Principal: p.ID, Generation: p.TokenGeneration, Expires: time.Now().Add(h.o.TicketTTL).UnixMilli(),
		Nonce: base64.RawURLEncoding.EncodeToString(nonce)}
	if !tokenExp.IsZero() {
		t.TokenExp = tokenExp.Unix()
	}
	return h.sign(t), nil
}

var errBadTicket = httpapi.Unauthorized("Invalid or expired stream ticket")

// redeem checks a ticket, spends it and loads its principal.
func (h *Hub) redeem(ctx context.Context, s string) (*auth.Principal, time.Time, error) {
	body64, sig64, ok := strings.Cut(s, ".")
	if !ok || strings.Contains(sig64, ".") {
		return nil, time.Time{}, errBadTicket
	}
	enc := base64.RawURLEncoding
	body, err1 := enc.DecodeString(body64)
	sig, err2 := enc.DecodeString(sig64)
	if err1 != nil || err2 != nil {
		return nil, time.Time{}, errBadTicket
	}
	m := hmac.New(sha256.New, h.key)
	m.Write(body)
	if !hmac.Equal(sig, m.Sum(nil)) {
		return nil, time.Time{}, errBadTicket
	}
	var t ticket
	if json.Unmarshal(body, &t) != nil || t.Nonce == "" || time.Now().UnixMilli() >= t.Expires {
		return nil, time.Time{}, errBadTicket
	}
	_, err := h.tickets.Reserve(ctx, throttle.Key("stream-ticket", t.Nonce), throttle.Policy{Limit: 1, Window: h.o.TicketTTL + time.Minute})
	var locked *throttle.LockedError
	if errors.As(err, &locked) {
		return nil, time.Time{}, httpapi.Unauthorized("Stream ticket already used")
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	p, err := h.current(ctx, t.Principal, t.Generation)
	if err != nil {
		return nil, time.Time{}, err
	}
	var exp time.Time
	if t.TokenExp > 0 {
		exp = time.Unix(t.TokenExp, 0)
	}
	return p, exp, nil
}

// current loads a principal and checks that its sessions have not ended
// since generation gen.
func (h *Hub) current(ctx context.Context, id string, gen int64) (*auth.Principal, error) {
	p, err := h.auth.Load(ctx, id)
	if err != nil {
		if db.IsNoRows(err) {
			return nil, httpapi.Unauthorized("User not found")
		}
		return nil, err
	}
	if p.TokenGeneration != gen {
		return nil, httpapi.Unauthorized("Token issued before the last password change; log in again")
	}
	return p, nil
}

// bearer authenticates r by its Authorization header and returns the
// token's expiry too.
func (h *Hub) bearer(r *http.Request) (*auth.Principal, time.Time, error) {
	p, err := h.auth.Authenticate(r)
	if err != nil {
		return nil, time.Time{}, err
	}
	tok, _ := auth.TokenFromHeader(r.Header.Get("Authorization"))
	c, err := h.auth.Verify(tok)
	if err != nil {
		return nil, time.Time{}, err
	}
	var exp time.Time
	if c.ExpiresAt != nil {
		exp = c.ExpiresAt.Time
	}
	return p, exp, nil
}
