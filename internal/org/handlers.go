package org

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/activity"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/clientip"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/password"
)

// Resources lists the area's declared resources, in mount order.
func Resources() []crud.Mountable {
	return []crud.Mountable{Accounts, SuperAdmins, Clients, SubClients, Employees, Users, Roles, Permissions,
		RolePermissions, Plans, PlansAtClientPath, ClientSubscriptions, Features, Departments, Designations, Branches, Activities, Notifications}
}

// Handlers serves the hand-written endpoints of the area.
type Handlers struct {
	Deps          *crud.Deps
	SuperAdminKey string // SUPER_ADMIN_SECRET_KEY; POST /super-admin is disabled when empty
	// AllowSuperAdminSignup keeps POST /super-admin open once a super-admin
	// exists (ALLOW_SUPER_ADMIN_SIGNUP); otherwise it creates the first only.
	AllowSuperAdminSignup bool
	ClientIP              *clientip.Resolver // the client address of a request (nil: the TCP peer)
	Limits                Limits             // the password-guessing throttle
	// ResetURL is the web page a password reset mail links to, with
	// ?token=<code> added (PASSWORD_RESET_URL); empty: the mail holds the code only.
	ResetURL string
	// WakeMail, when set, is called after a commit that enqueued mail.
	WakeMail func()
	guard    *limiter
}

// Mount registers the hand-written routes.
func (h *Handlers) Mount(rt *httpapi.Router) {
	h.guard = newLimiter(h.Deps.DB, h.Limits)
	a := h.Deps.Auth
	rt.HandleFunc("POST /api/v1/auth/login", h.login)
	rt.HandleFunc("POST /api/v1/auth/signup", a.Require(h.signup))
	rt.HandleFunc("POST /api/v1/auth/forgot-password", h.forgotPassword)
	rt.HandleFunc("POST /api/v1/auth/reset-password", h.resetPassword)
	rt.HandleFunc("POST /api/v1/super-admin", h.createSuperAdmin)
	rt.HandleFunc("POST /api/v1/subscriptions/assign", a.RequireSuperAdmin(h.assign))
	rt.HandleFunc("GET /api/v1/auth/me", a.Require(h.me))
	rt.HandleFunc("PUT /api/v1/auth/me/password", a.Require(h.changePassword))
	rt.HandleFunc("GET /api/v1/notifications/unread-count", a.Require(h.unreadCount))
	rt.HandleFunc("PUT /api/v1/notifications/read-all", a.Require(h.readAll))
	rt.HandleFunc("DELETE /api/v1/notifications/{id}", a.Require(h.deleteOne))
}

