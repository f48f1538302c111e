package org_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

var (
	lead        = authz.Perm{Module: "crm", Entity: "lead"}
	departments = authz.Perm{Module: "hrm", Entity: "departments"}
	staffRoles  = authz.Perm{Module: "staff", Entity: "roles"}
	staffUsers  = authz.Perm{Module: "staff", Entity: "users"}
	staffPerms  = authz.Perm{Module: "staff", Entity: "permissions"}
	hrmEmployee = authz.Perm{Module: "hrm", Entity: "employee"}
	all         = authz.Actions
)

func grant(actions []string, perms ...authz.Perm) authz.Perms { return authz.Grant(actions, perms...) }

func permsOf(t *testing.T, v any) authz.Perms {
	t.Helper()
	raw, _ := json.Marshal(v)
	var p authz.Perms
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatalf("permissions are not the object form: %s", raw)
	}
	return p
}

func TestRoleGrants(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	other := e.NewCompany()
	big := e.Must(201, "POST", api+"/roles", co.Token, map[string]any{"role_name": "Big", "permissions": authz.All()}).ID()

	t.Run("a role cannot grant what its author lacks", func(t *testing.T) {
		m := e.NewMember(co, grant(all, staffRoles).Merge(grant([]string{authz.View}, departments)))
		wantError(t, "create", e.Do("POST", api+"/roles", m.Token, map[string]any{"role_name": "Sales " + testkit.Unique(),
			"permissions": grant([]string{authz.View}, lead)}), 403)
		wantError(t, "create with the array form", e.Do("POST", api+"/roles", m.Token, map[string]any{"role_name": "Sales " + testkit.Unique(),
			"permissions": []string{"hrm.departments.create"}}), 403)
		ok := e.Must(201, "POST", api+"/roles", m.Token, map[string]any{"role_name": "Viewer " + testkit.Unique(),
			"permissions": grant([]string{authz.View}, departments)})
		wantError(t, "update", e.Do("PUT", api+"/roles/"+ok.ID(), m.Token, map[string]any{"permissions": grant([]string{authz.Delete}, departments)}), 403)
		wantError(t, "update own role", e.Do("PUT", api+"/roles/"+m.RoleID, m.Token, map[string]any{"permissions": authz.All()}), 403)
		if got := permsOf(t, e.Must(200, "GET", api+"/roles/"+ok.ID(), co.Token, nil).Data()["permissions"]); !reflect.DeepEqual(got, grant([]string{authz.View}, departments)) {
			t.Fatalf("role changed: %v", got)
		}
		if n := len(e.Must(200, "GET", api+"/roles?role_name=Big", co.Token, nil).List()); n != 1 {
			t.Fatalf("%d roles named Big", n)
		}
	})

	t.Run("a role that holds more than the caller cannot be changed or deleted by them", func(t *testing.T) {
		m := e.NewMember(co, grant(all, staffRoles))
		spare := e.Must(201, "POST", api+"/roles", co.Token, map[string]any{"role_name": "Spare " + testkit.Unique(), "permissions": authz.All()}).ID()
		wantError(t, "rename", e.Do("PUT", api+"/roles/"+big, m.Token, map[string]any{"role_name": "Small"}), 403)
		wantError(t, "strip", e.Do("PUT", api+"/roles/"+big, m.Token, map[string]any{"permissions": map[string]any{}}), 403)
		wantError(t, "delete", e.Do("DELETE", api+"/roles/"+spare, m.Token, nil), 403)
		if got := e.Must(200, "GET", api+"/roles/"+big, co.Token, nil).Data(); got["role_name"] != "Big" || !reflect.DeepEqual(permsOf(t, got["permissions"]), authz.All()) {
			t.Fatalf("role changed: %v", got)
		}
		e.Must(200, "DELETE", api+"/roles/"+spare, co.Token, nil)
	})

	t.Run("signup", func(t *testing.T) {
		m := e.NewMember(co, grant(all, staffUsers).Merge(grant([]string{authz.View}, departments)))
		small := e.Must(201, "POST", api+"/roles", co.Token, map[string]any{"role_name": "Small " + testkit.Unique(), "permissions": grant([]string{authz.View}, departments)}).ID()
		otherRole := e.Must(201, "POST", api+"/roles", other.Token, map[string]any{"role_name": "Theirs"}).ID()
		before := len(e.Must(200, "GET", api+"/users", co.Token, nil).List())
		for _, tc := range []struct {
			name, role string
			status     int
		}{
			{"with a role of another company", otherRole, 422},
			{"with a platform role id", parseClaims(t, e.SuperAdmin(), testkit.Secret)["role"].(string), 422},
			{"with an unknown role", "AAAAAAAAAAAAAAAAAAAAAAA", 422},
			{"with a role holding more than the caller", big, 403},
		} {
			u := account("su")
			u["role_id"] = tc.role
			wantError(t, tc.name, e.Do("POST", api+"/auth/signup", m.Token, u), tc.status)
		}
		u := account("su")
		wantError(t, "without a role", e.Do("POST", api+"/auth/signup", m.Token, u), 422)
		u["role_id"] = 7
		wantError(t, "with a role of the wrong type", e.Do("POST", api+"/auth/signup", m.Token, u), 422)
		if after := len(e.Must(200, "GET", api+"/users", co.Token, nil).List()); after != before {
			t.Fatalf("refused sign-ups created %d users", after-before)
		}
		u["role_id"] = small
		r := e.Must(201, "POST", api+"/auth/signup/", m.Token, u)
		noSecrets(t, "signup", r.Raw)
		if r.Data()["role_id"] != small || r.Data()["company_id"] != co.ID || r.Data()["kind"] != "employee" {
			t.Fatalf("signed-up user: %s", r.Raw)
		}
		e.Login(u["username"].(string), testkit.Password)
		// The same rules hold when an employee or sub-client is created with a role_id.
		hr := e.NewMember(co, grant(all, hrmEmployee, authz.Perm{Module: "staff", Entity: "sub_clients"}).Merge(grant([]string{authz.View}, departments)))
		for _, path := range []string{"/employees", "/sub-clients"} {
			b := account("rl")
			b["role_id"] = big
			wantError(t, path+" with a role holding more", e.Do("POST", api+path, hr.Token, b), 403)
			b["role_id"] = otherRole
			wantError(t, path+" with a role of another company", e.Do("POST", api+path, hr.Token, b), 422)
			b["role_id"] = small
			if r := e.Must(201, "POST", api+path, hr.Token, b); r.Data()["role_id"] != small {
				t.Fatalf("%s: role %v", path, r.Data()["role_id"])
			}
		}
		// Without staff.users.create, no sign-up at all.
		wantError(t, "without staff.users.create", e.Do("POST", api+"/auth/signup", e.NewMember(co, authz.Perms{}).Token, u), 403)
		// The company owner may give any role of the company.
		u = account("su")
		u["role_id"] = big
		e.Must(201, "POST", api+"/auth/signup", co.Token, u)
	})

	t.Run("an account's role is guarded on update", func(t *testing.T) {
		mine := grant(all, staffUsers, hrmEmployee, staffPerms).Merge(grant([]string{authz.View}, departments))
		m := e.NewMember(co, mine)
		low := e.NewMember(co, grant([]string{authz.View}, departments))
		high := e.NewMember(co, authz.All())
		peer := e.Must(201, "POST", api+"/roles", co.Token, map[string]any{"role_name": "Peer " + testkit.Unique(), "permissions": mine}).ID()
		for _, base := range []string{"/users/", "/employees/"} {
			wantError(t, base+" raise a user beyond the caller", e.Do("PUT", api+base+low.ID, m.Token, map[string]any{"role_id": big}), 403)
			wantError(t, base+" raise oneself", e.Do("PUT", api+base+m.ID, m.Token, map[string]any{"role_id": big}), 403)
			wantError(t, base+" change an account holding more", e.Do("PUT", api+base+high.ID, m.Token, map[string]any{"firstName": "Hijacked"}), 403)
			wantError(t, base+" reset the password of an account holding more", e.Do("PUT", api+base+high.ID, m.Token, map[string]any{"password": "Hijack123!"}), 403)
			wantError(t, base+" lower an account holding more", e.Do("PUT", api+base+high.ID, m.Token, map[string]any{"role_id": low.RoleID}), 403)
			wantError(t, base+" delete an account holding more", e.Do("DELETE", api+base+high.ID, m.Token, nil), 403)
			wantError(t, base+" a role of another company", e.Do("PUT", api+base+low.ID, m.Token, map[string]any{"role_id": defaultRole(t, e, other, "employee")}), 422)
		}
		e.Login(high.Username, testkit.Password)
		if got := e.Must(200, "GET", api+"/users/"+high.ID, co.Token, nil).Data(); got["role_id"] != high.RoleID || got["firstName"] != nil {
			t.Fatalf("account holding more changed: %v", got)
		}
		// Within the caller's own grants, changes go through.
		r := e.Must(200, "PUT", api+"/users/"+low.ID, m.Token, map[string]any{"role_id": peer, "firstName": "Promoted"})
		if r.Data()["role_id"] != peer || r.Data()["firstName"] != "Promoted" {
			t.Fatalf("update: %s", r.Raw)
		}
		// The role field is read-only on create-shaped input elsewhere: company owner can do anything in the company.
		e.Must(200, "PUT", api+"/users/"+high.ID, co.Token, map[string]any{"role_id": low.RoleID})
		e.Must(200, "PUT", api+"/users/"+high.ID, co.Token, map[string]any{"role_id": big})
	})

	t.Run("default roles cannot be renamed or deleted", func(t *testing.T) {
		for _, name := range []string{"employee", "sub-client"} {
			id := defaultRole(t, e, co, name)
			wantError(t, "rename "+name, e.Do("PUT", api+"/roles/"+id, co.Token, map[string]any{"role_name": name + " x"}), 409)
			wantError(t, "delete "+name, e.Do("DELETE", api+"/roles/"+id, co.Token, nil), 409)
			wantError(t, "delete "+name+" as super-admin", e.Do("DELETE", api+"/roles/"+id, e.SuperAdmin(), nil), 409)
			// Their permissions may be changed, and is_default cannot be dropped.
			r := e.Must(200, "PUT", api+"/roles/"+id, co.Token, map[string]any{"role_name": name, "is_default": false,
				"permissions": grant([]string{authz.View}, departments)})
			if r.Data()["is_default"] != true || r.Data()["role_name"] != name {
				t.Fatalf("default role after update: %s", r.Raw)
			}
		}
		// A new role is never a default one.
		r := e.Must(201, "POST", api+"/roles", co.Token, map[string]any{"role_name": "Sneaky " + testkit.Unique(), "is_default": true})
		if r.Data()["is_default"] != false {
			t.Fatalf("created a default role: %s", r.Raw)
		}
		e.Must(200, "DELETE", api+"/roles/"+r.ID(), co.Token, nil)
	})

	t.Run("a role still assigned cannot be deleted", func(t *testing.T) {
		m := e.NewMember(co, authz.Perms{})
		wantError(t, "delete", e.Do("DELETE", api+"/roles/"+m.RoleID, co.Token, nil), 409)
		e.Must(200, "DELETE", api+"/users/"+m.ID, co.Token, nil)
		e.Must(200, "DELETE", api+"/roles/"+m.RoleID, co.Token, nil)
		e.Must(404, "GET", api+"/roles/"+m.RoleID, co.Token, nil)
	})

	t.Run("role names are unique in a company, case-insensitively", func(t *testing.T) {
		wantError(t, "duplicate", e.Do("POST", api+"/roles", co.Token, map[string]any{"role_name": "BIG"}), 409)
		wantError(t, "default name", e.Do("POST", api+"/roles", co.Token, map[string]any{"role_name": "Employee"}), 409)
		e.Must(201, "POST", api+"/roles", other.Token, map[string]any{"role_name": "Big"})
	})
}

