// Package stream is the consumer side of live updates: GET /api/v1/stream
// sends each caller the outbox events (see package events) addressed to it,
// as server-sent events whose id is the outbox id.
//
// One dispatcher per instance follows the outbox table (events.Follower), so
// it only ever sees committed rows, and hands each event to the connected
// streams of its recipients. Every instance polls the table on a short
// interval (Options.Poll); a wake-up only cuts the latency:
//
//   - in-process: a write request that ends on this instance (its
//     transaction committed) wakes the local dispatcher at once;
//   - PostgreSQL: that instance then sends NOTIFY on channel crm_events with
//     the new largest id, and every instance LISTENs on a dedicated pgx
//     connection and polls when notified;
//   - NATS (NATS_URL set): the same wake-up is published on subject
//     crm.events instead of NOTIFY, and every instance subscribes to it;
//   - MySQL/MariaDB and SQLite across processes: polling only.
//
// A stream is authenticated by the bearer token or by a one-time ticket
// (POST /api/v1/stream/ticket); a reconnecting client sends Last-Event-ID and
// gets what it missed from the outbox, within Options.ReplayMax events and
// Options.ReplayWindow.
package stream

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/events"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/throttle"
)

// Options configure a Hub; zero values take the defaults named.
type Options struct {
	Heartbeat    time.Duration // comment line interval, and principal re-check (15 s)
	Poll         time.Duration // outbox polling interval (200 ms)
	ReplayMax    int           // most events replayed on reconnection (500)
	ReplayWindow time.Duration // how far back a replay reaches; outbox rows older are pruned (10 min)
	Buffer       int           // events queued per stream before it is dropped as too slow (64)
	MaxPerUser   int           // concurrent streams per account (5)
	MaxTotal     int           // concurrent streams per instance (10,000)
	TicketTTL    time.Duration // stream ticket lifetime (60 s)
	GapWait      time.Duration // wait for an out-of-order commit (events.DefaultGapWait)
	// ListenDSN is a PostgreSQL DSN to LISTEN on (empty: no LISTEN).
	ListenDSN string
	// NATSURL, when set, carries wake-ups over NATS instead of NOTIFY.
	NATSURL string
	Logger  *slog.Logger
}

func (o *Options) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	defInt := func(d *int, v int) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Heartbeat, 15*time.Second)
	def(&o.Poll, 200*time.Millisecond)
	def(&o.ReplayWindow, 10*time.Minute)
	def(&o.TicketTTL, 60*time.Second)
	def(&o.GapWait, events.DefaultGapWait)
	defInt(&o.ReplayMax, 500)
	defInt(&o.Buffer, 64)
	defInt(&o.MaxPerUser, 5)
	defInt(&o.MaxTotal, 10000)
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
}

// Hub holds the streams of one instance and its dispatcher.
type Hub struct {
	db      *db.DB
	auth    *auth.Service
	o       Options
	tickets *throttle.Store
	key     []byte

	mu     sync.Mutex
	subs   map[string]map[*sub]struct{} // by principal id
	total  int
	closed bool

	kick    chan struct{} // a write request ended on this instance
	wake    chan struct{} // another instance announced new events
	started sync.Once
	publish func(ctx context.Context, id int64) // announce a new largest id; nil: nobody listens
	// listening is set while wake-ups from other instances arrive.
	listening atomic.Bool
}

type sub struct {
	user, company string
	ch            chan *events.Stored
	gone          chan struct{} // closed when the hub drops the stream
	why           string        // set before gone is closed
}

// New returns a Hub over store whose streams authenticate through a.
func New(store *db.DB, a *auth.Service, o Options) *Hub {
	o.defaults()
	return &Hub{db: store, auth: a, o: o, tickets: &throttle.Store{DB: store}, key: ticketKey(a.Secret),
		subs: map[string]map[*sub]struct{}{}, kick: make(chan struct{}, 1), wake: make(chan struct{}, 1)}
}

// Start runs the dispatcher until ctx ends, then ends every stream. Without
// a call the first stream starts it for the life of the process. It reads
// the outbox position before returning, so every event committed after it
// returns is delivered.
func (h *Hub) Start(ctx context.Context) {
	h.started.Do(func() {
		start, err := events.Latest(ctx, h.db)
		go h.run(ctx, start, err)
	})
}