// Operations documents the hand-written routes for the OpenAPI document.
func Operations() []crud.Operation {
	obj := func(req []string, props map[string]any) map[string]any {
		return map[string]any{"type": "object", "required": req, "properties": props}
	}
	str := map[string]any{"type": "string"}
	return append([]crud.Operation{
		{Method: "POST", Path: "/auth/login", ID: "auth-login", Tag: "Accounts", Access: "public",
			Summary:     "Log in with an e-mail or username",
			Description: "Answers data.token (JWT, 24 h) and data.user (the account without any password data, plus roleName). Wrong credentials answer 401 with one message whatever was wrong. After 10 failures for one account (or unknown login) or 50 from one client address within 15 minutes, attempts answer 429 with Retry-After until the window ends; 503 with Retry-After when too many password checks are already running.",
			Body:        obj([]string{"login", "password"}, map[string]any{"login": str, "password": str})},
		{Method: "POST", Path: "/auth/forgot-password", ID: "auth-forgot-password", Tag: "Accounts", Access: "public",
			Summary: "Mail a password reset code",
			Description: "login is an e-mail or a username, as at login. The answer is always the same 200 (message \"" + forgotAnswer + "\"), " +
				"whether an account matched or not. When one does, a one-time code (and, with PASSWORD_RESET_URL, a link) valid for 15 minutes " +
				"goes to its e-mail address. 422 when login is missing; 429 with Retry-After after 5 requests for one account (or unknown login) " +
				"or 20 from one client address within 15 minutes.",
			Body: obj([]string{"login"}, map[string]any{"login": str})},
		{Method: "POST", Path: "/auth/reset-password", ID: "auth-reset-password", Tag: "Accounts", Access: "public",
			Summary: "Set a new password with a reset code",
			Description: "token is the code from the mail. An unknown, used or expired code answers 422 naming token; password follows the " +
				"password policy (422 naming password). Success sets the password, ends every session of the account (all its tokens answer " +
				"401), voids its other codes and mails a notice. 20 wrong codes from one address within 15 minutes answer 429.",
			Body: obj([]string{"token", "password"}, map[string]any{"token": str, "password": str})},
		{Method: "POST", Path: "/auth/signup", ID: "auth-signup", Tag: "Accounts", Access: "token", Status: 201, Permission: "staff.users.create",
			Summary:     "Create a user of the caller's company with a chosen role",
			Description: "role_id must be a role of the caller's company that grants nothing the caller lacks. Counts against the plan's max_users.",
			Body:        obj([]string{"username", "email", "password", "role_id"}, map[string]any{"username": str, "email": str, "password": str, "role_id": str})},
		{Method: "POST", Path: "/super-admin", ID: "super-admin-create", Tag: "Accounts", Access: "public", Status: 201,
			Summary:     "Create a super-admin (bootstrap)",
			Description: "Guarded by secret_key, which must equal SUPER_ADMIN_SECRET_KEY; disabled (403) when that is unset. Creates the first super-admin only: once one exists it answers 403 unless ALLOW_SUPER_ADMIN_SIGNUP=true. Prefer `crm admin create`.",
			Body:        obj([]string{"username", "email", "password", "secret_key"}, map[string]any{"username": str, "email": str, "password": str, "secret_key": str})},
		{Method: "POST", Path: "/subscriptions/assign", ID: "subscriptions-assign", Tag: "Subscriptions", Access: "super-admin", Status: 201,
			Summary:     "Assign a plan to a client",
			Description: "status is active or trial; 409 when the client already has a live subscription. Usage counters start at the company's current number of users and sub-clients.",
			Body: obj([]string{"client_id", "plan_id", "start_date", "status"}, map[string]any{"client_id": str, "plan_id": str,
				"start_date": map[string]any{"type": "string", "format": "date-time"}, "end_date": map[string]any{"type": "string", "format": "date-time"},
				"status": map[string]any{"type": "string", "enum": []string{"active", "trial"}}})},
		{Method: "GET", Path: "/auth/me", ID: "auth-me", Tag: "Accounts", Access: "token",
			Summary: "The caller's own account, role name and effective permissions"},
		{Method: "PUT", Path: "/auth/me/password", ID: "auth-me-password", Tag: "Accounts", Access: "token",
			Summary:     "Change the caller's own password",
			Description: "current_password must match (422 otherwise; a wrong one counts as a failed login of the account, and past the limit the answer is 429 with Retry-After); new_password follows the password policy, as at account creation (at least 8 characters, 12 for a super-admin; at most 72 bytes; not a common password; not containing the username or e-mail name). No permission is needed. Every token issued before the change stops working; the answer's data.token is a fresh one.",
			Body:        obj([]string{"current_password", "new_password"}, map[string]any{"current_password": str, "new_password": str})},
	}, notificationOperations()...)
}

// userView is how an account appears in login and /auth/me answers.
type userView struct {
	*Principal
	RoleName    string      `json:"roleName"`
	Permissions authz.Perms `json:"permissions,omitempty"`
}

