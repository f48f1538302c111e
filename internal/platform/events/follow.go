package events

import (
	"context"
	"fmt"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Latest returns the id of the newest event, 0 when there is none.
func Latest(ctx context.Context, store *db.DB) (int64, error) {
	var id int64
	if err := store.Q(ctx).QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM event_outbox`).Scan(&id); err != nil {
		return 0, fmt.Errorf("events: latest: %w", err)
	}
	return id, nil
}

// maxGap is the most missing ids below a new one that a Follower awaits.
const maxGap = 1000

// DefaultGapWait is how long a Follower waits for a missing id to commit.
const DefaultGapWait = 10 * time.Second

// Follower reads the outbox in commit order as far as it can tell: it returns
// every committed event exactly once, including one whose smaller id commits
// after a larger one was read. It keeps a floor below which every id was
// returned or given up, and re-reads from that floor each time; an id missing
// above the floor (a transaction still open, or rolled back) holds the floor
// for at most GapWait. A Follower is not safe for concurrent use.
type Follower struct {
	Store *db.DB
	// GapWait bounds the wait for a missing id (DefaultGapWait when 0).
	GapWait time.Duration
	// Page is the number of rows read per query (500 when 0).
	Page int
	// Now is the clock (time.Now when nil).
	Now func() time.Time

	floor int64
	top   int64               // the largest id seen
	seen  map[int64]bool      // returned ids above floor
	gaps  map[int64]time.Time // missing ids above floor, with when they were first missed
}

// NewFollower returns a Follower that starts after id after (usually Latest).
func NewFollower(store *db.DB, after int64) *Follower {
	return &Follower{Store: store, floor: after, top: after}
}

// Position is the largest id read so far.
func (f *Follower) Position() int64 { return f.top }

func (f *Follower) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// Next returns the events committed since the last call, in id order, each
// at most once. more reports that a page was full: call again at once.
func (f *Follower) Next(ctx context.Context) (out []Stored, more bool, err error) {
	if f.seen == nil {
		f.seen, f.gaps = map[int64]bool{}, map[int64]time.Time{}
	}
	page := f.Page
	if page <= 0 {
		page = 500
	}
	after := f.floor
	var rows []Stored
	for {
		batch, err := Since(ctx, f.Store, after, page)
		if err != nil {
			return nil, false, err
		}
		rows = append(rows, batch...)
		if len(batch) < page {
			break
		}
		after = batch[len(batch)-1].ID
		if after > f.top { // past what was known: stop here, the caller comes back
			more = true
			break
		}
	}
	now := f.now()
	for _, e := range rows {
		delete(f.gaps, e.ID)
		if f.seen[e.ID] {
			continue
		}
		f.seen[e.ID] = true
		out = append(out, e)
		if e.ID > f.top {
			// A jump of more than maxGap ids (a sequence cache lost in a
			// restart) is not a set of open transactions: it is not awaited.
			for id := max(f.top+1, e.ID-maxGap); id < e.ID; id++ {
				if !f.seen[id] {
					f.gaps[id] = now
				}
			}
			f.top = e.ID
		}
	}
	wait := f.GapWait
	if wait <= 0 {
		wait = DefaultGapWait
	}
	for id, since := range f.gaps {
		if now.Sub(since) >= wait {
			delete(f.gaps, id)
		}
	}
	// Raise the floor to just below the lowest id still awaited.
	floor := f.top
	for id := range f.gaps {
		if id-1 < floor {
			floor = id - 1
		}
	}
	for id := range f.seen {
		if id <= floor {
			delete(f.seen, id)
		}
	}
	f.floor = floor
	return out, more, nil
}
