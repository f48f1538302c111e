package calendar

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/projects"
)

// Feed window when calendar.ics is fetched without from/to: from 30 days
// back to 335 days ahead (MaxDays in all).
const (
	feedBack  = 30
	feedAhead = MaxDays - feedBack - 1
)

// Handlers serves the calendar routes.
type Handlers struct {
	Deps *crud.Deps
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

func (h *Handlers) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

// Mount registers the routes.
func (h *Handlers) Mount(rt *httpapi.Router) {
	a := h.Deps.Auth
	rt.HandleFunc("GET /api/v1/calendar", a.Require(h.list))
	rt.HandleFunc("GET /api/v1/calendar.ics", h.feed)
	rt.HandleFunc("POST /api/v1/calendar/feed-token", a.Require(h.createToken))
	rt.HandleFunc("DELETE /api/v1/calendar/feed-token", a.Require(h.revokeToken))
}

// Operations documents the routes for the OpenAPI document.
func Operations() []crud.Operation {
	date := map[string]any{"type": "string", "format": "date"}
	return []crud.Operation{
		{Method: "GET", Path: "/calendar", ID: "calendar", Tag: "Calendar", Access: "token",
			Summary: "The caller's company calendar over a range of days",
			Description: "Query `from` and `to` (YYYY-MM-DD, both required, `to` included; at most 366 days, 422 naming the parameter " +
				"otherwise). Merges, within the caller's permissions (a source the caller may not view is left out): HR events " +
				"(type event, 1 hour from EventTime), meetings (meeting; cancelled ones left out), task due dates (task, all day), " +
				"approved leave (leave, all day), task-calendar entries (taskcalendar, 30 minutes from taskTime), project milestones " +
				"(milestone, all day from start to end date) and contract end dates (contract, all day). Clock times are read in the " +
				"company's time zone (GET /company-settings). Answers data: an array of {type, title, start, end, allDay, sourceId} " +
				"sorted by start; all-day items have calendar days with `end` exclusive, others UTC instants. 403 for a caller " +
				"without a company (a super-admin).",
			Query: []crud.Param{{Name: "from", Required: true, Schema: date}, {Name: "to", Required: true, Schema: date}}},
		{Method: "GET", Path: "/calendar.ics", ID: "calendar-ics", Tag: "Calendar", Access: "public",
			Summary: "The same calendar as an iCalendar (RFC 5545) feed",
			Description: "Authenticated by `ticket`, the account's feed token (POST /calendar/feed-token), so calendar apps can " +
				"subscribe; 401 when it is missing, unknown, revoked, or older than the account's last password change. Optional " +
				"`from` and `to` as for GET /calendar; by default 30 days back to 335 days ahead. text/calendar; every item is a " +
				"VEVENT with UID <type>-<sourceId>@crm.",
			Query: []crud.Param{{Name: "ticket", Required: true, Schema: map[string]any{"type": "string"}},
				{Name: "from", Schema: date}, {Name: "to", Schema: date}}},
		{Method: "POST", Path: "/calendar/feed-token", ID: "calendar-feed-token-create", Tag: "Calendar", Access: "token", Status: 201,
			Summary: "Create (or replace) the caller's calendar feed token",
			Description: "Answers data {token, url}: url is the calendar.ics path with the token. The token is shown once and " +
				"stored hashed; a new one replaces (revokes) the previous. A password change revokes it too."},
		{Method: "DELETE", Path: "/calendar/feed-token", ID: "calendar-feed-token-revoke", Tag: "Calendar", Access: "token",
			Summary:     "Revoke the caller's calendar feed token",
			Description: "The feed answers 401 from then on. 404 when the caller has no token."},
	}
}

func (h *Handlers) list(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if p.CompanyID == "" {
		httpapi.WriteError(w, r, errNoCompany)
		return
	}
	loc, err := projects.CompanyLocation(r.Context(), h.Deps.DB, p.CompanyID)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	rg, err := ParseRange(r.URL.Query(), loc)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	items, _, err := Collect(r.Context(), h.Deps, r, rg)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	if items == nil {
		items = []Item{}
	}
	httpapi.OK(w, http.StatusOK, "Calendar fetched successfully", items)
}

func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

var errFeedAuth = httpapi.Unauthorized("A valid calendar feed token (ticket) is required")

func (h *Handlers) feed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	tok := r.URL.Query().Get("ticket")
	if tok == "" || len(tok) > 100 {
		httpapi.WriteError(w, r, errFeedAuth)
		return
	}
	var id string
	var gen int64
	err := h.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT principal_id, token_generation FROM calendar_feed_tokens WHERE token_hash = ?`,
		hashToken(tok)).Scan(&id, &gen)
	if db.IsNoRows(err) {
		httpapi.WriteError(w, r, errFeedAuth)
		return
	}
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	p, err := h.Deps.Auth.Load(ctx, id)
	if err != nil || p.TokenGeneration != gen || p.CompanyID == "" {
		httpapi.WriteError(w, r, errFeedAuth) // deleted account, or its password changed since
		return
	}
	loc, err := projects.CompanyLocation(ctx, h.Deps.DB, p.CompanyID)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	q := r.URL.Query()
	if q.Get("from") == "" && q.Get("to") == "" {
		today := h.now().In(loc)
		q = url.Values{"from": {today.AddDate(0, 0, -feedBack).Format(day)}, "to": {today.AddDate(0, 0, feedAhead).Format(day)}}
	}
	rg, err := ParseRange(q, loc)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	r = r.WithContext(auth.With(ctx, p))
	items, _, err := Collect(r.Context(), h.Deps, r, rg)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	body := WriteICS(items, "CRM – "+p.Username, h.now())
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="calendar.ics"`)
	w.Header().Set("Cache-Control", "private, no-cache")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

func (h *Handlers) createToken(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if p.CompanyID == "" {
		httpapi.WriteError(w, r, errNoCompany)
		return
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	tok := base64.RawURLEncoding.EncodeToString(b)
	err := h.Deps.DB.InTx(r.Context(), func(ctx context.Context) error {
		q := h.Deps.DB.Q(ctx)
		if _, err := q.ExecContext(ctx, `DELETE FROM calendar_feed_tokens WHERE principal_id = ?`, p.ID); err != nil {
			return err
		}
		_, err := q.ExecContext(ctx, `INSERT INTO calendar_feed_tokens (principal_id, token_hash, company_id, token_generation, created_at)
			VALUES (?, ?, ?, ?, ?)`, p.ID, hashToken(tok), p.CompanyID, p.TokenGeneration, int64(db.Stamp()))
		if h.Deps.DB.Dialect.IsUniqueViolation(err) {
			return httpapi.Conflict("A feed token was created meanwhile; try again")
		}
		return err
	})
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusCreated, "Calendar feed token created; it is shown only once",
		map[string]string{"token": tok, "url": "/api/v1/calendar.ics?ticket=" + url.QueryEscape(tok)})
}

func (h *Handlers) revokeToken(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	res, err := h.Deps.DB.Q(r.Context()).ExecContext(r.Context(), `DELETE FROM calendar_feed_tokens WHERE principal_id = ?`, p.ID)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = httpapi.NotFound("No calendar feed token to revoke")
		}
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusOK, "Calendar feed token revoked", nil)
}