func TestRolePermissionDocuments(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	id := e.Must(201, "POST", api+"/roles", co.Token, map[string]any{"role_name": "Docs " + testkit.Unique()}).ID()
	get := func() map[string]any { return e.Must(200, "GET", api+"/roles/"+id, co.Token, nil).Data() }

	t.Run("a role created without permissions grants nothing", func(t *testing.T) {
		if p := permsOf(t, get()["permissions"]); len(p) != 0 {
			t.Fatalf("permissions %v", p)
		}
	})
	t.Run("PUT accepts the original's array of strings and stores the object form", func(t *testing.T) {
		r := e.Must(200, "PUT", api+"/roles/"+id, co.Token, map[string]any{"permissions": []string{"crm.lead.view", "crm.lead.create", "hrm.departments.view"}})
		want := grant([]string{authz.View, authz.Create}, lead).Merge(grant([]string{authz.View}, departments))
		if got := permsOf(t, r.Data()["permissions"]); !reflect.DeepEqual(got, want) {
			t.Fatalf("answered %v", got)
		}
		if got := permsOf(t, get()["permissions"]); !reflect.DeepEqual(got, want) {
			t.Fatalf("stored %v", got)
		}
		m := e.Must(201, "POST", api+"/auth/signup", co.Token, func() map[string]any { u := account("ar"); u["role_id"] = id; return u }())
		tok := e.Login(m.Data()["username"].(string), testkit.Password)
		e.Must(200, "GET", api+"/departments", tok, nil)
		e.Must(403, "POST", api+"/departments", tok, map[string]any{"department_name": "Nope"})
	})
	t.Run("PUT accepts the object form", func(t *testing.T) {
		want := grant([]string{authz.Update}, lead)
		r := e.Must(200, "PUT", api+"/roles/"+id, co.Token, map[string]any{"permissions": want})
		if got := permsOf(t, r.Data()["permissions"]); !reflect.DeepEqual(got, want) {
			t.Fatalf("answered %v", got)
		}
	})
	for _, tc := range []struct {
		name  string
		perms any
	}{
		{"unknown module", map[string]any{"sales": map[string]any{"lead": map[string]any{"view": true}}}},
		{"unknown entity", map[string]any{"crm": map[string]any{"unicorn": map[string]any{"view": true}}}},
		{"unknown action", map[string]any{"crm": map[string]any{"lead": map[string]any{"approve": true}}}},
		{"non-boolean action", map[string]any{"crm": map[string]any{"lead": map[string]any{"view": "yes"}}}},
		{"entity that is not an object", map[string]any{"crm": map[string]any{"lead": true}}},
		{"a string", "crm.lead.view"},
		{"a number", 7},
		{"unknown module in the array form", []string{"sales.lead.view"}},
		{"unknown entity in the array form", []string{"crm.unicorn.view"}},
		{"unknown action in the array form", []string{"crm.lead.approve"}},
		{"malformed array entry", []string{"crm.lead"}},
		{"array of numbers", []int{1, 2}},
	} {
		t.Run("422 for "+tc.name, func(t *testing.T) {
			before := get()["permissions"]
			wantError(t, "PUT", e.Do("PUT", api+"/roles/"+id, co.Token, map[string]any{"permissions": tc.perms}), 422)
			wantError(t, "POST", e.Do("POST", api+"/roles", co.Token, map[string]any{"role_name": "Bad " + testkit.Unique(), "permissions": tc.perms}), 422)
			if after := get()["permissions"]; !reflect.DeepEqual(before, after) {
				t.Fatalf("permissions changed from %v to %v", before, after)
			}
		})
	}
}

