package app_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

// The principal of each token is cached for a short while (AUTH_CACHE_TTL).
// These tests warm that cache with a request, change the account, its role or
// its company, and require the very next request on the same server to see
// the change.

func jobsPerms(actions ...string) authz.Perms {
	acts := map[string]bool{}
	for _, a := range actions {
		acts[a] = true
	}
	return authz.Perms{"hrm": {"job": acts}}
}

func TestAuthCacheSeesRoleChangeAtOnce(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, jobsPerms("view"))
	e.Must(200, "GET", "/api/v1/jobs", m.Token, nil)
	e.Must(200, "GET", "/api/v1/jobs", m.Token, nil) // served from the cache

	e.Must(200, "PUT", "/api/v1/roles/"+m.RoleID, co.Token, map[string]any{"permissions": jobsPerms("create")})
	e.Must(403, "GET", "/api/v1/jobs", m.Token, nil)

	e.Must(200, "PUT", "/api/v1/roles/"+m.RoleID, co.Token, map[string]any{"permissions": jobsPerms("view")})
	e.Must(200, "GET", "/api/v1/jobs", m.Token, nil)
}

func TestAuthCacheSeesRoleReassignmentAtOnce(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, jobsPerms("view"))
	e.Must(200, "GET", "/api/v1/jobs", m.Token, nil)
	other := e.Must(201, "POST", "/api/v1/roles", co.Token, map[string]any{"role_name": "role " + testkit.Unique(),
		"permissions": authz.Perms{"crm": {"lead": {"view": true}}}})
	e.Must(200, "PUT", "/api/v1/employees/"+m.ID, co.Token, map[string]any{"role_id": other.ID()})
	e.Must(403, "GET", "/api/v1/jobs", m.Token, nil)
}

func TestAuthCacheSeesPasswordChangeAtOnce(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, jobsPerms("view"))
	second := e.Login(m.Username, testkit.Password) // another session of the same account
	e.Must(200, "GET", "/api/v1/jobs", second, nil)
	e.Must(200, "GET", "/api/v1/jobs", second, nil)

	e.Must(200, "PUT", "/api/v1/auth/me/password", m.Token, map[string]any{"current_password": testkit.Password,
		"new_password": "Another-long-passphrase-42"})
	e.Must(401, "GET", "/api/v1/jobs", second, nil)
	fresh := e.Login(m.Username, "Another-long-passphrase-42")
	e.Must(200, "GET", "/api/v1/jobs", fresh, nil)
}

func TestAuthCacheSeesAccountDeletionAtOnce(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, jobsPerms("view"))
	e.Must(200, "GET", "/api/v1/jobs", m.Token, nil)
	e.Must(200, "DELETE", "/api/v1/employees/"+m.ID, co.Token, nil)
	e.Must(401, "GET", "/api/v1/jobs", m.Token, nil)
}

func TestAuthCacheSeesCompanyDeletionAtOnce(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, jobsPerms("view"))
	e.Must(200, "GET", "/api/v1/jobs", co.Token, nil)
	e.Must(200, "GET", "/api/v1/jobs", m.Token, nil)
	e.Must(200, "DELETE", "/api/v1/clients/"+co.ID, e.SuperAdmin(), nil)
	e.Must(401, "GET", "/api/v1/jobs", co.Token, nil)
	e.Must(401, "GET", "/api/v1/jobs", m.Token, nil)
}
