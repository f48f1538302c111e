// Package auth issues and verifies the service's JWTs, hashes passwords and
// resolves the calling principal of each request.
package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Principal kinds. One table holds them all.
const (
	KindSuperAdmin = "super-admin"
	KindClient     = "client"
	KindSubClient  = "sub-client"
	KindEmployee   = "employee"
)

// Principal is the authenticated caller.
type Principal struct {
	ID        string
	Kind      string
	Username  string
	Email     string
	RoleID    string
	RoleName  string
	CompanyID string // the client (company) the caller belongs to; empty for a super-admin
	Perms     authz.Perms
	// PasswordChangedAt is when the password last changed (0: never).
	PasswordChangedAt db.Time
	// TokenGeneration counts the account's password changes; a token that
	// carries another generation is refused.
	TokenGeneration int64
}

// IsSuperAdmin reports a platform administrator.
func (p *Principal) IsSuperAdmin() bool { return p != nil && p.Kind == KindSuperAdmin }

// Can reports whether the caller may perform action on perm inside its own
// company: a super-admin and a client (the company owner) hold everything,
// everyone else what their role grants.
func (p *Principal) Can(perm authz.Perm, action string) bool {
	if p == nil {
		return false
	}
	if p.Kind == KindSuperAdmin || p.Kind == KindClient {
		return true
	}
	return p.Perms.Allows(perm, action)
}

// Holds returns the caller's effective permission document.
func (p *Principal) Holds() authz.Perms {
	if p.Kind == KindSuperAdmin || p.Kind == KindClient {
		return authz.All()
	}
	return p.Perms
}

type principalKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// From returns the principal in ctx, or nil.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// Claims are the JWT claims: the original's id, email and role (the role id),
// plus roleName, the company id and the account's token generation (gen).
// Tokens issued before generations existed carry no gen.
type Claims struct {
	ID         string `json:"id"`
	Email      string `json:"email"`
	Role       string `json:"role"`
	RoleName   string `json:"roleName"`
	CompanyID  string `json:"company_id"`
	Generation *int64 `json:"gen,omitempty"`
	jwt.RegisteredClaims
}

// Service signs and checks tokens and loads principals.
type Service struct {
	DB         *db.DB
	Secret     []byte
	TTL        time.Duration
	BcryptCost int
	// CacheTTL bounds how long a loaded principal is reused by this instance
	// (see sessionCache); 0 means DefaultCacheTTL, a negative value turns the
	// principal cache off (every request loads its principal).
	CacheTTL time.Duration

	dummyOnce sync.Once
	dummy     string

	cacheOnce sync.Once
	cache     sessionCache
}

// watchedTables are the tables whose committed writes drop cached principals.
var watchedTables = []string{AccountsTable, "roles", "permissions"} // "permissions" also matches role_permissions

func (s *Service) sessions() *sessionCache {
	s.cacheOnce.Do(func() {
		s.cache.ttl = s.CacheTTL
		if s.cache.ttl == 0 {
			s.cache.ttl = DefaultCacheTTL
		}
		if s.DB != nil {
			s.DB.OnWrite(watchedTables, s.cache.invalidate)
		}
	})
	return &s.cache
}

// Invalidate drops every principal this instance has cached, so that the
// next request of each account loads it again.
func (s *Service) Invalidate() { s.sessions().invalidate() }

// Issue signs a token for p, valid for TTL (24 h by default). It carries
// p.TokenGeneration, so p must have been loaded after the last password change.
func (s *Service) Issue(p *Principal) (string, error) {
	ttl := s.TTL
	if ttl == 0 {
		ttl = 24 * time.Hour
	}
	now := time.Now()
	c := Claims{
		ID: p.ID, Email: p.Email, Role: p.RoleID, RoleName: p.RoleName, CompanyID: p.CompanyID,
		Generation: &p.TokenGeneration,
		RegisteredClaims: jwt.RegisteredClaims{
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
		},
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.Secret)
}

