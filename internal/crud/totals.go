package crud

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Totals keeps the totals that paged lists count (SELECT COUNT(*) over the
// list's conditions), so the first page of a large list does not count the
// same rows on every request. A total is dropped as soon as a committed
// write through this instance names its table (db.OnWrite), and is reused
// for at most TTL otherwise, which bounds how stale a total can be after a
// write made by another instance over the same database. Totals counted
// inside a transaction are neither read nor kept.
type Totals struct {
	db  *db.DB
	ttl time.Duration

	mu      sync.Mutex
	gens    map[string]uint64 // table → writes seen
	entries map[string]totalEntry
	counts  map[string]*counting // counts under way, by key

	anchors    map[string]anchorEntry // where pages start (see anchors.go)
	filling    map[string]*anchorFill // pages read by offset under way
	maxAnchors int
}

// counting is a count under way; requests missing the same total wait for it
// instead of each counting the same rows.
type counting struct {
	done chan struct{}
	gen  uint64
	n    int64
	err  error
}

type totalEntry struct {
	table string
	gen   uint64
	at    time.Time
	n     int64
}

// maxTotals bounds the kept totals; past it they are all dropped.
const maxTotals = 10_000

// NewTotals returns a cache of list totals of tables over store, each
// reused for at most ttl; ttl <= 0 returns nil, which counts on every
// request. The tables are watched from here on, before any request, so no
// write can slip between a count and the watch that should drop it; a table
// not named here is counted on every request.
func NewTotals(store *db.DB, ttl time.Duration, tables ...string) *Totals {
	if ttl <= 0 {
		return nil
	}
	t := &Totals{db: store, ttl: ttl, gens: map[string]uint64{}, entries: map[string]totalEntry{}, counts: map[string]*counting{},
		anchors: map[string]anchorEntry{}, filling: map[string]*anchorFill{}, maxAnchors: maxAnchors}
	for _, table := range tables {
		if _, ok := t.gens[table]; ok {
			continue
		}
		t.gens[table] = 0
		store.OnWrite([]string{table}, func() {
			t.mu.Lock()
			t.gens[table]++
			t.mu.Unlock()
		})
	}
	return t
}

// count answers SELECT COUNT(*) FROM table<where>, from the cache when a
// total counted since the table's last write is younger than the TTL.
func (t *Totals) count(ctx context.Context, q db.Querier, table, sql string, args []any) (int64, error) {
	var n int64
	if t == nil || db.HasTx(ctx) {
		err := q.QueryRowContext(ctx, sql, args...).Scan(&n)
		return n, err
	}
	key := sql + "\x00" + fmt.Sprintf("%#v", args)
	t.mu.Lock()
	g, watched := t.gens[table]
	if !watched {
		t.mu.Unlock()
		err := q.QueryRowContext(ctx, sql, args...).Scan(&n)
		return n, err
	}
	if e, ok := t.entries[key]; ok && e.gen == g && time.Since(e.at) < t.ttl {
		t.mu.Unlock()
		return e.n, nil
	}
	// One count per total at a time: when a kept total expires under load,
	// every request asking for it would otherwise count the same rows at
	// once (on 100,000 rows, 32 such counts queue for seconds). A count
	// that began before the table's last write is not waited for.
	if c, ok := t.counts[key]; ok && c.gen == g {
		t.mu.Unlock()
		select {
		case <-c.done:
			if c.err == nil {
				return c.n, nil
			}
			// The counting request failed (its own deadline, say): count here.
		case <-ctx.Done():
			return 0, ctx.Err()
		}
		err := q.QueryRowContext(ctx, sql, args...).Scan(&n)
		return n, err
	}
	c := &counting{done: make(chan struct{}), gen: g}
	t.counts[key] = c
	t.mu.Unlock()
	at := time.Now()
	c.err = q.QueryRowContext(ctx, sql, args...).Scan(&c.n)
	t.mu.Lock()
	if t.counts[key] == c {
		delete(t.counts, key)
	}
	if c.err == nil {
		if len(t.entries) >= maxTotals {
			clear(t.entries)
		}
		// A write committed while counting has bumped the generation past g, so
		// this total is never served after it.
		t.entries[key] = totalEntry{table: table, gen: g, at: at, n: c.n}
	}
	t.mu.Unlock()
	close(c.done)
	return c.n, c.err
}