func (h *Handlers) login(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Login    any `json:"login"`
		Password any `json:"password"`
	}
	if err := httpapi.Decode(r, &in); err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	login, _ := in.Login.(string)
	pw, _ := in.Password.(string)
	var errs httpapi.FieldErrors
	if strings.TrimSpace(login) == "" {
		errs.Add("login", `"login" is required`)
	}
	if pw == "" {
		errs.Add("password", `"password" is required`)
	}
	if err := errs.Err(); err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	ctx := r.Context()
	name := strings.TrimSpace(login)
	id, hash, err := findLogin(ctx, h.Deps.DB, name)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	// The attempt is counted before bcrypt runs, under the client address and
	// under the account (or, for a login that matches none, the login name),
	// so concurrent or distributed guesses cannot overrun the limits.
	key := unknownLoginKey(name)
	if id != "" {
		key = accountKey(id)
	}
	held, err := h.guard.reserve(ctx, reservation{key: addressKey(h.ClientIP.IP(r)), pol: h.guard.address},
		reservation{key: key, pol: h.guard.account})
	if err != nil {
		writeThrottled(w, r, err, "Too many failed logins; try again later")
		return
	}
	if id == "" {
		// Spend the same time as a real comparison so timing does not reveal accounts.
		hash = h.Deps.Auth.DummyHash()
	}
	var ok bool
	if err := h.guard.gate.Do(ctx, func() { ok = auth.CheckPassword(hash, pw) }); err != nil {
		h.guard.release(ctx, held...)
		writeThrottled(w, r, err, "")
		return
	}
	if !ok || id == "" {
		httpapi.WriteError(w, r, httpapi.Unauthorized("Invalid login or password"))
		return
	}
	h.guard.release(ctx, held[0])
	h.guard.clear(ctx, key)
	p, err := h.Deps.Auth.Load(ctx, id)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	tok, err := h.Deps.Auth.Issue(p)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	row, err := Accounts.Find(ctx, Accounts.NewCall(h.Deps, r, &auth.Principal{Kind: auth.KindSuperAdmin}, ""), id, false)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusOK, "Login successful", map[string]any{"token": tok, "user": userView{Principal: row, RoleName: p.RoleName}})
}

// findLogin returns the id and password hash of the account whose e-mail
// equals login (e-mails are stored lower-cased) or whose username equals it
// ignoring case; both empty when there is none. The query narrows the search
// (usernames are compared with the database's LOWER, as their unique index
// is); the comparison in Go decides, so that MariaDB's accent- and
// width-insensitive collation cannot widen the match.
func findLogin(ctx context.Context, store *db.DB, login string) (id, hash string, err error) {
	lower := strings.ToLower(login)
	rows, err := store.Q(ctx).QueryContext(ctx, `SELECT id, email, username, password FROM principals WHERE email = ? OR LOWER(username) = LOWER(?)`,
		lower, login)
	if err != nil {
		return "", "", err
	}
	defer rows.Close()
	var byName [2]string
	for rows.Next() {
		var rid, email, username, rhash string
		if err := rows.Scan(&rid, &email, &username, &rhash); err != nil {
			return "", "", err
		}
		switch {
		case strings.ToLower(email) == lower:
			id, hash = rid, rhash
		case byName[0] == "" && strings.EqualFold(username, login):
			byName = [2]string{rid, rhash}
		}
	}
	if err := rows.Err(); err != nil {
		return "", "", err
	}
	if id == "" {
		id, hash = byName[0], byName[1]
	}
	return id, hash, nil
}

func (h *Handlers) me(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	row, err := Accounts.Find(r.Context(), Accounts.NewCall(h.Deps, r, &auth.Principal{Kind: auth.KindSuperAdmin}, ""), p.ID, false)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusOK, "Account fetched successfully", userView{Principal: row, RoleName: p.RoleName, Permissions: p.Holds()})
}

// signup creates an employee account of the caller's company with the
// role_id from the body (which must not grant more than the caller holds).
func (h *Handlers) signup(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !p.IsSuperAdmin() && !p.Can(authz.Perm{Module: "staff", Entity: "users"}, authz.Create) {
		httpapi.WriteError(w, r, httpapi.Forbidden("You are not authorized to perform this action"))
		return
	}
	raw, err := httpapi.ReadObject(r)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	if rid, ok := raw["role_id"]; !ok || string(rid) == "null" || string(rid) == `""` {
		httpapi.WriteError(w, r, httpapi.Invalid("role_id", `"role_id" is required`))
		return
	}
	row, err := Users.CreateWith(r.Context(), Users.NewCall(h.Deps, r, p, p.CompanyID), raw, nil)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusCreated, "User created successfully", row)
}

