package db

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// stmtCache keeps prepared statements of one pool by their SQL text, so that a
// statement the service sends again is not parsed and planned again. Only
// SQLite uses it: there, preparing (parsing) a short statement costs more than
// running it; pgx already keeps its own per-connection statement cache, and
// the MySQL driver interpolates arguments client-side (one round trip,
// nothing to prepare). database/sql prepares a cached statement once on each
// connection that runs it, and inside a transaction reuses the one prepared on
// the transaction's connection.
//
// The cache holds at most maxStmts statements; past that an arbitrary one is
// evicted, and closed once no caller is between taking it and running it
// (rows already open keep it alive until they close, as database/sql does).
type stmtCache struct {
	pool *sql.DB
	mu   sync.Mutex
	m    map[string]*cachedStmt
}

type cachedStmt struct {
	st      *sql.Stmt
	refs    int
	evicted bool
}

const maxStmts = 400

func newStmtCache(p *sql.DB) *stmtCache {
	return &stmtCache{pool: p, m: map[string]*cachedStmt{}}
}

// get returns the prepared statement of q, preparing it on first use, and a
// release function to call once the statement has been run; nil when q cannot
// be prepared (the caller then sends it as it is, and gets its error). With
// prepare false, a statement not yet in the cache is not prepared: inside a
// transaction, preparing on the pool would wait for a connection the
// transaction may hold (SQLite's writer has one); the transaction prepares
// the statements it missed once it ends (see warm).
func (c *stmtCache) get(ctx context.Context, q string, prepare bool) (*cachedStmt, func()) {
	if c == nil {
		return nil, nil
	}
	c.mu.Lock()
	e := c.m[q]
	if e != nil {
		e.refs++
		c.mu.Unlock()
		return e, func() { c.release(e) }
	}
	c.mu.Unlock()
	if !prepare {
		return nil, nil
	}
	st, err := c.pool.PrepareContext(context.WithoutCancel(ctx), q)
	if err != nil {
		return nil, nil
	}
	c.mu.Lock()
	if old := c.m[q]; old != nil { // prepared meanwhile by another caller
		old.refs++
		c.mu.Unlock()
		_ = st.Close()
		return old, func() { c.release(old) }
	}
	if len(c.m) >= maxStmts {
		for k, v := range c.m {
			delete(c.m, k)
			v.evicted = true
			if v.refs == 0 {
				_ = v.st.Close()
			}
			break
		}
	}
	e = &cachedStmt{st: st, refs: 1}
	c.m[q] = e
	c.mu.Unlock()
	return e, func() { c.release(e) }
}

// warming counts the warm calls under way (tests wait for them).
var warming sync.WaitGroup

// warmLater prepares qs in the background, once the transaction that ran
// them unprepared ended and the writer's connection is free again.
func (c *stmtCache) warmLater(qs []string) {
	warming.Go(func() { c.warm(qs) })
}

// warm prepares the statements qs, which a transaction ran unprepared.
func (c *stmtCache) warm(qs []string) {
	for _, q := range qs {
		if e, release := c.get(context.Background(), q, true); e != nil {
			release()
		}
	}
}

func (c *stmtCache) release(e *cachedStmt) {
	c.mu.Lock()
	e.refs--
	closeIt := e.evicted && e.refs == 0
	c.mu.Unlock()
	if closeIt {
		_ = e.st.Close()
	}
}

// len reports how many statements the cache holds (for tests).
func (c *stmtCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// writeWatch calls functions after a write to one of their tables is
// committed (see DB.OnWrite).
type writeWatch struct {
	mu      sync.RWMutex
	watches []watch
}

type watch struct {
	tables []string
	fn     func()
}

// OnWrite makes the database call fn after every committed statement that
// writes (INSERT, UPDATE, DELETE, REPLACE) and names one of tables: at once
// for a statement outside a transaction, after the commit for one inside.
// Caches of rows of those tables use it to drop what they hold before the
// write is acknowledged. The match is on the statement's text, so fn may also
// run for a statement that only mentions a table (a harmless extra call);
// writes made by other processes or by triggers and cascades of other tables
// are not seen.
func (d *DB) OnWrite(tables []string, fn func()) {
	d.watch.mu.Lock()
	defer d.watch.mu.Unlock()
	d.watch.watches = append(d.watch.watches, watch{tables: tables, fn: fn})
}

// matches returns the watches whose tables statement q writes, or nil.
func (w *writeWatch) matches(q string) []func() {
	if w == nil || !isWrite(q) {
		return nil
	}
	w.mu.RLock()
	defer w.mu.RUnlock()
	var out []func()
	for _, wt := range w.watches {
		for _, t := range wt.tables {
			if strings.Contains(q, t) {
				out = append(out, wt.fn)
				break
			}
		}
	}
	return out
}

// isWrite reports whether q begins with INSERT, UPDATE, DELETE or REPLACE.
func isWrite(q string) bool {
	q = strings.TrimLeft(q, " \t\r\n(")
	if len(q) < 6 {
		return false
	}
	switch q[0] | 0x20 {
	case 'i':
		return strings.EqualFold(q[:6], "insert")
	case 'u':
		return strings.EqualFold(q[:6], "update")
	case 'd':
		return strings.EqualFold(q[:6], "delete")
	case 'r':
		return len(q) >= 7 && strings.EqualFold(q[:7], "replace")
	}
	return false
}

func run(fns []func()) {
	for _, fn := range fns {
		fn()
	}
}
