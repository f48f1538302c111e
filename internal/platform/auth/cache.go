package auth

import (
	"sync"
	"sync/atomic"
	"time"
)

// DefaultCacheTTL is how long a loaded principal is reused (AUTH_CACHE_TTL).
const DefaultCacheTTL = 2 * time.Second

// maxSessions bounds the cache; when it is full it starts again empty.
const maxSessions = 10000

// sessionCache remembers, per bearer token, its verified claims (until the
// token expires: the signature does not change) and the principal loaded for
// it, with its role's permissions (for at most ttl).
//
// On this instance a change is seen at once: every committed write to the
// accounts, roles, permissions or role_permissions tables (password changes,
// role and permission edits, account and company deletion all are such
// writes) increments epoch before the write is acknowledged, and a principal
// loaded under an earlier epoch is never used again. A principal loaded while
// such a write commits carries the epoch read before its load, so it is
// dropped too. Another instance sharing the database does not see those
// writes: there the principal it holds is used for at most ttl after its
// load, which bounds how long a revoked session or a narrowed role keeps
// working there.
type sessionCache struct {
	ttl   time.Duration
	epoch atomic.Uint64

	mu sync.RWMutex
	m  map[string]*session
}

type session struct {
	claims *Claims
	exp    time.Time

	// p is the principal loaded for the token at loaded under epoch, or nil.
	p atomic.Pointer[loaded]
}

type loaded struct {
	p     *Principal
	epoch uint64
	at    time.Time
}

func (c *sessionCache) lookup(tok string) *session {
	c.mu.RLock()
	s := c.m[tok]
	c.mu.RUnlock()
	if s != nil && time.Now().Before(s.exp) {
		return s
	}
	return nil
}

func (c *sessionCache) store(tok string, claims *Claims) *session {
	s := &session{claims: claims, exp: claims.ExpiresAt.Time}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxSessions {
		c.m = make(map[string]*session)
	}
	c.m[tok] = s
	c.mu.Unlock()
	return s
}

// principal returns the principal cached for s when it is still valid.
func (c *sessionCache) principal(s *session) *Principal {
	l := s.p.Load()
	if l == nil || l.epoch != c.epoch.Load() || time.Since(l.at) >= c.ttl {
		return nil
	}
	cp := *l.p // callers get their own copy; Perms is only read
	return &cp
}

// invalidate drops every principal loaded so far.
func (c *sessionCache) invalidate() { c.epoch.Add(1) }