// TokenFromHeader extracts the token from "Bearer <jwt>" or "Bearer "<jwt>"".
func TokenFromHeader(h string) (string, error) {
	if h == "" {
		return "", httpapi.Unauthorized("Authorization token is required")
	}
	scheme, rest, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", httpapi.Unauthorized("Invalid authorization header format")
	}
	tok := strings.TrimSpace(rest)
	tok = strings.TrimPrefix(tok, `"`)
	tok = strings.TrimSuffix(tok, `"`)
	if tok == "" {
		return "", httpapi.Unauthorized("Authorization token is required")
	}
	return tok, nil
}

// Verify checks a token's signature (HS256 only) and expiry. A token already
// verified is not parsed again until it expires. The claims are shared: read
// them only.
func (s *Service) Verify(tok string) (*Claims, error) {
	sess, err := s.verify(tok)
	if err != nil {
		return nil, err
	}
	return sess.claims, nil
}

func (s *Service) verify(tok string) (*session, error) {
	sc := s.sessions()
	if sess := sc.lookup(tok); sess != nil {
		return sess, nil
	}
	c, err := s.parse(tok)
	if err != nil {
		return nil, err
	}
	return sc.store(tok, c), nil
}

func (s *Service) parse(tok string) (*Claims, error) {
	var c Claims
	_, err := jwt.ParseWithClaims(tok, &c, func(*jwt.Token) (any, error) { return s.Secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil {
		if errors.Is(err, jwt.ErrTokenExpired) {
			return nil, httpapi.Unauthorized("Token expired")
		}
		return nil, httpapi.Unauthorized("Invalid token")
	}
	if c.ID == "" {
		return nil, httpapi.Unauthorized("Invalid token")
	}
	return &c, nil
}

// Authenticate resolves the caller of r: it verifies the bearer token and
// loads the principal's current row and role, so a deleted account or a
// changed role takes effect at once. A token whose generation is not the
// account's current one (a password changed since it was issued) is refused.
func (s *Service) Authenticate(r *http.Request) (*Principal, error) {
	tok, err := TokenFromHeader(r.Header.Get("Authorization"))
	if err != nil {
		return nil, err
	}
	sess, err := s.verify(tok)
	if err != nil {
		return nil, err
	}
	sc := s.sessions()
	if p := sc.principal(sess); p != nil {
		return p, nil
	}
	c := sess.claims
	epoch := sc.epoch.Load() // before the load: a write committed meanwhile drops what it reads
	p, err := s.Load(r.Context(), c.ID)
	if err != nil {
		if db.IsNoRows(err) {
			return nil, httpapi.Unauthorized("User not found")
		}
		return nil, err
	}
	if !current(c, p) {
		return nil, httpapi.Unauthorized("Token issued before the last password change; log in again")
	}
	if sc.ttl > 0 {
		cp := *p
		sess.p.Store(&loaded{p: &cp, epoch: epoch, at: time.Now()})
	}
	return p, nil
}

// current reports whether a token still belongs to the account's current
// session generation. A token without a generation dates from before
// generations were recorded: it counts as generation 0 and, as then, is also
// refused when issued in an earlier second than the last password change.
func current(c *Claims, p *Principal) bool {
	if c.Generation != nil {
		return *c.Generation == p.TokenGeneration
	}
	if p.TokenGeneration != 0 {
		return false
	}
	return p.PasswordChangedAt == 0 || c.IssuedAt != nil && c.IssuedAt.Unix() >= p.PasswordChangedAt.Std().Unix()
}

// Load reads a principal and its role by id.
func (s *Service) Load(ctx context.Context, id string) (*Principal, error) {
	var p Principal
	var roleName *string
	var changed *int64
	err := s.DB.Q(ctx).QueryRowContext(ctx,
		`SELECT p.id, p.kind, p.username, p.email, p.role_id, p.company_id, r.role_name, p.password_changed_at,
		 p.token_generation
		 FROM principals p LEFT JOIN roles r ON r.id = p.role_id WHERE p.id = ?`, id).
		Scan(&p.ID, &p.Kind, &p.Username, &p.Email, &p.RoleID, &p.CompanyID, &roleName, &changed, &p.TokenGeneration)
	if err != nil {
		return nil, err
	}
	if changed != nil {
		p.PasswordChangedAt = db.Time(*changed)
	}
	if roleName != nil {
		p.RoleName = *roleName
	}
	if p.Kind != KindSuperAdmin && p.Kind != KindClient {
		if p.Perms, err = RolePerms(ctx, s.DB, p.RoleID); err != nil {
			return nil, err
		}
	}
	return &p, nil
}

// AccountsTable is the table that holds every account and its password.
const AccountsTable = "principals"

// EndSessions records a password change of account id inside the transaction
// in ctx: it increments the account's token generation, so every token issued
// before ends at once, and stamps password_changed_at. Every password write
// calls it in the transaction of that write.
func EndSessions(ctx context.Context, store *db.DB, id string) error {
	_, err := store.Q(ctx).ExecContext(ctx,
		`UPDATE principals SET token_generation = token_generation + 1, password_changed_at = ? WHERE id = ?`, int64(db.Stamp()), id)
	if err != nil {
		return fmt.Errorf("auth: end sessions: %w", err)
	}
	return nil
}

// RolePerms returns what a role grants: its own document plus every active
// permission document attached to it through /role-permissions.
func RolePerms(ctx context.Context, store *db.DB, roleID string) (authz.Perms, error) {
	rows, err := store.Q(ctx).QueryContext(ctx,
		`SELECT permissions FROM roles WHERE id = ?
		 UNION ALL
		 SELECT p.permissions FROM role_permissions rp JOIN permissions p ON p.id = rp.permission_id
		 WHERE rp.role_id = ? AND rp.status = 'active'`, roleID, roleID)
	if err != nil {
		return nil, fmt.Errorf("auth: role permissions: %w", err)
	}
	defer rows.Close()
	out := authz.Perms{}
	for rows.Next() {
		var doc db.JSON
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("auth: role permissions: %w", err)
		}
		out.Merge(authz.Parse(doc))
	}
	return out, rows.Err()
}

// Require wraps h so that it runs only for an authenticated caller (401 otherwise).
func (s *Service) Require(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.Authenticate(r)
		if err != nil {
			httpapi.WriteError(w, r, err)
			return
		}
		h(w, r.WithContext(With(r.Context(), p)))
	}
}

