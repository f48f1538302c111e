// Package idempotency makes POST requests safe to retry. A request that
// carries an Idempotency-Key header runs once: its handler runs inside one
// write transaction that first claims the key, and a successful (2xx) answer is
// stored with the key in that same transaction. A retry with the same key and
// the same request gets the stored answer again (with Idempotency-Replayed:
// true), even when the first answer never reached the client (for example a
// 500 after a commit whose acknowledgement was lost).
//
// Keys are scoped to the principal of the bearer token. Requests without a
// valid token, and the public routes named in Options.Public (login: its
// answer holds a token that must never be stored), ignore the header.
//
// Why the handler runs inside the claiming transaction instead of writing a
// "pending" row first and the answer later: the answer and the write commit
// together or not at all, so there is no window where a write is committed
// without its answer (or the reverse), no pending state to recover after a
// crash, and a concurrent duplicate simply waits on the key's unique index
// (PostgreSQL, MySQL) or on SQLite's single writer and then replays the answer.
package idempotency

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

const (
	// Header is the request header that names the key.
	Header = "Idempotency-Key"
	// ReplayedHeader is set to "true" on an answer replayed from the store.
	ReplayedHeader = "Idempotency-Replayed"
	// DefaultTTL is how long a key is kept when Options.TTL is zero.
	DefaultTTL = 24 * time.Hour
	// MaxKeyLen is the longest accepted key.
	MaxKeyLen = 255
)

// Options configure the middleware.
type Options struct {
	DB   *db.DB
	Auth *auth.Service
	// TTL is how long a stored answer is replayed (DefaultTTL when zero).
	TTL time.Duration
	// MaxBodyBytes bounds the request body (413 beyond it); zero: no bound
	// beyond the one the outer middleware applies.
	MaxBodyBytes int64
	// Public lists request paths (such as /api/v1/auth/login) that ignore
	// the header even when a valid token is sent.
	Public []string
	// SweepEvery is the period of Run's sweep of expired keys (TTL/4 within
	// one minute and one hour when zero).
	SweepEvery time.Duration
	Logger     *slog.Logger
}

// Middleware stores and replays the answers of POSTs sent with a key.
type Middleware struct {
	o      Options
	public map[string]bool
}

// New returns the middleware. It starts nothing; see Run for the sweep.
func New(o Options) *Middleware {
	if o.TTL <= 0 {
		o.TTL = DefaultTTL
	}
	if o.SweepEvery <= 0 {
		o.SweepEvery = min(max(o.TTL/4, time.Minute), time.Hour)
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	m := &Middleware{o: o, public: map[string]bool{}}
	for _, p := range o.Public {
		m.public[p] = true
	}
	return m
}

// TTL is how long stored answers are kept.
func (m *Middleware) TTL() time.Duration { return m.o.TTL }

var (
	errTaken     = errors.New("idempotency: key already stored")
	errNotStored = errors.New("idempotency: answer not stored")
)

// Wrap returns next behind the middleware. Only POST requests that carry the
// header are affected.
func (m *Middleware) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		vals := r.Header.Values(Header)
		if r.Method != http.MethodPost || len(vals) == 0 || m.public[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		key, err := checkKey(vals)
		if err != nil {
			httpapi.WriteError(w, r, err)
			return
		}
		principal := m.principal(r)
		if principal == "" {
			next.ServeHTTP(w, r) // the handler answers 401 (or is public)
			return
		}
		body, err := m.readBody(w, r)
		if err != nil {
			httpapi.WriteError(w, r, err)
			return
		}
		keyHash := digest(principal, key)
		reqHash := digest(r.Method, r.URL.Path, r.URL.RawQuery, string(body))
		for attempt := 0; attempt < 3; attempt++ {
			if done, err := m.replay(w, r, keyHash, reqHash); err != nil || done {
				if err != nil {
					httpapi.WriteError(w, r, err)
				}
				return
			}
			rec, err := m.execute(next, r, body, principal, keyHash, reqHash)
			switch {
			case errors.Is(err, errTaken):
				continue // committed by a concurrent request: replay it
			case err == nil, errors.Is(err, errNotStored):
				rec.flush(w)
			default:
				httpapi.WriteError(w, r, err)
			}
			return
		}
		httpapi.WriteError(w, r, errors.New("idempotency: key stored and gone again three times"))
	})
}

// checkKey accepts exactly one key of 1 to MaxKeyLen printable ASCII characters.
func checkKey(vals []string) (string, error) {
	if len(vals) != 1 {
		return "", httpapi.BadRequest("Send one " + Header + " header")
	}
	k := vals[0]
	if len(k) == 0 || len(k) > MaxKeyLen {
		return "", httpapi.BadRequest(Header + " must be 1 to 255 printable ASCII characters")
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return "", httpapi.BadRequest(Header + " must be 1 to 255 printable ASCII characters")
		}
	}
	return k, nil
}

// principal returns the id in a valid bearer token, or "". The account
// itself is loaded by the handler, inside the transaction.
func (m *Middleware) principal(r *http.Request) string {
	tok, err := auth.TokenFromHeader(r.Header.Get("Authorization"))
	if err != nil {
		return ""
	}
	c, err := m.o.Auth.Verify(tok)
	if err != nil {
		return ""
	}
	return c.ID
}

func (m *Middleware) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	rd := r.Body
	if m.o.MaxBodyBytes > 0 {
		rd = http.MaxBytesReader(w, rd, m.o.MaxBodyBytes)
	}
	b, err := io.ReadAll(rd)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err // answered 413 by WriteError
		}
		return nil, httpapi.BadRequest("Could not read request body")
	}
	return b, nil
}

