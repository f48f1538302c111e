package org

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// accountDoc states the rules of account resources for the API docs.
const accountDoc = "A password must have at least 8 characters (12 for a super-admin), at most 72 bytes of UTF-8, " +
	"must not be a common password nor contain the username or the e-mail's name; spaces and any printable Unicode are allowed (422 naming the rule). " +
	"Usernames and e-mails are unique across the platform: one held in the caller's company answers 409 naming the field; " +
	"one held anywhere else answers 409 \"This username is not available\" (or email), at most 20 times an hour per caller, then 429 with Retry-After."

// checkAccount is the Validate hook of every account resource. It applies the
// password policy to a password in the body (with the account's username,
// e-mail and kind), then answers a username or e-mail held outside the
// caller's company without confirming that the account exists.
func checkAccount(ctx context.Context, c *crud.Call, row, old *Principal) error {
	if c.Present("password") {
		if err := strongPassword(row.Password, row.Kind, row.Username, row.Email); err != nil {
			return httpapi.Invalid("password", `"password" `+err.Error())
		}
	}
	return checkNames(ctx, c, row, old)
}

// Usernames and e-mails are unique across the platform, so that login by
// either is unambiguous. A company member who proposes one held by an
// account of its own company gets the engine's usual 409 naming the field (it
// can list those accounts anyway); one held by anyone else (another company,
// a super-admin) gets a neutral 409 that does not say where. Those neutral
// answers are limited per caller (nameProbeLimit an hour); past the limit,
// every proposal of a new name answers 429 until the oldest answer is an hour
// old, whatever the name. Super-admins see every account and are not limited.
const (
	nameProbeLimit  = 20
	nameProbeWindow = time.Hour
)

var nameProbes = &probeCounter{max: nameProbeLimit, window: nameProbeWindow, keys: 10000}

func checkNames(ctx context.Context, c *crud.Call, row, old *Principal) error {
	if c.P == nil || c.P.IsSuperAdmin() {
		return nil
	}
	type probe struct{ field, column, value string }
	var probes []probe
	if row.Username != "" && (old == nil || !strings.EqualFold(old.Username, row.Username)) {
		probes = append(probes, probe{"username", "username", row.Username})
	}
	if row.Email != "" && (old == nil || !strings.EqualFold(old.Email, row.Email)) {
		probes = append(probes, probe{"email", "email", row.Email})
	}
	if len(probes) == 0 {
		return nil
	}
	if wait := nameProbes.wait(c.P.ID); wait > 0 {
		return &httpapi.Error{Status: http.StatusTooManyRequests, RetryAfter: int(math.Ceil(wait.Seconds())),
			Message: "Too many unavailable usernames or e-mails proposed; try again later"}
	}
	for _, p := range probes {
		var company string
		err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT company_id FROM principals WHERE LOWER(`+p.column+`) = LOWER(?) AND id <> ?`,
			p.value, row.ID).Scan(&company)
		if db.IsNoRows(err) {
			continue
		}
		if err != nil {
			return fmt.Errorf("org: name check: %w", err)
		}
		if company != "" && company == c.P.CompanyID {
			return nil // the engine's uniqueness check answers, as for any resource
		}
		nameProbes.add(c.P.ID)
		msg := "This " + p.field + " is not available"
		return &httpapi.Error{Status: http.StatusConflict, Message: msg,
			Fields: []httpapi.FieldError{{Field: p.field, Message: msg}}}
	}
	return nil
}

// probeCounter counts events per key over a sliding window, in memory (per
// instance). It holds at most keys keys: when full it forgets expired ones,
// and if none expired the key idle longest, so busy keys keep their count.
type probeCounter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	keys   int
	hits   map[string][]time.Time
}

// wait returns how long key must wait before its next event, or 0.
func (p *probeCounter) wait(key string) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	recent := p.recent(key, time.Now())
	if len(recent) < p.max {
		return 0
	}
	return time.Until(recent[len(recent)-p.max].Add(p.window))
}

func (p *probeCounter) add(key string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if p.hits == nil {
		p.hits = map[string][]time.Time{}
	}
	if _, ok := p.hits[key]; !ok && len(p.hits) >= p.keys {
		for k := range p.hits {
			if len(p.recent(k, now)) == 0 {
				delete(p.hits, k)
			}
		}
		if len(p.hits) >= p.keys {
			// Still full: forget the key idle longest, never the busy ones.
			var oldest string
			var at time.Time
			for k, ts := range p.hits {
				if last := ts[len(ts)-1]; oldest == "" || last.Before(at) {
					oldest, at = k, last
				}
			}
			delete(p.hits, oldest)
		}
	}
	p.hits[key] = append(p.recent(key, now), now)
}

// recent returns key's events inside the window, oldest first (at most max).
func (p *probeCounter) recent(key string, now time.Time) []time.Time {
	var out []time.Time
	for _, t := range p.hits[key] {
		if now.Sub(t) < p.window {
			out = append(out, t)
		}
	}
	if len(out) > p.max {
		out = out[len(out)-p.max:]
	}
	return out
}