// RequireSuperAdmin wraps h so that it runs only for a super-admin (403 otherwise).
func (s *Service) RequireSuperAdmin(h http.HandlerFunc) http.HandlerFunc {
	return s.Require(func(w http.ResponseWriter, r *http.Request) {
		if !From(r.Context()).IsSuperAdmin() {
			httpapi.WriteError(w, r, httpapi.Forbidden("Only a super-admin may do this"))
			return
		}
		h(w, r)
	})
}

// HashPassword hashes a password with bcrypt at the service's cost.
func (s *Service) HashPassword(pw string) (string, error) {
	return HashPassword(pw, s.BcryptCost)
}

// HashPassword hashes a password with bcrypt at cost (the default cost when 0).
func HashPassword(pw string, cost int) (string, error) {
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), cost)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return string(h), nil
}

// DummyHash returns a hash of a random password at the service's cost, made
// once on first use. A login that matches no account is checked against it,
// so it takes as long as one that does.
func (s *Service) DummyHash() string {
	s.dummyOnce.Do(func() {
		var buf [18]byte
		_, _ = rand.Read(buf[:])
		h, err := HashPassword(base64.RawStdEncoding.EncodeToString(buf[:]), s.BcryptCost)
		if err != nil { // only for an invalid cost, which config refuses
			h, _ = HashPassword("not-a-real-password", bcrypt.DefaultCost)
		}
		s.dummy = h
	})
	return s.dummy
}

// CheckPassword reports whether pw matches the bcrypt hash.
func CheckPassword(hash, pw string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(pw)) == nil
}
