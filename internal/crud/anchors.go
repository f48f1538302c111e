package crud

import (
	"context"
	"strconv"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Page anchors: a deep ?page=N skips (N-1)·limit rows, which costs as much as
// reading them. Totals also keeps, per list (its resource, WHERE and ORDER BY
// with their arguments, and page size: per company, filter, sort and q), the
// cursor of the row just before page N, as pagination.next would name it;
// page N is then answered as ?cursor= answers it, by a keyset seek. A page
// answered by offset reads the row before it as well and keeps page N's
// anchor, and every page keeps page N+1's from its last row, so repeated and
// sequential deep pages seek. Anchors are dropped and expire exactly as totals do (the
// table's write generation from db.OnWrite, the TTL), so a write through this
// instance is seen by the very next page, one through another instance moves
// page boundaries within the TTL. An anchor found from another anchor keeps
// the older one's age, so that following pages never extends that bound.

// maxAnchors bounds the kept anchors; past it they are all dropped.
const maxAnchors = 10_000

// deepOffset is the offset from which a page skips its offset over the list
// index alone (deferredSQL). Shallow pages, the common ones, keep the plain
// statement that TestBusyListsUseIndexes proves; up to 1,000 rows skipped
// (page 20 of 50) the whole request takes 0.3–2.6 ms on the three databases
// (BenchmarkListJobsPage100k/page=20,total=false), which a second lookup of
// the page by id and a sort of it would hardly shorten; at page 1,000 the
// offset is 8–580 ms.
var deepOffset = 1000

type anchorEntry struct {
	table  string
	gen    uint64
	at     time.Time
	cursor string
}

// pageAnchors is one list request's view of its list's anchors: the table's
// write generation before the rows were read and the time the anchors it
// keeps are valid from.
type pageAnchors struct {
	t     *Totals
	table string
	key   string
	gen   uint64
	at    time.Time

	fill    *anchorFill // the page this request reads for others, if any
	fillKey string
}

// anchor returns the cursor where page starts in the list key names, or ""
// when none is kept, and the view through which the request keeps the
// anchors it finds; nil (nothing kept) inside a transaction or for a table
// not watched. Requests missing the same anchor wait for the first to read
// its page by offset (as counts do), then seek from the anchor it kept: when
// an anchor expires under load, each of them would otherwise skip the
// offset. A request that gets "" and a non-nil view must release it.
func (t *Totals) anchor(ctx context.Context, table, key string, page int) (string, *pageAnchors) {
	if t == nil || db.HasTx(ctx) {
		return "", nil
	}
	k := anchorKey(key, page)
	for waited := false; ; waited = true {
		now := time.Now()
		t.mu.Lock()
		g, watched := t.gens[table]
		if !watched {
			t.mu.Unlock()
			return "", nil
		}
		pa := &pageAnchors{t: t, table: table, key: key, gen: g, at: now}
		if e, ok := t.anchors[k]; ok && e.gen == g && now.Sub(e.at) < t.ttl {
			t.mu.Unlock()
			pa.at = e.at
			return e.cursor, pa
		}
		if f, ok := t.filling[k]; ok && f.gen == g && !waited {
			t.mu.Unlock()
			select {
			case <-f.done:
				continue
			case <-ctx.Done():
				return "", pa
			}
		}
		pa.fill = &anchorFill{done: make(chan struct{}), gen: g}
		pa.fillKey = k
		t.filling[k] = pa.fill
		t.mu.Unlock()
		return "", pa
	}
}

// anchorFill is a page being read by offset, whose anchor other requests
// for the page wait for.
type anchorFill struct {
	done chan struct{}
	gen  uint64
}

// release lets the requests waiting for this one's anchor go on.
func (pa *pageAnchors) release() {
	if pa == nil || pa.fill == nil {
		return
	}
	pa.t.mu.Lock()
	if pa.t.filling[pa.fillKey] == pa.fill {
		delete(pa.t.filling, pa.fillKey)
	}
	pa.t.mu.Unlock()
	close(pa.fill.done)
	pa.fill = nil
}

func anchorKey(key string, page int) string { return key + "\x00" + strconv.Itoa(page) }

// keep records cursor as the start of page. A write committed since the
// generation was read has moved past it, so such an anchor is never served.
func (pa *pageAnchors) keep(page int, cursor string) {
	if pa == nil || cursor == "" || page < 2 {
		return
	}
	t := pa.t
	k := anchorKey(pa.key, page)
	t.mu.Lock()
	defer t.mu.Unlock()
	if e, ok := t.anchors[k]; ok && e.gen == pa.gen && !e.at.Before(pa.at) {
		return // as fresh or fresher
	}
	if len(t.anchors) >= t.maxAnchors {
		clear(t.anchors)
	}
	t.anchors[k] = anchorEntry{table: pa.table, gen: pa.gen, at: pa.at, cursor: cursor}
}

// deferredSQL is a page at a large offset: the offset is skipped in a
// subquery that reads only the list's ids (rowids on SQLite) in order, which
// the list index holds, and only the page's rows are read whole. MySQL does
// not take LIMIT in an IN subquery, so there it is a derived table joined by
// id. The subquery's arguments are the list's, then LIMIT and OFFSET; hint
// (MySQL: see indexHint) names the index of the subquery.
func deferredSQL(d db.Dialect, selectSQL, table, hint, where, order string) string {
	t, id := d.Quote(table), d.Quote("id")
	switch d.Name() {
	case "sqlite":
		return selectSQL + " WHERE rowid IN (SELECT rowid FROM " + t + where + " ORDER BY " + order + " LIMIT ? OFFSET ?) ORDER BY " + order
	case "mysql":
		return selectSQL + " JOIN (SELECT " + id + " FROM " + t + hint + where + " ORDER BY " + order + " LIMIT ? OFFSET ?) AS " +
			d.Quote("page_ids") + " USING (" + id + ") ORDER BY " + order
	}
	return selectSQL + " WHERE " + id + " IN (SELECT " + id + " FROM " + t + where + " ORDER BY " + order + " LIMIT ? OFFSET ?) ORDER BY " + order
}
