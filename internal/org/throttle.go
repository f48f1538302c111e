package org

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/throttle"
)

// Limits configure the password-guessing throttle. Zero values take the
// defaults: 10 failures per account and 50 per client address within 15
// minutes, max(1, NumCPU-1) bcrypt checks at once, each waiting at most 10 s
// for a slot.
type Limits struct {
	AccountFailures int           // failed password checks per account (or unknown login name) per window
	AddressFailures int           // failed logins per client address per window
	Window          time.Duration // how long a window lasts, from its first failure
	BcryptSlots     int           // concurrent bcrypt checks
	BcryptWait      time.Duration // longest wait for a bcrypt slot before a 503
}

// limiter throttles password guessing. Every attempt is reserved in the
// database (see internal/platform/throttle) before bcrypt runs, so
// concurrent guesses and other instances sharing the database count against
// the same limits.
type limiter struct {
	store      *throttle.Store
	gate       *throttle.Gate
	account    throttle.Policy
	address    throttle.Policy
	superAdmin throttle.Policy // wrong secret keys per address
}

func newLimiter(store *db.DB, l Limits) *limiter {
	if l.AccountFailures <= 0 {
		l.AccountFailures = 10
	}
	if l.AddressFailures <= 0 {
		l.AddressFailures = 50
	}
	if l.Window <= 0 {
		l.Window = 15 * time.Minute
	}
	return &limiter{
		store:      &throttle.Store{DB: store},
		gate:       throttle.NewGate(l.BcryptSlots, l.BcryptWait),
		account:    throttle.Policy{Limit: l.AccountFailures, Window: l.Window},
		address:    throttle.Policy{Limit: l.AddressFailures, Window: l.Window},
		superAdmin: throttle.Policy{Limit: 10, Window: l.Window},
	}
}

// Keys of the counters.
func accountKey(id string) string { return throttle.Key("acct", id) }
func addressKey(ip string) string { return throttle.Key("ip", ip) }
func signupKey(ip string) string  { return throttle.Key("super-admin", ip) }

// unknownLoginKey counts guesses at a login name that matches no account,
// normalised as lookups are, so that they are throttled like real accounts.
func unknownLoginKey(login string) string {
	return throttle.Key("login", strings.ToLower(strings.TrimSpace(login)))
}

type reservation struct {
	key  string
	pol  throttle.Policy
	tick throttle.Ticket
}

// reserve counts one attempt under every key, all or none: when one key is
// at its limit, the reservations already made are given back and the
// *throttle.LockedError is returned.
func (l *limiter) reserve(ctx context.Context, want ...reservation) ([]reservation, error) {
	done := make([]reservation, 0, len(want))
	for _, r := range want {
		t, err := l.store.Reserve(ctx, r.key, r.pol)
		if err != nil {
			l.release(ctx, done...)
			return nil, err
		}
		r.tick = t
		done = append(done, r)
	}
	return done, nil
}

// release gives reservations back (the attempts did not fail). It runs even
// when the request has been cancelled.
func (l *limiter) release(ctx context.Context, rs ...reservation) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	for _, r := range rs {
		if err := l.store.Release(ctx, r.tick); err != nil {
			slog.ErrorContext(ctx, "throttle: release", "err", err)
		}
	}
}

// clear forgets an account's failures after a successful password check.
func (l *limiter) clear(ctx context.Context, key string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := l.store.Clear(ctx, key); err != nil {
		slog.ErrorContext(ctx, "throttle: clear", "err", err)
	}
}

// writeThrottled answers a refused reservation (429) or a saturated bcrypt
// gate (503), both with Retry-After, and any other error as usual.
func writeThrottled(w http.ResponseWriter, r *http.Request, err error, msg string) {
	var locked *throttle.LockedError
	switch {
	case errors.As(err, &locked):
		secs := max(1, int64((locked.RetryAfter+time.Second-1)/time.Second))
		w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
		httpapi.WriteError(w, r, &httpapi.Error{Status: http.StatusTooManyRequests, Message: msg})
	case errors.Is(err, throttle.ErrBusy):
		w.Header().Set("Retry-After", "1")
		httpapi.WriteError(w, r, &httpapi.Error{Status: http.StatusServiceUnavailable, Message: "Too many logins in progress; try again shortly"})
	default:
		httpapi.WriteError(w, r, err)
	}
}
