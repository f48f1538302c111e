// Package ratelimit holds token-bucket rate limits keyed by a string (a
// client address, a principal id) and the HTTP middleware that applies them.
//
// Memory stays bounded without forgetting busy keys: a bucket that has been
// idle long enough to refill completely is the same as a new one, so sweeps
// (periodic, and at once when the table grows past MaxKeys) drop exactly
// those buckets; only when the table is still over MaxKeys are the buckets
// idle the longest dropped, never the recently used ones.
package ratelimit

import (
	"math"
	"sort"
	"sync"
	"time"
)

// DefaultMaxKeys bounds a Limiter's table when MaxKeys is zero.
const DefaultMaxKeys = 100_000

// Limiter is a set of token buckets, one per key, each holding up to Burst
// tokens and refilled at Rate tokens per second. A request takes one token.
type Limiter struct {
	rate    float64
	burst   float64
	maxKeys int
	now     func() time.Time

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	last   time.Time // last refill, which is the last use
}

// New returns a limiter of rps tokens per second and burst tokens per key,
// holding at most maxKeys buckets (DefaultMaxKeys when 0). now may be nil
// (the wall clock).
func New(rps float64, burst, maxKeys int, now func() time.Time) *Limiter {
	if maxKeys <= 0 {
		maxKeys = DefaultMaxKeys
	}
	if now == nil {
		now = time.Now
	}
	if burst < 1 {
		burst = 1
	}
	return &Limiter{rate: rps, burst: float64(burst), maxKeys: maxKeys, now: now, buckets: map[string]*bucket{}}
}

// refill is how long an empty bucket takes to become full again; a bucket
// idle that long carries no state.
func (l *Limiter) refill() time.Duration {
	return time.Duration(l.burst / l.rate * float64(time.Second))
}

// Allow takes a token for key. When none is left it reports false and how
// long until one is.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) >= max(l.refill(), time.Minute) {
		l.sweep(now)
	}
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.maxKeys {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	} else if dt := now.Sub(b.last).Seconds(); dt > 0 {
		b.tokens = math.Min(l.burst, b.tokens+dt*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	return false, wait
}

// sweep drops the buckets that have refilled completely and, when the table
// is still at its limit, the buckets idle the longest, down to 90% of it.
func (l *Limiter) sweep(now time.Time) {
	l.lastSweep = now
	full := l.refill()
	for k, b := range l.buckets {
		if now.Sub(b.last) >= full {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) < l.maxKeys {
		return
	}
	type entry struct {
		key  string
		last time.Time
	}
	all := make([]entry, 0, len(l.buckets))
	for k, b := range l.buckets {
		all = append(all, entry{k, b.last})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].last.Before(all[j].last) })
	for _, e := range all[:len(all)-l.maxKeys*9/10] {
		delete(l.buckets, e.key)
	}
}

// Len is the number of buckets held.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