func TestRolePermissionAttachments(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	co := e.NewCompany()
	docGrants := grant([]string{authz.View}, lead, departments)
	doc := e.Must(201, "POST", api+"/permissions", sa, map[string]any{"permissions": docGrants}).ID()
	role := e.Must(201, "POST", api+"/roles", co.Token, map[string]any{"role_name": "Attached " + testkit.Unique()}).ID()
	u := account("rp")
	u["role_id"] = role
	e.Must(201, "POST", api+"/auth/signup", co.Token, u)
	holder := e.Login(u["username"].(string), testkit.Password)

	holds := func() authz.Perms {
		t.Helper()
		me := e.Must(200, "GET", api+"/auth/me", holder, nil)
		noSecrets(t, "me", me.Raw)
		return permsOf(t, me.Data()["permissions"])
	}
	wantAccess := func(ok bool) {
		t.Helper()
		status := 403
		if ok {
			status = 200
		}
		e.Must(status, "GET", api+"/departments", holder, nil)
		if got := holds().Allows(lead, authz.View); got != ok {
			t.Fatalf("crm.lead.view held: %v, want %v", got, ok)
		}
	}

	wantAccess(false)
	var link string
	t.Run("an inactive attachment grants nothing", func(t *testing.T) {
		r := e.Must(201, "POST", api+"/role-permissions", co.Token, map[string]any{"role_id": role, "permission_id": doc, "status": "inactive"})
		link = r.ID()
		wantAccess(false)
	})
	t.Run("an active attachment adds the document's grants to the role's holders", func(t *testing.T) {
		e.Must(200, "PUT", api+"/role-permissions/"+link, co.Token, map[string]any{"status": "active"})
		wantAccess(true)
	})
	t.Run("a pair is attached once", func(t *testing.T) {
		wantError(t, "duplicate", e.Do("POST", api+"/role-permissions", co.Token, map[string]any{"role_id": role, "permission_id": doc}), 409)
	})
	t.Run("unknown role or document is a 422", func(t *testing.T) {
		wantError(t, "unknown document", e.Do("POST", api+"/role-permissions", co.Token, map[string]any{"role_id": role, "permission_id": "AAAAAAAAAAAAAAAAAAAAAAA"}), 422)
		wantError(t, "unknown role", e.Do("POST", api+"/role-permissions", co.Token, map[string]any{"role_id": "AAAAAAAAAAAAAAAAAAAAAAA", "permission_id": doc}), 422)
		wantError(t, "missing fields", e.Do("POST", api+"/role-permissions", co.Token, map[string]any{}), 422)
	})
	t.Run("the caller must hold what they attach", func(t *testing.T) {
		other := e.Must(201, "POST", api+"/roles", co.Token, map[string]any{"role_name": "Other " + testkit.Unique()}).ID()
		lacking := e.NewMember(co, grant(all, staffPerms, staffRoles).Merge(grant([]string{authz.View}, departments)))
		wantError(t, "attach", e.Do("POST", api+"/role-permissions", lacking.Token, map[string]any{"role_id": other, "permission_id": doc}), 403)
		wantError(t, "attach to own role", e.Do("POST", api+"/role-permissions", lacking.Token, map[string]any{"role_id": lacking.RoleID, "permission_id": doc}), 403)
		holding := e.NewMember(co, grant(all, staffPerms, staffRoles).Merge(docGrants))
		e.Must(201, "POST", api+"/role-permissions", holding.Token, map[string]any{"role_id": other, "permission_id": doc})
		// Nor can they switch off or remove the grants of a role that holds more than they do.
		wantError(t, "deactivate", e.Do("PUT", api+"/role-permissions/"+link, lacking.Token, map[string]any{"status": "inactive"}), 403)
		wantError(t, "detach", e.Do("DELETE", api+"/role-permissions/"+link, lacking.Token, nil), 403)
		wantAccess(true)
	})
	t.Run("a role's grants count with its attachments when it is given", func(t *testing.T) {
		// The attached role now holds crm.lead.view: a member without it cannot give it.
		m := e.NewMember(co, grant(all, staffUsers).Merge(grant([]string{authz.View}, departments)))
		v := account("rp")
		v["role_id"] = role
		wantError(t, "signup", e.Do("POST", api+"/auth/signup", m.Token, v), 403)
	})
	t.Run("detaching removes the grants", func(t *testing.T) {
		e.Must(200, "DELETE", api+"/role-permissions/"+link, co.Token, nil)
		wantAccess(false)
	})
	t.Run("deleting a role removes its attachments", func(t *testing.T) {
		r := e.Must(201, "POST", api+"/roles", co.Token, map[string]any{"role_name": "Gone " + testkit.Unique()}).ID()
		l := e.Must(201, "POST", api+"/role-permissions", co.Token, map[string]any{"role_id": r, "permission_id": doc}).ID()
		e.Must(200, "DELETE", api+"/roles/"+r, co.Token, nil)
		e.Must(404, "GET", api+"/role-permissions/"+l, co.Token, nil)
	})
}

