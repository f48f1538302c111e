package org

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/activity"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/password"
)

// Resources lists the area's declared resources, in mount order.
func Resources() []crud.Mountable {
	return []crud.Mountable{Accounts, SuperAdmins, Clients, SubClients, Employees, Users, Roles, Permissions,
		RolePermissions, Plans, ClientSubscriptions, Features, Departments, Designations, Branches, Activities, Notifications}
}

// Handlers serves the hand-written endpoints of the area.
type Handlers struct {
	Deps           *crud.Deps
	SuperAdminKey  string // SUPER_ADMIN_SECRET_KEY; POST /super-admin is disabled when empty
	loginLimiter   limiter
	superAdminLock limiter
}

// Mount registers the hand-written routes.
func (h *Handlers) Mount(rt *httpapi.Router) {
	a := h.Deps.Auth
	rt.HandleFunc("POST /api/v1/auth/login", h.login)
	rt.HandleFunc("POST /api/v1/auth/signup", a.Require(h.signup))
	rt.HandleFunc("POST /api/v1/super-admin", h.createSuperAdmin)
	rt.HandleFunc("POST /api/v1/subscriptions/assign", a.RequireSuperAdmin(h.assign))
	rt.HandleFunc("GET /api/v1/auth/me", a.Require(h.me))
	rt.HandleFunc("PUT /api/v1/auth/me/password", a.Require(h.changePassword))
}

