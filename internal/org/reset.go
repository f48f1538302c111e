package org

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/crmhrm/crm/internal/platform/activity"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/mail"
	"github.com/crmhrm/crm/internal/platform/throttle"
)

// ResetTTL is how long a password reset code stays valid.
const ResetTTL = 15 * time.Minute

// Reset request limits per window (Limits.Window): requests per account (or
// unknown login name) and per client address, and wrong codes per address.
const (
	resetPerAccount    = 5
	resetPerAddress    = 20
	resetBadPerAddress = 20
)

// forgotAnswer is the one answer of POST /auth/forgot-password, whether or
// not an account matched.
const forgotAnswer = "If an account matches, a password reset code has been sent to its e-mail address"

func resetAccountKey(id string) string { return throttle.Key("reset-acct", id) }
func resetLoginKey(login string) string {
	return throttle.Key("reset-login", strings.ToLower(strings.TrimSpace(login)))
}
func resetAddressKey(ip string) string { return throttle.Key("reset-ip", ip) }
func resetCodeKey(ip string) string    { return throttle.Key("reset-code", ip) }

// hashResetToken is the stored form of a code: hex SHA-256. A code carries
// 256 random bits, so a fast hash is enough (nothing to brute-force).
func hashResetToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

func newResetToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// forgotPassword answers POST /auth/forgot-password {login}. Known or not,
// the login gets the same status, message and database work (a decoy code
// row for an unknown login), so the endpoint tells nobody which accounts
// exist; the mail goes out after commit through the outbox.
func (h *Handlers) forgotPassword(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Login any `json:"login"`
	}
	if err := httpapi.Decode(r, &in); err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	login, _ := in.Login.(string)
	login = strings.TrimSpace(login)
	switch {
	case login == "":
		httpapi.WriteError(w, r, httpapi.Invalid("login", `"login" is required`))
		return
	case len(login) > 320:
		httpapi.WriteError(w, r, httpapi.Invalid("login", `"login" must be at most 320 characters`))
		return
	}
	ctx := r.Context()
	pol := func(n int) throttle.Policy { return throttle.Policy{Limit: n, Window: h.guard.account.Window} }
	id, _, err := findLogin(ctx, h.Deps.DB, login)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	key := resetLoginKey(login)
	if id != "" {
		key = resetAccountKey(id)
	}
	// Every request counts (none is given back), so neither mailboxes nor
	// the outbox can be flooded.
	if _, err := h.guard.reserve(ctx, reservation{key: resetAddressKey(h.ClientIP.IP(r)), pol: pol(resetPerAddress)},
		reservation{key: key, pol: pol(resetPerAccount)}); err != nil {
		writeThrottled(w, r, err, "Too many password reset requests; try again later")
		return
	}
	tok := newResetToken()
	now := time.Now()
	err = h.Deps.DB.InTx(ctx, func(ctx context.Context) error {
		q := h.Deps.DB.Q(ctx)
		// Codes expired for a day are forgotten.
		if _, err := q.ExecContext(ctx, `DELETE FROM password_resets WHERE expires_at < ?`, now.Add(-24*time.Hour).UnixMilli()); err != nil {
			return err
		}
		var email, username, company string
		if id != "" {
			if err := q.QueryRowContext(ctx, `SELECT email, username, company_id FROM principals WHERE id = ?`, id).
				Scan(&email, &username, &company); err != nil {
				return err
			}
		}
		// The decoy row of an unknown login has no account: no code can match it.
		if _, err := q.ExecContext(ctx, `INSERT INTO password_resets (token_hash, principal_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hashResetToken(tok), id, now.UnixMilli(), now.Add(ResetTTL).UnixMilli()); err != nil {
			return err
		}
		if id == "" {
			return nil
		}
		_, err := mail.Enqueue(ctx, h.Deps.DB, mail.Message{CompanyID: company, To: email, Subject: "Password reset",
			Body: h.resetBody(username, tok), Sensitive: true})
		return err
	})
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	if h.WakeMail != nil {
		h.WakeMail()
	}
	httpapi.OK(w, http.StatusOK, forgotAnswer, nil)
}

func (h *Handlers) resetBody(username, tok string) string {
	var b strings.Builder
	b.WriteString("Someone (hopefully you) asked to reset the password of the account " + username + ".\n\n")
	if h.ResetURL != "" {
		link := h.ResetURL
		if strings.Contains(link, "?") {
			link += "&"
		} else {
			link += "?"
		}
		b.WriteString("Open this link to choose a new password:\n" + link + "token=" + url.QueryEscape(tok) + "\n\nor use this code:\n")
	} else {
		b.WriteString("Your reset code:\n")
	}
	b.WriteString(tok + "\n\nIt is valid for 15 minutes and works once. If you did not ask for it, ignore this mail: " +
		"your password stays as it is.\n")
	return b.String()
}

var (
	errResetInvalid = httpapi.Invalid("token", `"token" is not a valid password reset code`)
	errResetUsed    = httpapi.Invalid("token", `"token" has already been used; request a new code`)
	errResetExpired = httpapi.Invalid("token", `"token" has expired (codes are valid for 15 minutes); request a new code`)
)

// resetPassword answers POST /auth/reset-password {token, password}: a valid,
// unused, unexpired code sets the account's password (password policy as
// everywhere), ends every session of the account (token generation) and
// voids the account's other codes, in one transaction.
func (h *Handlers) resetPassword(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Token    any `json:"token"`
		Password any `json:"password"`
	}
	if err := httpapi.Decode(r, &in); err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	tok, _ := in.Token.(string)
	pw, _ := in.Password.(string)
	tok = strings.TrimSpace(tok)
	var errs httpapi.FieldErrors
	if tok == "" {
		errs.Add("token", `"token" is required`)
	}
	if pw == "" {
		errs.Add("password", `"password" is required`)
	}
	if err := errs.Err(); err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	ctx := r.Context()
	// Wrong codes are counted per address (a success gives its place back).
	held, err := h.guard.reserve(ctx, reservation{key: resetCodeKey(h.ClientIP.IP(r)),
		pol: throttle.Policy{Limit: resetBadPerAddress, Window: h.guard.account.Window}})
	if err != nil {
		writeThrottled(w, r, err, "Too many wrong reset codes; try again later")
		return
	}
	sum := hashResetToken(tok)
	var id string
	var expires int64
	var used *int64
	err = h.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT principal_id, expires_at, used_at FROM password_resets WHERE token_hash = ?`, sum).
		Scan(&id, &expires, &used)
	switch {
	case db.IsNoRows(err) || (err == nil && id == ""):
		httpapi.WriteError(w, r, errResetInvalid)
		return
	case err != nil:
		h.guard.release(ctx, held...)
		httpapi.WriteError(w, r, err)
		return
	case used != nil:
		httpapi.WriteError(w, r, errResetUsed)
		return
	case time.Now().UnixMilli() >= expires:
		httpapi.WriteError(w, r, errResetExpired)
		return
	}
	var kind, username, email, company string
	err = h.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT kind, username, email, company_id FROM principals WHERE id = ?`, id).
		Scan(&kind, &username, &email, &company)
	if db.IsNoRows(err) {
		httpapi.WriteError(w, r, errResetInvalid) // the account was deleted meanwhile
		return
	}
	if err != nil {
		h.guard.release(ctx, held...)
		httpapi.WriteError(w, r, err)
		return
	}
	h.guard.release(ctx, held...)
	if err := strongPassword(pw, kind, username, email); err != nil {
		httpapi.WriteError(w, r, httpapi.Invalid("password", `"password" `+err.Error()))
		return
	}
	// bcrypt runs before the write transaction, in the bounded gate.
	var nh string
	var herr error
	if err := h.guard.gate.Do(ctx, func() { nh, herr = h.Deps.Auth.HashPassword(pw) }); err != nil || herr != nil {
		writeThrottled(w, r, errors.Join(err, herr), "")
		return
	}
	err = h.Deps.DB.InTx(ctx, func(ctx context.Context) error {
		q := h.Deps.DB.Q(ctx)
		now := time.Now().UnixMilli()
		// Single use, checked where it is spent: of two requests with one
		// code, one updates the row and the other finds it used.
		res, err := q.ExecContext(ctx, `UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
			now, sum, now)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			if err != nil {
				return err
			}
			return errResetUsed
		}
		stamp := int64(db.Stamp())
		if _, err := q.ExecContext(ctx, `UPDATE principals SET password = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			nh, stamp, username, id); err != nil {
			return err
		}
		if err := auth.EndSessions(ctx, h.Deps.DB, id); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `UPDATE password_resets SET used_at = ? WHERE principal_id = ? AND used_at IS NULL`, now, id); err != nil {
			return err
		}
		if _, err := mail.Enqueue(ctx, h.Deps.DB, mail.Message{CompanyID: company, To: email, Subject: "Your password was changed",
			Body: "The password of the account " + username + " was reset with a code sent to this address. Every session " +
				"of the account has ended. If this was not you, contact your administrator.\n"}); err != nil {
			return err
		}
		return activity.Record(ctx, h.Deps.DB, activity.Entry{CompanyID: company, RelatedID: id, From: "account",
			EntityID: id, Action: "password reset", PerformedBy: username, Message: "Password of " + username + " reset by e-mail code"})
	})
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	// The account's failed logins are forgotten: its owner proved control of its mailbox.
	h.guard.clear(ctx, accountKey(id))
	if h.WakeMail != nil {
		h.WakeMail()
	}
	httpapi.OK(w, http.StatusOK, "Password has been reset; log in with the new password", nil)
}
