package messaging

import (
	"context"
	"database/sql"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/events"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Page sizes of the conversation views.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// Handlers serves the conversation views.
type Handlers struct {
	Deps *crud.Deps
}

// Mount registers the hand-written routes.
func (h *Handlers) Mount(rt *httpapi.Router) {
	a := h.Deps.Auth
	rt.HandleFunc("GET /api/v1/messages/conversations", a.Require(h.conversations))
	rt.HandleFunc("GET /api/v1/messages/with/{principalId}", a.Require(h.with))
}

// Conversation is one entry of GET /messages/conversations.
type Conversation struct {
	With        string   `json:"with"`     // the other party's account id
	Username    string   `json:"username"` // the other party's username ("" if the account is gone)
	LastMessage *Message `json:"lastMessage"`
	Unread      int64    `json:"unread"` // messages from the other party the caller has not read
}

const columns = `id, company_id, created_by, updated_by, created_at, updated_at, sender_id, choose_member, message, file, is_read`

func scanMessage(s interface{ Scan(...any) error }) (*Message, error) {
	m := new(Message)
	var at, up int64
	var file sql.NullString
	if err := s.Scan(&m.ID, &m.CompanyID, &m.CreatedBy, &m.UpdatedBy, &at, &up, &m.Sender, &m.ChooseMember, &m.Message, &file, &m.IsRead); err != nil {
		return nil, err
	}
	m.CreatedAt, m.UpdatedAt = db.Time(at), db.Time(up)
	if file.Valid {
		f := crud.FileRef(file.String)
		m.File = &f
	}
	return m, nil
}

func limitOf(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return DefaultLimit, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxLimit {
		return 0, httpapi.BadRequest(`"limit" must be an integer from 1 to ` + strconv.Itoa(MaxLimit))
	}
	return n, nil
}

func member(r *http.Request) (*auth.Principal, error) {
	p := auth.From(r.Context())
	if p.CompanyID == "" {
		return nil, httpapi.Forbidden("Messages are sent between the accounts of one company")
	}
	return p, nil
}

// conversations answers the caller's conversations, newest first: for each
// other party, the last message either way and the number of unread
// messages to the caller.
func (h *Handlers) conversations(w http.ResponseWriter, r *http.Request) {
	p, err := member(r)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	limit, err := limitOf(r)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	ctx := r.Context()
	q := h.Deps.DB.Q(ctx)
	rows, err := q.QueryContext(ctx, `SELECT other, MAX(created_at) AS last_at, SUM(unread) AS unread FROM (
		SELECT CASE WHEN sender_id = ? THEN choose_member ELSE sender_id END AS other, created_at,
		       CASE WHEN choose_member = ? AND is_read = ? THEN 1 ELSE 0 END AS unread
		FROM messages WHERE company_id = ? AND (sender_id = ? OR choose_member = ?)) t
		GROUP BY other ORDER BY last_at DESC, other LIMIT ?`,
		p.ID, p.ID, false, p.CompanyID, p.ID, p.ID, limit)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	out := []*Conversation{}
	for rows.Next() {
		c := new(Conversation)
		var last int64
		if err := rows.Scan(&c.With, &last, &c.Unread); err != nil {
			rows.Close()
			httpapi.WriteError(w, r, err)
			return
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	for _, c := range out {
		m, err := scanMessage(q.QueryRowContext(ctx, `SELECT `+columns+` FROM messages WHERE company_id = ? AND
			((sender_id = ? AND choose_member = ?) OR (sender_id = ? AND choose_member = ?))
			ORDER BY created_at DESC, id DESC LIMIT 1`, p.CompanyID, p.ID, c.With, c.With, p.ID))
		if err != nil && !db.IsNoRows(err) { // gone since the first query: keep the entry without it
			httpapi.WriteError(w, r, err)
			return
		}
		c.LastMessage = m
		err = q.QueryRowContext(ctx, `SELECT username FROM principals WHERE id = ?`, c.With).Scan(&c.Username)
		if err != nil && !db.IsNoRows(err) {
			httpapi.WriteError(w, r, err)
			return
		}
	}
	httpapi.OK(w, http.StatusOK, "Conversations fetched successfully", out)
}

// with answers one page of the conversation between the caller and
// {principalId}, newest first, and marks the other party's messages to the
// caller read.
func (h *Handlers) with(w http.ResponseWriter, r *http.Request) {
	p, err := member(r)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	other := r.PathValue("principalId")
	limit, err := limitOf(r)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	cond := `company_id = ? AND ((sender_id = ? AND choose_member = ?) OR (sender_id = ? AND choose_member = ?))`
	args := []any{p.CompanyID, p.ID, other, other, p.ID}
	if cur := r.URL.Query().Get("cursor"); cur != "" {
		at, id, ok := decodeCursor(cur)
		if !ok {
			httpapi.WriteError(w, r, httpapi.BadRequest(`"cursor" is not a valid cursor of this conversation; start again without it`))
			return
		}
		cond += ` AND (created_at < ? OR (created_at = ? AND id < ?))`
		args = append(args, at, at, id)
	}
	var page []*Message
	err = h.Deps.DB.InTx(r.Context(), func(ctx context.Context) error {
		page = page[:0]
		q := h.Deps.DB.Q(ctx)
		rows, err := q.QueryContext(ctx, `SELECT `+columns+` FROM messages WHERE `+cond+
			` ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, limit+1)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			m, err := scanMessage(rows)
			if err != nil {
				return err
			}
			page = append(page, m)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return markRead(ctx, h.Deps.DB, p, other)
	})
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	pg := &httpapi.Pagination{Limit: limit, NoTotal: true}
	if len(page) > limit {
		page = page[:limit]
		last := page[len(page)-1]
		pg.Next = encodeCursor(int64(last.CreatedAt), last.ID)
	}
	if page == nil {
		page = []*Message{}
	}
	httpapi.WriteJSON(w, http.StatusOK, httpapi.Envelope{Success: true, Message: "Messages fetched successfully", Data: page, Pagination: pg})
}

// markRead marks every unread message from other to p read, with one
// message.read event whose RefID is the newest message marked.
func markRead(ctx context.Context, store *db.DB, p *auth.Principal, other string) error {
	q := store.Q(ctx)
	var newest string
	err := q.QueryRowContext(ctx, `SELECT id FROM messages WHERE company_id = ? AND sender_id = ? AND choose_member = ? AND is_read = ?
		ORDER BY created_at DESC, id DESC LIMIT 1`, p.CompanyID, other, p.ID, false).Scan(&newest)
	if db.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `UPDATE messages SET is_read = ?, updated_at = ?, updated_by = ?
		WHERE company_id = ? AND sender_id = ? AND choose_member = ? AND is_read = ?`,
		true, int64(db.Stamp()), p.Username, p.CompanyID, other, p.ID, false); err != nil {
		return err
	}
	return events.Emit(ctx, store, events.Event{CompanyID: p.CompanyID, Kind: events.MessageRead, RefID: newest,
		Recipients: []string{other, p.ID}})
}

func encodeCursor(at int64, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(at, 10) + "." + id))
}

func decodeCursor(s string) (int64, string, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, "", false
	}
	at, id, ok := strings.Cut(string(b), ".")
	if !ok || !db.ValidID(id) {
		return 0, "", false
	}
	n, err := strconv.ParseInt(at, 10, 64)
	if err != nil {
		return 0, "", false
	}
	return n, id, true
}

// Operations documents the hand-written routes for the OpenAPI document.
func Operations() []crud.Operation {
	return []crud.Operation{
		{Method: "GET", Path: "/messages/conversations", ID: "messages-conversations", Tag: "Messaging", Access: "token",
			Summary: "The caller's conversations, newest first",
			Description: "A hand-written query, not CRUD. One entry per account the caller exchanged messages with: " +
				"`with` (its id), `username`, `lastMessage` (the newest message either way) and `unread` (messages from " +
				"it the caller has not read), ordered by the last message, newest first. `?limit` (1–200, default 50) " +
				"bounds the entries."},
		{Method: "GET", Path: "/messages/with/{principalId}", ID: "messages-with", Tag: "Messaging", Access: "token",
			Summary: "One conversation, newest first, paged by cursor",
			Description: "A hand-written query, not CRUD. The messages between the caller and {principalId}, ordered by " +
				"(createdAt, id) descending; `?limit` (1–200, default 50) and `?cursor` (pagination.next of the previous " +
				"page) page it by keyset, so messages inserted meanwhile neither repeat nor shift later pages. Reading " +
				"marks every message from {principalId} to the caller read (one message.read event)."},
	}
}
