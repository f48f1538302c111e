package stream

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/events"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Paths served by Mount.
const (
	Path       = "/api/v1/stream"
	TicketPath = "/api/v1/stream/ticket"
)

// Mount adds the stream routes to mux.
func (h *Hub) Mount(mux interface {
	HandleFunc(string, func(http.ResponseWriter, *http.Request))
}) {
	mux.HandleFunc("GET "+Path, h.Stream)
	mux.HandleFunc("POST "+TicketPath, h.Ticket)
}

// Ticket answers a one-time stream ticket for the bearer of the request.
func (h *Hub) Ticket(w http.ResponseWriter, r *http.Request) {
	p, exp, err := h.bearer(r)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	t, err := h.issue(p, exp)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusCreated, "Stream ticket issued", map[string]any{
		"ticket": t, "expires_in": int(h.o.TicketTTL / time.Second), "url": Path + "?ticket=" + t})
}

// queryTokens are query parameters that would carry a long-lived token.
var queryTokens = []string{"token", "access_token", "jwt", "authorization", "auth"}

// Stream serves the caller's live events as text/event-stream.
func (h *Hub) Stream(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for _, k := range queryTokens {
		if q.Has(k) {
			httpapi.WriteError(w, r, httpapi.BadRequest("Tokens are not accepted in the query string; send the Authorization header or a stream ticket"))
			return
		}
	}
	var last int64
	if v := r.Header.Get("Last-Event-ID"); v != "" || q.Get("last_event_id") != "" {
		if v == "" {
			v = q.Get("last_event_id")
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n < 0 {
			httpapi.WriteError(w, r, httpapi.BadRequest("Last-Event-ID must be an event id"))
			return
		}
		last = n
	}
	var p *auth.Principal
	var exp time.Time
	var err error
	if t := q.Get("ticket"); t != "" || q.Has("ticket") {
		p, exp, err = h.redeem(r.Context(), t)
	} else {
		p, exp, err = h.bearer(r)
	}
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	h.Start(context.Background())
	s, err := h.subscribe(p)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	defer h.unsubscribe(s)

	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	out := &writer{w: w, rc: rc, buf: bufio.NewWriterSize(w, 2048)}
	out.comment("stream open")
	if !out.flush() {
		return
	}
	ctx := r.Context()
	var replayed map[int64]bool
	if last > 0 {
		if replayed, err = h.replay(ctx, out, p, last); err != nil || !out.flush() {
			return
		}
	}
	hb := time.NewTicker(h.o.Heartbeat)
	defer hb.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.gone:
			if s.why != "" {
				out.end(s.why)
				out.flush()
			}
			return
		case e := <-s.ch:
			for {
				if e.ID > last && !replayed[e.ID] {
					out.event(e)
				}
				more := false
				select {
				case e = <-s.ch:
					more = true
				default:
				}
				if !more {
					break
				}
			}
			if !out.flush() {
				return
			}
		case <-hb.C:
			if !exp.IsZero() && time.Now().After(exp) {
				out.end("expired")
				out.flush()
				return
			}
			if _, err := h.current(ctx, p.ID, p.TokenGeneration); err != nil {
				if he, ok := err.(*httpapi.Error); ok && he.Status == http.StatusUnauthorized {
					out.end("unauthorized")
					out.flush()
					return
				}
				// A database hiccup does not end the stream; the next beat checks again.
			}
			out.comment("")
			if !out.flush() {
				return
			}
		}
	}
}

