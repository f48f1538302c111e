// Package throttle counts failed attempts per key (an account, an address, a
// login name) in the database, so that limits hold across every instance
// sharing it, and bounds concurrent password hashing.
//
// An attempt is reserved before the password is checked: the counter is
// raised by one only while it is below the limit, in one atomic statement,
// so concurrent guesses cannot all pass a check made before any of them is
// counted. A reservation is given back (Release) when the attempt turns out
// not to be a failure, and a success can clear a key (Clear).
package throttle

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Policy is a limit of failures within a window that starts at the first one.
type Policy struct {
	Limit  int
	Window time.Duration
}

// LockedError reports that a key has reached its limit.
type LockedError struct {
	RetryAfter time.Duration
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("throttle: locked for %s", e.RetryAfter)
}

// Store keeps the counters in the login_attempts table.
type Store struct {
	DB *db.DB
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// PruneEvery is how often expired rows are deleted (a minute when 0).
	PruneEvery time.Duration

	lastPrune atomic.Int64
}

// Ticket is a reservation made by Reserve.
type Ticket struct {
	key         string
	windowStart int64
}

// Key builds a stored key from a scope ("acct", "ip", "login", ...) and a
// value. The value is hashed, so no address or login name is stored and the
// key has a fixed length and alphabet on every engine.
func Key(scope, value string) string {
	sum := sha256.Sum256([]byte(value))
	return scope + ":" + hex.EncodeToString(sum[:16])
}

func (s *Store) now() int64 {
	if s.Now != nil {
		return s.Now().UnixMilli()
	}
	return time.Now().UnixMilli()
}

// Reserve counts one attempt under key if the key is below p.Limit in its
// current window (a window that has ended starts again at one). It returns a
// *LockedError when the key is at its limit, or when concurrent attempts kept
// changing the key under it (logins of one account that succeed clear it):
// a short lock, never an unthrottled attempt.
func (s *Store) Reserve(ctx context.Context, key string, p Policy) (Ticket, error) {
	if p.Limit <= 0 || p.Window <= 0 {
		return Ticket{}, errors.New("throttle: policy needs a positive limit and window")
	}
	s.prune(ctx)
	for attempt := 0; attempt < 5; attempt++ {
		now := s.now()
		ws, ok, err := s.bump(ctx, key, now, p)
		if err != nil {
			return Ticket{}, err
		}
		if ok {
			return Ticket{key: key, windowStart: ws}, nil
		}
		// No row counted: the key is missing or at its limit.
		var exp int64
		var hits int
		err = s.DB.Q(ctx).QueryRowContext(ctx, `SELECT hits, expires_at FROM login_attempts WHERE throttle_key = ?`, key).Scan(&hits, &exp)
		switch {
		case db.IsNoRows(err):
			// A new key starts its window with this attempt; when a
			// concurrent attempt created it first, count again.
			created, err := s.insert(ctx, key, now, p)
			if err != nil {
				return Ticket{}, err
			}
			if created {
				return Ticket{key: key, windowStart: now}, nil
			}
			continue
		case err != nil:
			return Ticket{}, fmt.Errorf("throttle: read: %w", err)
		}
		if exp > now && hits >= p.Limit {
			// Clocks of concurrent callers differ by a little; never answer more than a window.
			return Ticket{}, &LockedError{RetryAfter: min(time.Duration(exp-now)*time.Millisecond, p.Window)}
		}
		// The row changed between the statements (a new window, a release); count again.
	}
	return Ticket{}, &LockedError{RetryAfter: min(time.Second, p.Window)}
}

// bump raises the counter of key atomically when it is below the limit, or
// starts a new window when the current one has ended.
func (s *Store) bump(ctx context.Context, key string, now int64, p Policy) (windowStart int64, ok bool, err error) {
	exp := now + p.Window.Milliseconds()
	err = s.DB.InTx(ctx, func(ctx context.Context) error {
		// MySQL assigns left to right with the new values, so expires_at,
		// which the other assignments read, is assigned last.
		res, err := s.DB.Q(ctx).ExecContext(ctx, `UPDATE login_attempts SET
			hits = CASE WHEN expires_at <= ? THEN 1 ELSE hits + 1 END,
			window_start = CASE WHEN expires_at <= ? THEN ? ELSE window_start END,
			expires_at = CASE WHEN expires_at <= ? THEN ? ELSE expires_at END
			WHERE throttle_key = ? AND (expires_at <= ? OR hits < ?)`,
			now, now, now, now, exp, key, now, p.Limit)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n == 0 {
			return err
		}
		ok = true
		return s.DB.Q(ctx).QueryRowContext(ctx, `SELECT window_start FROM login_attempts WHERE throttle_key = ?`, key).Scan(&windowStart)
	})
	if err != nil {
		return 0, false, fmt.Errorf("throttle: reserve: %w", err)
	}
	return windowStart, ok, nil
}

// insert creates key's counter with this attempt counted; created is false
// when the key already exists.
func (s *Store) insert(ctx context.Context, key string, now int64, p Policy) (created bool, err error) {
	err = s.DB.InTx(ctx, func(ctx context.Context) error {
		_, err := s.DB.Q(ctx).ExecContext(ctx, `INSERT INTO login_attempts (throttle_key, window_start, hits, expires_at) VALUES (?, ?, 1, ?)`,
			key, now, now+p.Window.Milliseconds())
		return err
	})
	switch {
	case err == nil:
		return true, nil
	case s.DB.Dialect.IsUniqueViolation(err):
		return false, nil
	}
	return false, fmt.Errorf("throttle: insert: %w", err)
}

// Release gives a reservation back: the attempt did not fail. A counter that
// has since started a new window is left alone.
func (s *Store) Release(ctx context.Context, t Ticket) error {
	if t.key == "" {
		return nil
	}
	return s.DB.InTx(ctx, func(ctx context.Context) error {
		_, err := s.DB.Q(ctx).ExecContext(ctx, `UPDATE login_attempts SET hits = hits - 1 WHERE throttle_key = ? AND window_start = ? AND hits > 0`,
			t.key, t.windowStart)
		return err
	})
}

// Clear forgets every counted failure of key. The row stays, as an ended
// window (Prune deletes it later): a concurrent Reserve then counts in it
// instead of meeting a missing key, and on MySQL/MariaDB deleting the row
// while another login inserted it again deadlocked.
func (s *Store) Clear(ctx context.Context, key string) error {
	return s.DB.InTx(ctx, func(ctx context.Context) error {
		_, err := s.DB.Q(ctx).ExecContext(ctx, `UPDATE login_attempts SET hits = 0, window_start = 0, expires_at = 0 WHERE throttle_key = ? AND expires_at <> 0`, key)
		return err
	})
}

// Prune deletes the rows whose window has ended; live counters (and so every
// lock still in force) are kept, so the table holds at most the keys that
// failed within the longest window.
func (s *Store) Prune(ctx context.Context) error {
	now := s.now()
	s.lastPrune.Store(now)
	return s.DB.InTx(ctx, func(ctx context.Context) error {
		_, err := s.DB.Q(ctx).ExecContext(ctx, `DELETE FROM login_attempts WHERE expires_at < ?`, now)
		return err
	})
}

// prune runs Prune at most once per PruneEvery from this process; failures
// are left for the next run.
func (s *Store) prune(ctx context.Context) {
	every := s.PruneEvery
	if every <= 0 {
		every = time.Minute
	}
	now := s.now()
	last := s.lastPrune.Load()
	if now-last < every.Milliseconds() || !s.lastPrune.CompareAndSwap(last, now) {
		return
	}
	_ = s.Prune(ctx)
}