// digest is the hex SHA-256 of the parts, each length-prefixed so that no two
// different lists of parts share an input.
func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		var n [8]byte
		for i, l := 0, uint64(len(p)); i < 8; i++ {
			n[i] = byte(l >> (8 * i))
		}
		h.Write(n[:])
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// replay answers from a stored, unexpired row: its answer when the request
// matches, 422 when the key was used for another request. done is false when
// there is no such row.
func (m *Middleware) replay(w http.ResponseWriter, r *http.Request, keyHash, reqHash string) (done bool, err error) {
	ctx := r.Context()
	var hash, body string
	var status, expires int64
	err = m.o.DB.Q(ctx).QueryRowContext(ctx, `SELECT request_hash, status, body, expires_at FROM idempotency_keys WHERE key_hash = ?`, keyHash).
		Scan(&hash, &status, &body, &expires)
	if db.IsNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if expires <= int64(db.Now()) {
		return false, nil // expired: the claim deletes it
	}
	if hash != reqHash {
		return true, httpapi.Invalid("Idempotency-Key", "This "+Header+" was already used with a different request")
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set(ReplayedHeader, "true")
	w.WriteHeader(int(status))
	_, _ = io.WriteString(w, body)
	return true, nil
}

// execute runs next once in a write transaction that claims the key first and
// stores a 2xx answer before it commits. It returns errTaken when another
// request committed the key meanwhile, and errNotStored (with the answer) when
// the answer was not a success and everything was rolled back.
func (m *Middleware) execute(next http.Handler, r *http.Request, body []byte, principal, keyHash, reqHash string) (*recorder, error) {
	var rec *recorder
	// READ COMMITTED: the handler's checks after its own locks must see rows
	// committed meanwhile (MySQL's REPEATABLE READ would read the snapshot of
	// the handler's first read, taken before it waited for the lock).
	ctx := db.WithTxOptions(r.Context(), &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	err := m.o.DB.InTx(ctx, func(ctx context.Context) error {
		rec = &recorder{header: http.Header{}}
		q := m.o.DB.Q(ctx)
		now := time.Now()
		if _, err := q.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE key_hash = ? AND expires_at <= ?`, keyHash, now.UnixMilli()); err != nil {
			return err
		}
		_, err := q.ExecContext(ctx, `INSERT INTO idempotency_keys (key_hash, principal_id, request_hash, status, body, created_at, expires_at) VALUES (?, ?, ?, 0, '', ?, ?)`,
			keyHash, principal, reqHash, now.UnixMilli(), now.Add(m.o.TTL).UnixMilli())
		if err != nil {
			if m.o.DB.Dialect.IsUniqueViolation(err) {
				return errTaken // the transaction may be unusable (PostgreSQL): re-read outside it
			}
			return err
		}
		req := r.WithContext(ctx)
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.ContentLength = int64(len(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		next.ServeHTTP(rec, req)
		if err := db.RetryableFailure(ctx); err != nil {
			return err // a deadlock the handler answered as 500: run it all again
		}
		if rec.code() < 200 || rec.code() > 299 {
			return errNotStored
		}
		_, err = q.ExecContext(ctx, `UPDATE idempotency_keys SET status = ?, body = ? WHERE key_hash = ?`, rec.code(), rec.body.String(), keyHash)
		return err
	})
	return rec, err
}

// recorder buffers a handler's answer until the transaction is over.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *recorder) Header() http.Header { return c.header }

func (c *recorder) WriteHeader(code int) {
	if c.status == 0 {
		c.status = code
	}
}

func (c *recorder) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.body.Write(b)
}

func (c *recorder) code() int {
	if c.status == 0 {
		return http.StatusOK
	}
	return c.status
}

func (c *recorder) flush(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range c.header {
		h[k] = v
	}
	w.WriteHeader(c.code())
	_, _ = w.Write(c.body.Bytes())
}

// Sweep deletes expired keys, a thousand at a time, and returns how many.
func (m *Middleware) Sweep(ctx context.Context) (int64, error) {
	var total int64
	for {
		var hashes []any
		err := m.o.DB.InTx(ctx, func(ctx context.Context) error {
			hashes = hashes[:0]
			q := m.o.DB.Q(ctx)
			rows, err := q.QueryContext(ctx, `SELECT key_hash FROM idempotency_keys WHERE expires_at <= ? LIMIT 1000`, int64(db.Now()))
			if err != nil {
				return err
			}
			for rows.Next() {
				var h string
				if err := rows.Scan(&h); err != nil {
					rows.Close()
					return err
				}
				hashes = append(hashes, h)
			}
			rows.Close()
			if err := rows.Err(); err != nil || len(hashes) == 0 {
				return err
			}
			marks := make([]byte, 0, 2*len(hashes))
			for i := range hashes {
				if i > 0 {
					marks = append(marks, ',')
				}
				marks = append(marks, '?')
			}
			args := append(hashes, int64(db.Now()))
			res, err := q.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE key_hash IN (`+string(marks)+`) AND expires_at <= ?`, args...)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			total += n
			return nil
		})
		if err != nil {
			return total, err
		}
		if len(hashes) < 1000 {
			return total, nil
		}
	}
}

// Run sweeps expired keys every SweepEvery until ctx is done.
func (m *Middleware) Run(ctx context.Context) {
	t := time.NewTicker(m.o.SweepEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := m.Sweep(ctx); err != nil && ctx.Err() == nil {
				m.o.Logger.Error("idempotency sweep", "err", err)
			} else if n > 0 {
				m.o.Logger.Info("idempotency sweep", "deleted", n)
			}
		}
	}
}