// replay sends the caller's events after last, within the replay bounds; it
// ends with a "reset" event when more were missed than it may send.
func (h *Hub) replay(ctx context.Context, out *writer, p *auth.Principal, last int64) (map[int64]bool, error) {
	sent := map[int64]bool{}
	cutoff := time.Now().Add(-h.o.ReplayWindow).UnixMilli()
	after := last
	const page = 500
	for {
		rows, err := events.Since(ctx, h.db, after, page)
		if err != nil {
			out.end("error")
			out.flush()
			return nil, err
		}
		for i := range rows {
			e := &rows[i]
			after = e.ID
			if int64(e.CreatedAt) < cutoff || !addressed(e, p) {
				continue
			}
			if len(sent) == h.o.ReplayMax {
				out.reset()
				return sent, nil
			}
			out.event(e)
			sent[e.ID] = true
		}
		if len(rows) < page {
			return sent, nil
		}
		if !out.flush() {
			return nil, context.Canceled
		}
	}
}

func addressed(e *events.Stored, p *auth.Principal) bool {
	return e.CompanyID == p.CompanyID && dup(e.Recipients, p.ID)
}

// writer writes server-sent events, each burst under a write deadline so a
// client that stops reading ends its stream instead of blocking.
type writer struct {
	w   http.ResponseWriter
	rc  *http.ResponseController
	buf *bufio.Writer
	err error
	// armed reports that the write deadline of the current burst is set.
	armed bool
}

// writeTimeout bounds one flush to a client.
const writeTimeout = 10 * time.Second

type frame struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	RefID     string `json:"ref_id"`
	CreatedAt int64  `json:"created_at"`
}

func (o *writer) event(e *events.Stored) {
	data, _ := json.Marshal(frame{ID: e.ID, Kind: e.Kind, RefID: e.RefID, CreatedAt: int64(e.CreatedAt)})
	o.printf("id: ", strconv.FormatInt(e.ID, 10), "\nevent: ", e.Kind, "\ndata: ", string(data), "\n\n")
}

func (o *writer) comment(s string) { o.printf(": ", s, "\n\n") }

// end tells the client why the server ends the stream.
func (o *writer) end(why string) {
	o.printf("event: end\ndata: {\"reason\":\"", why, "\"}\n\n")
}

// reset tells the client that events were missed: reload the views.
func (o *writer) reset() { o.printf("event: reset\ndata: {}\n\n") }

func (o *writer) printf(parts ...string) {
	if !o.armed {
		_ = o.rc.SetWriteDeadline(time.Now().Add(writeTimeout))
		o.armed = true
	}
	for _, p := range parts {
		if o.err == nil {
			_, o.err = o.buf.WriteString(p)
		}
	}
}

func (o *writer) flush() bool {
	if o.err != nil {
		return false
	}
	o.armed = false
	if o.err = o.buf.Flush(); o.err == nil {
		o.err = o.rc.Flush()
	}
	return o.err == nil
}

// Operations documents the stream routes for the OpenAPI document.
func Operations() []crud.Operation {
	return []crud.Operation{
		{Method: "GET", Path: "/stream", ID: "stream", Tag: "Live updates", Access: "token",
			Summary: "Server-sent events: the caller's new notifications and messages",
			Description: "text/event-stream. Authenticate with the Authorization header or `?ticket=` (see POST /stream/ticket); " +
				"a token in the query string is refused (400). Each event has `id` (the outbox id), `event` (notification, " +
				"notification.read, notification.deleted, message, message.read, message.deleted) and `data` " +
				"`{id, kind, ref_id, created_at}`; fetch the record through the API. `Last-Event-ID` (or `?last_event_id=`) " +
				"replays what was missed, within the configured bounds; `event: reset` means more was missed: reload. " +
				"`event: end` (`data.reason`: expired, unauthorized, slow, shutdown) precedes the server closing the stream. " +
				"Comment lines are heartbeats. 429 when the account has too many streams, 503 when the server has."},
		{Method: "POST", Path: "/stream/ticket", ID: "stream-ticket", Tag: "Live updates", Access: "token", Status: 201,
			Summary: "A one-time ticket to open the stream without a header",
			Description: "Answers `{ticket, expires_in, url}`: the ticket opens one stream (`GET /stream?ticket=`) within " +
				"`expires_in` seconds, on any instance sharing the database."},
	}
}