// changePassword lets any signed-in account change its own password.
func (h *Handlers) changePassword(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	var in struct {
		Current any `json:"current_password"`
		New     any `json:"new_password"`
	}
	if err := httpapi.Decode(r, &in); err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	cur, _ := in.Current.(string)
	next, ok := in.New.(string)
	var errs httpapi.FieldErrors
	if cur == "" {
		errs.Add("current_password", `"current_password" is required`)
	}
	switch {
	case !ok || next == "":
		errs.Add("new_password", `"new_password" is required`)
	default:
		if err := strongPassword(next, p.Kind, p.Username, p.Email); err != nil {
			errs.Add("new_password", `"new_password" `+err.Error())
		}
	}
	if err := errs.Err(); err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	// A wrong current password counts as a failed login of the account. Both
	// bcrypt operations run before the write transaction, which only checks
	// that the stored hash is still the one verified.
	ctx := r.Context()
	key := accountKey(p.ID)
	held, err := h.guard.reserve(ctx, reservation{key: key, pol: h.guard.account})
	if err != nil {
		writeThrottled(w, r, err, "Too many failed password checks; try again later")
		return
	}
	var hash string
	if err := h.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT password FROM principals WHERE id = ?`, p.ID).Scan(&hash); err != nil {
		h.guard.release(ctx, held...)
		httpapi.WriteError(w, r, err)
		return
	}
	var match bool
	var nh string
	var herr error
	if err := h.guard.gate.Do(ctx, func() {
		if match = auth.CheckPassword(hash, cur); match {
			nh, herr = h.Deps.Auth.HashPassword(next)
		}
	}); err != nil || herr != nil {
		h.guard.release(ctx, held...)
		writeThrottled(w, r, errors.Join(err, herr), "")
		return
	}
	if !match {
		httpapi.WriteError(w, r, httpapi.Invalid("current_password", `"current_password" is not the account's password`))
		return
	}
	h.guard.release(ctx, held...)
	var after *auth.Principal
	err = h.Deps.DB.InTx(ctx, func(ctx context.Context) error {
		now := int64(db.Stamp())
		res, err := h.Deps.DB.Q(ctx).ExecContext(ctx, `UPDATE principals SET password = ?, updated_at = ?, updated_by = ? WHERE id = ?`+
			` AND password = ?`, nh, now, p.Username, p.ID, hash)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			if err != nil {
				return err
			}
			return httpapi.Conflict("The password was changed meanwhile; try again")
		}
		if err := auth.EndSessions(ctx, h.Deps.DB, p.ID); err != nil {
			return err
		}
		// Read back in the transaction: the fresh token carries this change's
		// generation, not a later one.
		if after, err = h.Deps.Auth.Load(ctx, p.ID); err != nil {
			return err
		}
		return activity.Record(ctx, h.Deps.DB, activity.Entry{CompanyID: p.CompanyID, RelatedID: p.ID, From: "account",
			EntityID: p.ID, Action: "password changed", PerformedBy: p.Username, Message: "Password of " + p.Username + " changed"})
	})
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	h.guard.clear(ctx, key)
	// Tokens issued before the change are refused from now on; the caller gets
	// a fresh one, of the account's new generation.
	fresh, err := h.Deps.Auth.Issue(after)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusOK, "Password changed successfully", map[string]any{"token": fresh})
}