// Streams is the number of open streams.
func (h *Hub) Streams() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.total
}

// Wrap wakes the dispatcher when a write request (any method but GET, HEAD
// and OPTIONS) ends: its transaction has committed by then.
func (h *Hub) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			signal(h.kick)
		}
	})
}

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

func (h *Hub) run(ctx context.Context, start int64, err error) {
	log := h.o.Logger
	for err != nil {
		if start, err = events.Latest(ctx, h.db); err == nil {
			break
		}
		log.Warn("stream: outbox unreachable", "err", err.Error())
		select {
		case <-ctx.Done():
			h.closeAll("shutdown")
			return
		case <-time.After(time.Second):
		}
	}
	h.startWakers(ctx)
	f := events.NewFollower(h.db, start)
	f.GapWait = h.o.GapWait
	published := start
	poll := time.NewTicker(h.o.Poll)
	defer poll.Stop()
	prune := time.NewTicker(time.Minute)
	defer prune.Stop()
	failing := false
	for {
		local := false
		select {
		case <-ctx.Done():
			h.closeAll("shutdown")
			return
		case <-prune.C:
			go func() {
				if err := events.Prune(ctx, h.db, time.Now().Add(-h.o.ReplayWindow-h.o.GapWait)); err != nil && ctx.Err() == nil {
					log.Warn("stream: prune outbox", "err", err.Error())
				}
			}()
			continue
		case <-poll.C:
		case <-h.kick:
			local = true
		case <-h.wake:
		}
		for {
			evs, more, err := f.Next(ctx)
			if err != nil {
				if !failing && ctx.Err() == nil {
					log.Warn("stream: read outbox", "err", err.Error())
				}
				failing = true
				break
			}
			failing = false
			h.deliver(evs)
			if !more {
				break
			}
		}
		if local && h.publish != nil && f.Position() > published {
			published = f.Position()
			h.publish(ctx, published)
		}
	}
}

// deliver queues each event on its recipients' streams; a stream whose
// queue is full is dropped.
func (h *Hub) deliver(evs []events.Stored) {
	if len(evs) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := range evs {
		e := &evs[i]
		for j, r := range e.Recipients {
			if dup(e.Recipients[:j], r) {
				continue
			}
			for s := range h.subs[r] {
				if s.company != e.CompanyID {
					continue
				}
				select {
				case s.ch <- e:
				default:
					h.dropLocked(s, "slow")
				}
			}
		}
	}
}

func dup(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (h *Hub) subscribe(p *auth.Principal) (*sub, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, &httpapi.Error{Status: http.StatusServiceUnavailable, Message: "The server is shutting down", RetryAfter: 1}
	}
	if len(h.subs[p.ID]) >= h.o.MaxPerUser {
		return nil, &httpapi.Error{Status: http.StatusTooManyRequests, Message: "Too many open streams for this account", RetryAfter: 5}
	}
	if h.total >= h.o.MaxTotal {
		return nil, &httpapi.Error{Status: http.StatusServiceUnavailable, Message: "Too many open streams on this server", RetryAfter: 5}
	}
	s := &sub{user: p.ID, company: p.CompanyID, ch: make(chan *events.Stored, h.o.Buffer), gone: make(chan struct{})}
	m := h.subs[p.ID]
	if m == nil {
		m = map[*sub]struct{}{}
		h.subs[p.ID] = m
	}
	m[s] = struct{}{}
	h.total++
	return s, nil
}

func (h *Hub) unsubscribe(s *sub) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dropLocked(s, "")
}

func (h *Hub) dropLocked(s *sub, why string) {
	m := h.subs[s.user]
	if _, ok := m[s]; !ok {
		return
	}
	delete(m, s)
	if len(m) == 0 {
		delete(h.subs, s.user)
	}
	h.total--
	s.why = why
	close(s.gone)
}

func (h *Hub) closeAll(why string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for _, m := range h.subs {
		for s := range m {
			h.dropLocked(s, why)
		}
	}
}