// TestRolePermissionNeedsRightToChangeRole: attaching a permission document
// changes a role, so it follows the rule of changing one. A caller without
// staff.roles.update, or who lacks something the role would then grant (its
// own grants included), gets 403 and the role is unchanged.
func TestRolePermissionNeedsRightToChangeRole(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	co := e.NewCompany()
	docGrants := grant([]string{authz.View}, lead)
	doc := e.Must(201, "POST", api+"/permissions", sa, map[string]any{"permissions": docGrants}).ID()
	empty := e.Must(201, "POST", api+"/permissions", sa, map[string]any{"permissions": map[string]any{}}).ID()
	// The target role grants hrm.departments.delete on its own.
	target := e.Must(201, "POST", api+"/roles", co.Token, map[string]any{"role_name": "Target " + testkit.Unique(),
		"permissions": grant([]string{authz.Delete}, departments)}).ID()
	attached := func() int {
		t.Helper()
		return len(e.Must(200, "GET", api+"/role-permissions?role_id="+target, co.Token, nil).List())
	}
	roleGrants := func() any {
		t.Helper()
		return e.Must(200, "GET", api+"/roles/"+target, co.Token, nil).Data()["permissions"]
	}
	before := roleGrants()

	t.Run("without staff.roles.update", func(t *testing.T) {
		m := e.NewMember(co, grant(all, staffPerms).Merge(docGrants).Merge(grant(all, departments)).
			Merge(grant([]string{authz.View, authz.Create, authz.Delete}, staffRoles)))
		wantError(t, "attach", e.Do("POST", api+"/role-permissions", m.Token, map[string]any{"role_id": target, "permission_id": doc}), 403)
		if n := attached(); n != 0 {
			t.Fatalf("%d attachments after a refused attach", n)
		}
	})
	t.Run("lacking a grant the role already holds", func(t *testing.T) {
		m := e.NewMember(co, grant(all, staffPerms, staffRoles).Merge(docGrants))
		wantError(t, "attach an empty document", e.Do("POST", api+"/role-permissions", m.Token, map[string]any{"role_id": target, "permission_id": empty}), 403)
		wantError(t, "attach", e.Do("POST", api+"/role-permissions", m.Token, map[string]any{"role_id": target, "permission_id": doc}), 403)
		if n := attached(); n != 0 {
			t.Fatalf("%d attachments after a refused attach", n)
		}
	})
	t.Run("holding the right and every resulting grant", func(t *testing.T) {
		m := e.NewMember(co, grant(all, staffPerms, staffRoles, departments).Merge(docGrants))
		link := e.Must(201, "POST", api+"/role-permissions", m.Token, map[string]any{"role_id": target, "permission_id": doc}).ID()
		if n := attached(); n != 1 {
			t.Fatalf("%d attachments", n)
		}
		// Detaching is a change of the role too.
		noRight := e.NewMember(co, grant(all, staffPerms, departments).Merge(docGrants))
		wantError(t, "detach", e.Do("DELETE", api+"/role-permissions/"+link, noRight.Token, nil), 403)
		e.Must(200, "DELETE", api+"/role-permissions/"+link, m.Token, nil)
	})
	if after := roleGrants(); !reflect.DeepEqual(before, after) {
		t.Fatalf("role grants changed from %v to %v", before, after)
	}
}
