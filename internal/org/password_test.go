package org_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestChangeOwnPassword(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{}) // no permission at all: changing one's own password needs none
	path := "/api/v1/auth/me/password"

	for _, c := range []struct {
		name string
		body any
		want int
	}{
		{"wrong current password", map[string]any{"current_password": "Wrong-Current-1", "new_password": "Better-Kettle-81"}, 422},
		{"weak new password", map[string]any{"current_password": testkit.Password, "new_password": "short"}, 422},
		{"missing fields", map[string]any{}, 422},
		{"wrong types", map[string]any{"current_password": 1, "new_password": true}, 422},
		{"malformed", "{", 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			e.Must(c.want, "PUT", path, m.Token, c.body)
			e.Login(m.Username, testkit.Password) // unchanged
		})
	}
	e.Must(401, "PUT", path, "", map[string]any{"current_password": testkit.Password, "new_password": "Better-Kettle-81"})

	e.Must(200, "PUT", path, m.Token, map[string]any{"current_password": testkit.Password, "new_password": "Better-Kettle-81"})
	e.Must(401, "POST", "/api/v1/auth/login", "", map[string]any{"login": m.Username, "password": testkit.Password})
	e.Login(m.Username, "Better-Kettle-81")
	acts := e.Must(200, "GET", "/api/v1/activities?activity_id="+m.ID+"&action=password%20changed", co.Token, nil).List()
	if len(acts) != 1 {
		t.Fatalf("want one activity entry for the change, got %v", acts)
	}
}

func TestSuperAdminNewPasswordMustBeStrong(t *testing.T) {
	e := testkit.New(t)
	u := "sa" + testkit.Unique()
	e.Must(201, "POST", "/api/v1/super-admin", "", map[string]any{"username": u, "email": u + "@example.com", "password": testkit.SuperAdminPassword, "secret_key": e.SAKey})
	tok := e.Login(u, testkit.SuperAdminPassword)
	e.Must(422, "PUT", "/api/v1/auth/me/password", tok, map[string]any{"current_password": testkit.SuperAdminPassword, "new_password": "Xy7#kQzmP2v"}) // 11 characters
	e.Must(200, "PUT", "/api/v1/auth/me/password", tok, map[string]any{"current_password": testkit.SuperAdminPassword, "new_password": "Xy7#kQzmP2vw"})
	e.Login(u, "Xy7#kQzmP2vw")
}

// TestPasswordChangeEndsOlderSessions: tokens issued before a password change
// (by the account itself or by an administrator) answer 401 afterwards; the
// token handed back by the change and new logins work.
func TestPasswordChangeEndsOlderSessions(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	self := e.NewMember(co, authz.Perms{})
	other := e.NewMember(co, authz.Perms{})

	r := e.Must(200, "PUT", "/api/v1/auth/me/password", self.Token, map[string]any{"current_password": testkit.Password, "new_password": "Better-Kettle-81"})
	fresh, _ := r.Data()["token"].(string)
	e.Must(401, "GET", "/api/v1/auth/me", self.Token, nil)
	e.Must(200, "GET", "/api/v1/auth/me", fresh, nil)

	e.Must(200, "PUT", "/api/v1/users/"+other.ID, co.Token, map[string]any{"password": "Fresh-Reset-Meadow-5"})
	e.Must(401, "GET", "/api/v1/auth/me", other.Token, nil)
	e.Must(200, "GET", "/api/v1/auth/me", e.Login(other.Username, "Fresh-Reset-Meadow-5"), nil)

	// An update that does not touch the password keeps sessions open.
	keep := e.NewMember(co, authz.Perms{})
	e.Must(200, "PUT", "/api/v1/users/"+keep.ID, co.Token, map[string]any{"firstName": "Kept"})
	e.Must(200, "GET", "/api/v1/auth/me", keep.Token, nil)
}