func (h *Handlers) createSuperAdmin(w http.ResponseWriter, r *http.Request) {
	if h.SuperAdminKey == "" {
		httpapi.WriteError(w, r, httpapi.Forbidden("Super-admin sign-up is disabled; use `crm admin create`"))
		return
	}
	if !h.AllowSuperAdminSignup {
		// Closed before the key is even compared: once closed, the endpoint
		// is no oracle for guessing the key.
		exists, err := superAdminExists(r.Context(), h.Deps.DB)
		if err != nil {
			httpapi.WriteError(w, r, err)
			return
		}
		if exists {
			httpapi.WriteError(w, r, errSignupClosed)
			return
		}
	}
	// Reserved before the key is compared, so concurrent guesses cannot overrun the limit.
	held, err := h.guard.reserve(r.Context(), reservation{key: signupKey(h.ClientIP.IP(r)), pol: h.guard.superAdmin})
	if err != nil {
		writeThrottled(w, r, err, "Too many attempts; try again later")
		return
	}
	raw, err := httpapi.ReadObject(r)
	if err != nil {
		h.guard.release(r.Context(), held...)
		httpapi.WriteError(w, r, err)
		return
	}
	var key string
	_ = json.Unmarshal(raw["secret_key"], &key)
	if subtle.ConstantTimeCompare([]byte(key), []byte(h.SuperAdminKey)) != 1 {
		httpapi.WriteError(w, r, httpapi.Unauthorized("Invalid secret key"))
		return
	}
	h.guard.release(r.Context(), held...)
	row, err := insertSuperAdmin(r.Context(), h.Deps, raw, !h.AllowSuperAdminSignup)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusCreated, "Super admin created successfully", row)
}

var errSignupClosed = httpapi.Forbidden("Super-admin sign-up is closed because a super-admin exists; use `crm admin create`")

func superAdminExists(ctx context.Context, store *db.DB) (bool, error) {
	var n int
	if err := store.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM principals WHERE kind = ?`, auth.KindSuperAdmin).Scan(&n); err != nil {
		return false, fmt.Errorf("org: count super-admins: %w", err)
	}
	return n > 0, nil
}

// CreateSuperAdmin validates and stores a super-admin account from an input
// document (username, email, password), whether or not one exists (this is
// `crm admin create`). The password follows the password policy for
// super-admins (at least 12 characters), checked by the resource.
func CreateSuperAdmin(ctx context.Context, d *crud.Deps, raw map[string]json.RawMessage) (*Principal, error) {
	return insertSuperAdmin(ctx, d, raw, false)
}

// insertSuperAdmin is CreateSuperAdmin; with firstOnly it refuses (403) when
// a super-admin exists, checked in the transaction of the insert while the
// platform super-admin role row is locked, so that concurrent sign-ups
// cannot both be first.
func insertSuperAdmin(ctx context.Context, d *crud.Deps, raw map[string]json.RawMessage, firstOnly bool) (*Principal, error) {
	system := &auth.Principal{Kind: auth.KindSuperAdmin, Username: "system"}
	return SuperAdmins.CreateWith(ctx, SuperAdmins.NewCall(d, nil, system, ""), raw, func(ctx context.Context, row *Principal) error {
		id, err := platformRoleID(ctx, d.DB, auth.KindSuperAdmin)
		if err != nil {
			return err
		}
		row.RoleID = id
		if !firstOnly {
			return nil
		}
		lock := " FOR UPDATE"
		if d.DB.Dialect.Name() == "sqlite" {
			lock = "" // the write transaction already holds SQLite's lock
		}
		var locked string
		if err := d.DB.Q(ctx).QueryRowContext(ctx, `SELECT id FROM roles WHERE id = ?`+lock, id).Scan(&locked); err != nil {
			return fmt.Errorf("org: lock super-admin role: %w", err)
		}
		exists, err := superAdminExists(ctx, d.DB)
		if err != nil {
			return err
		}
		if exists {
			return errSignupClosed
		}
		return nil
	})
}

// strongPassword applies the password policy (package password) to a new
// password of an account of kind with the given username and e-mail. The
// error's text follows the input field's name.
func strongPassword(pw, kind, username, email string) error {
	return password.Check(pw, password.Account{Username: username, Email: email, SuperAdmin: kind == auth.KindSuperAdmin})
}

func jsonString(raw json.RawMessage, out *string) error { return json.Unmarshal(raw, out) }