// Operations documents the hand-written routes for the OpenAPI document.
func Operations() []crud.Operation {
	obj := func(req []string, props map[string]any) map[string]any {
		return map[string]any{"type": "object", "required": req, "properties": props}
	}
	str := map[string]any{"type": "string"}
	return []crud.Operation{
		{Method: "POST", Path: "/auth/login", ID: "auth-login", Tag: "Accounts", Access: "public",
			Summary:     "Log in with an e-mail or username",
			Description: "Answers data.token (JWT, 24 h) and data.user (the account without any password data, plus roleName). Wrong credentials answer 401 with one message whatever was wrong. Repeated failures from one address are slowed down with 429.",
			Body:        obj([]string{"login", "password"}, map[string]any{"login": str, "password": str})},
		{Method: "POST", Path: "/auth/signup", ID: "auth-signup", Tag: "Accounts", Access: "token", Status: 201, Permission: "staff.users.create",
			Summary:     "Create a user of the caller's company with a chosen role",
			Description: "role_id must be a role of the caller's company that grants nothing the caller lacks. Counts against the plan's max_users.",
			Body:        obj([]string{"username", "email", "password", "role_id"}, map[string]any{"username": str, "email": str, "password": str, "role_id": str})},
		{Method: "POST", Path: "/super-admin", ID: "super-admin-create", Tag: "Accounts", Access: "public", Status: 201,
			Summary:     "Create a super-admin (bootstrap)",
			Description: "Guarded by secret_key, which must equal SUPER_ADMIN_SECRET_KEY; disabled (403) when that is unset. Prefer `crm admin create`.",
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
			Description: "current_password must match (422 otherwise); new_password follows the password policy, as at account creation (at least 8 characters, 12 for a super-admin; at most 72 bytes; not a common password; not containing the username or e-mail name). No permission is needed. Every token issued before the change stops working; the answer's data.token is a fresh one.",
			Body:        obj([]string{"current_password", "new_password"}, map[string]any{"current_password": str, "new_password": str})},
	}
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
	// Failures are counted per address and login name, so that one user's
	// mistakes behind a shared proxy address do not lock out everyone else.
	ip := clientIP(r) + "|" + strings.ToLower(strings.TrimSpace(login))
	if !h.loginLimiter.allow(ip) {
		httpapi.WriteError(w, r, &httpapi.Error{Status: http.StatusTooManyRequests, Message: "Too many failed logins; try again in a minute"})
		return
	}
	ctx := r.Context()
	var id, hash string
	name := strings.TrimSpace(login)
	// E-mails are stored lower-cased by Go; usernames are compared with the
	// database's own LOWER on both sides, as their unique index is, so that a
	// username with non-ASCII capitals matches itself on SQLite too.
	err := h.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT id, password FROM principals WHERE email = ? OR LOWER(username) = LOWER(?)`,
		strings.ToLower(name), name).Scan(&id, &hash)
	if err != nil && !db.IsNoRows(err) {
		httpapi.WriteError(w, r, err)
		return
	}
	if err != nil || !auth.CheckPassword(hash, pw) {
		if err != nil {
			// Spend the same time as a real comparison so timing does not reveal accounts.
			auth.CheckPassword(dummyHash, pw)
		}
		h.loginLimiter.fail(ip)
		httpapi.WriteError(w, r, httpapi.Unauthorized("Invalid login or password"))
		return
	}
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

var dummyHash, _ = auth.HashPassword("not-a-real-password", 10)

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
	err := h.Deps.DB.InTx(r.Context(), func(ctx context.Context) error {
		var hash string
		if err := h.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT password FROM principals WHERE id = ?`, p.ID).Scan(&hash); err != nil {
			return err
		}
		if !auth.CheckPassword(hash, cur) {
			return httpapi.Invalid("current_password", `"current_password" is not the account's password`)
		}
		nh, err := h.Deps.Auth.HashPassword(next)
		if err != nil {
			return err
		}
		now := int64(db.Stamp())
		if _, err := h.Deps.DB.Q(ctx).ExecContext(ctx, `UPDATE principals SET password = ?, password_changed_at = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
			nh, now, now, p.Username, p.ID); err != nil {
			return err
		}
		return activity.Record(ctx, h.Deps.DB, activity.Entry{CompanyID: p.CompanyID, RelatedID: p.ID, From: "account",
			EntityID: p.ID, Action: "password changed", PerformedBy: p.Username, Message: "Password of " + p.Username + " changed"})
	})
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	// Tokens issued before the change are refused from now on; the caller gets a fresh one.
	fresh, err := h.Deps.Auth.Issue(p)
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
	ip := clientIP(r)
	if !h.superAdminLock.allow(ip) {
		httpapi.WriteError(w, r, &httpapi.Error{Status: http.StatusTooManyRequests, Message: "Too many attempts; try again in a minute"})
		return
	}
	raw, err := httpapi.ReadObject(r)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	var key string
	_ = json.Unmarshal(raw["secret_key"], &key)
	if subtle.ConstantTimeCompare([]byte(key), []byte(h.SuperAdminKey)) != 1 {
		h.superAdminLock.fail(ip)
		httpapi.WriteError(w, r, httpapi.Unauthorized("Invalid secret key"))
		return
	}
	row, err := CreateSuperAdmin(r.Context(), h.Deps, raw)
	if err != nil {
		httpapi.WriteError(w, r, err)
		return
	}
	httpapi.OK(w, http.StatusCreated, "Super admin created successfully", row)
}

// CreateSuperAdmin validates and stores a super-admin account from an input
// document (username, email, password). The password follows the password
// policy for super-admins (at least 12 characters), checked by the resource.
func CreateSuperAdmin(ctx context.Context, d *crud.Deps, raw map[string]json.RawMessage) (*Principal, error) {
	system := &auth.Principal{Kind: auth.KindSuperAdmin, Username: "system"}
	return SuperAdmins.CreateWith(ctx, SuperAdmins.NewCall(d, nil, system, ""), raw, func(ctx context.Context, row *Principal) error {
		id, err := platformRoleID(ctx, d.DB, auth.KindSuperAdmin)
		row.RoleID = id
		return err
	})
}

// strongPassword applies the password policy (package password) to a new
// password of an account of kind with the given username and e-mail. The
// error's text follows the input field's name.
func strongPassword(pw, kind, username, email string) error {
	return password.Check(pw, password.Account{Username: username, Email: email, SuperAdmin: kind == auth.KindSuperAdmin})
}

func jsonString(raw json.RawMessage, out *string) error { return json.Unmarshal(raw, out) }

func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndex(host, ":"); i > 0 {
		host = host[:i]
	}
	return host
}

// limiter slows down guessing: after 10 failures in a minute from one address,
// further attempts from it are refused until the minute is over.
type limiter struct {
	mu   sync.Mutex
	hits map[string][]time.Time
}

func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.recent(key)) < 10
}

func (l *limiter) fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.hits == nil {
		l.hits = map[string][]time.Time{}
	}
	if len(l.hits) > 10000 {
		l.hits = map[string][]time.Time{}
	}
	l.hits[key] = append(l.recent(key), time.Now())
}

func (l *limiter) recent(key string) []time.Time {
	cut := time.Now().Add(-time.Minute)
	var out []time.Time
	for _, t := range l.hits[key] {
		if t.After(cut) {
			out = append(out, t)
		}
	}
	return out
}
