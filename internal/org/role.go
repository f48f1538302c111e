package org

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Role is a named permission document inside one company. The platform roles
// "super-admin" and "client" have no company and are invisible to companies.
type Role struct {
	crud.Base
	RoleName    string  `db:"role_name" json:"role_name" v:"required,max=100,unique,ci,search,sort,filter"`
	Permissions db.JSON `db:"permissions" json:"permissions"`
	IsDefault   bool    `db:"is_default" json:"is_default" v:"readonly"`
}

// Roles is /roles. Nobody can create or edit a role granting more than they
// hold; a company's default roles cannot be renamed or deleted; a role that
// is still assigned cannot be deleted.
var Roles = &crud.Resource[Role]{
	Name: "Role", Path: "/roles", Table: "roles", Tag: "Accounts",
	Perm:    authz.Perm{Module: "staff", Entity: "roles"},
	Example: map[string]any{"role_name": "Sales rep", "permissions": map[string]any{"crm": map[string]any{"lead": map[string]any{"view": true, "create": true}}}},
	Title:   func(r *Role) string { return r.RoleName },
	Validate: func(ctx context.Context, c *crud.Call, row, old *Role) error {
		if !c.Present("permissions") {
			if old == nil {
				row.Permissions = db.JSON("{}")
			}
			return nil
		}
		perms, err := normalizePerms(c.Raw["permissions"])
		if err != nil {
			return httpapi.Invalid("permissions", err.Error())
		}
		if ok, missing := c.P.Holds().Covers(perms); !ok {
			return httpapi.Forbidden("You cannot grant " + missing + ", which you do not hold")
		}
		row.Permissions = db.MustJSON(perms)
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Role) error {
		row.IsDefault = false
		return nil
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Role) error {
		if err := mayChangeRole(ctx, c, old.ID); err != nil {
			return err
		}
		if old.IsDefault && row.RoleName != old.RoleName {
			return httpapi.Conflict("A default role cannot be renamed")
		}
		return nil
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Role) error {
		if err := mayChangeRole(ctx, c, row.ID); err != nil {
			return err
		}
		if row.IsDefault {
			return httpapi.Conflict("A default role cannot be deleted")
		}
		var n int
		if err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM principals WHERE role_id = ?`, row.ID).Scan(&n); err != nil {
			return fmt.Errorf("org: role in use: %w", err)
		}
		if n > 0 {
			return httpapi.Conflict(fmt.Sprintf("The role is assigned to %d account(s); reassign them first", n))
		}
		_, err := c.Deps.DB.Q(ctx).ExecContext(ctx, `DELETE FROM role_permissions WHERE role_id = ?`, row.ID)
		return err
	},
}

// mayChangeRole refuses changing or deleting a role, or its attachments,
// when the role grants something the caller does not hold: like an account
// that holds more than the caller, such a role is out of their reach.
func mayChangeRole(ctx context.Context, c *crud.Call, roleID string) error {
	perms, err := auth.RolePerms(ctx, c.Deps.DB, roleID)
	if err != nil {
		return err
	}
	if ok, missing := c.P.Holds().Covers(perms); !ok {
		return httpapi.Forbidden("You cannot change a role that holds " + missing + ", which you do not hold")
	}
	return nil
}

// normalizePerms accepts the original's object form and, for its PUT, an
// array of "module.entity.action" strings; it returns the validated object.
func normalizePerms(raw json.RawMessage) (authz.Perms, error) {
	if strings.TrimSpace(string(raw)) == "null" {
		return authz.Perms{}, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err == nil {
		out := authz.Perms{}
		for _, s := range list {
			parts := strings.Split(s, ".")
			if len(parts) != 3 {
				return nil, fmt.Errorf("permission %q must look like module.entity.action", s)
			}
			out.Merge(authz.Grant([]string{parts[2]}, authz.Perm{Module: parts[0], Entity: parts[1]}))
		}
		raw = json.RawMessage(db.MustJSON(out))
	}
	return authz.Validate(raw)
}

// loadRole reads a role by id, or returns nil when there is none.
func loadRole(ctx context.Context, store *db.DB, id string) (*Role, error) {
	var r Role
	err := store.Q(ctx).QueryRowContext(ctx, `SELECT id, company_id, role_name, permissions FROM roles WHERE id = ?`, id).
		Scan(&r.ID, &r.CompanyID, &r.RoleName, &r.Permissions)
	if db.IsNoRows(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("org: load role: %w", err)
	}
	return &r, nil
}

// DefaultRoles are the roles every new company starts with. The company owner
// may change their permissions but not rename or delete them.
func DefaultRoles() map[string]authz.Perms {
	view := []string{authz.View}
	all := authz.Actions
	hrm := func(e ...string) []authz.Perm {
		var out []authz.Perm
		for _, x := range e {
			out = append(out, authz.Perm{Module: "hrm", Entity: x})
		}
		return out
	}
	crm := func(e ...string) []authz.Perm {
		var out []authz.Perm
		for _, x := range e {
			out = append(out, authz.Perm{Module: "crm", Entity: x})
		}
		return out
	}
	employee := authz.Grant(view, hrm("departments", "designation", "branch", "announcement", "events", "meetings", "training", "skill")...).
		Merge(authz.Grant([]string{authz.Create, authz.View}, hrm("leaves", "attendance")...))
	subClient := authz.Grant(view, crm(authz.Catalogue["crm"]...)...).
		Merge(authz.Grant(all[:3], crm("lead", "deal", "task", "customer_support", "note")...))
	return map[string]authz.Perms{auth.KindEmployee: employee, auth.KindSubClient: subClient}
}

func createDefaultRoles(ctx context.Context, c *crud.Call, companyID string) error {
	names := make([]string, 0, 2)
	defaults := DefaultRoles()
	for n := range defaults {
		names = append(names, n)
	}
	sort.Strings(names)
	now := int64(db.Stamp())
	for _, n := range names {
		_, err := c.Deps.DB.Q(ctx).ExecContext(ctx,
			`INSERT INTO roles (id, company_id, created_by, updated_by, created_at, updated_at, role_name, permissions, is_default) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			db.NewID(), companyID, c.P.Username, c.P.Username, now, now, n, string(db.MustJSON(defaults[n])), true)
		if err != nil {
			return fmt.Errorf("org: default role %s: %w", n, err)
		}
	}
	return nil
}

// platformRoleID returns the id of the platform role name ("super-admin" or
// "client"), creating it on first use.
func platformRoleID(ctx context.Context, store *db.DB, name string) (string, error) {
	var id string
	err := store.Q(ctx).QueryRowContext(ctx, `SELECT id FROM roles WHERE company_id = '' AND role_name = ?`, name).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !db.IsNoRows(err) {
		return "", fmt.Errorf("org: platform role: %w", err)
	}
	id = db.NewID()
	now := int64(db.Stamp())
	_, err = store.Q(ctx).ExecContext(ctx,
		`INSERT INTO roles (id, company_id, created_by, updated_by, created_at, updated_at, role_name, permissions, is_default) VALUES (?, '', NULL, NULL, ?, ?, ?, ?, ?)`,
		id, now, now, name, string(db.MustJSON(authz.All())), true)
	if err != nil {
		return "", fmt.Errorf("org: create platform role: %w", err)
	}
	return id, nil
}

// EnsurePlatformRoles creates the platform roles once, outside any request,
// so that concurrent first requests never race to create them. Another
// instance creating them at the same moment is not an error.
func EnsurePlatformRoles(ctx context.Context, store *db.DB) error {
	for _, name := range []string{auth.KindSuperAdmin, auth.KindClient} {
		err := store.InTx(ctx, func(ctx context.Context) error {
			_, err := platformRoleID(ctx, store, name)
			return err
		})
		if err != nil && !store.Dialect.IsUniqueViolation(errors.Unwrap(err)) && !store.Dialect.IsUniqueViolation(err) {
			return err
		}
	}
	return nil
}

// PermissionDoc is a stand-alone permission document of the platform catalogue.
type PermissionDoc struct {
	crud.Base
	Permissions db.JSON `db:"permissions" json:"permissions" v:"required,shape=object"`
}

// Permissions is /permissions: the super-admin's library of permission
// documents that companies can attach to roles through /role-permissions.
var Permissions = &crud.Resource[PermissionDoc]{
	Name: "Permission", Path: "/permissions", Table: "permissions", Tag: "Accounts", Scope: crud.Platform,
	Example: map[string]any{"permissions": map[string]any{"staff": map[string]any{"customer_support": map[string]any{"create": true, "view": true, "update": true, "delete": true}}}},
	Validate: func(ctx context.Context, c *crud.Call, row, old *PermissionDoc) error {
		if !c.Present("permissions") {
			return nil
		}
		perms, err := authz.Validate(json.RawMessage(row.Permissions))
		if err != nil {
			return httpapi.Invalid("permissions", err.Error())
		}
		row.Permissions = db.MustJSON(perms)
		return nil
	},
}

// RolePermission attaches a permission document to a role of the company.
type RolePermission struct {
	crud.Base
	RoleID       string `db:"role_id" json:"role_id" v:"required,max=32,filter"`
	PermissionID string `db:"permission_id" json:"permission_id" v:"required,max=32,filter"`
	Status       string `db:"status" json:"status" v:"enum=active|inactive,default=active,filter"`
}

// RolePermissions is /role-permissions. The role must be the company's own
// and the permission document must exist; a pair is attached once. While
// active, the document's grants are added to the role's own. Every write
// changes a role, so it follows the rule of changing one: the caller needs
// staff.roles.update and must hold everything the role would then grant.
var RolePermissions = &crud.Resource[RolePermission]{
	Name: "Role permission", Path: "/role-permissions", Table: "role_permissions", Tag: "Accounts",
	Perm: authz.Perm{Module: "staff", Entity: "permissions"},
	Sample: func(f crud.Fixturer) map[string]any {
		role := f.Create("/roles", map[string]any{"role_name": "Support " + f.Unique()})
		return map[string]any{"role_id": role, "permission_id": f.CreatePlatform("/permissions", map[string]any{"permissions": map[string]any{}}), "status": "active"}
	},
	Validate: func(ctx context.Context, c *crud.Call, row, old *RolePermission) error {
		if err := mayEditRoles(c); err != nil {
			return err
		}
		role, err := loadRole(ctx, c.Deps.DB, row.RoleID)
		if err != nil {
			return err
		}
		if role == nil || role.CompanyID != c.CompanyID() {
			return httpapi.Invalid("role_id", `"role_id" is not a role of this company`)
		}
		var doc db.JSON
		err = c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT permissions FROM permissions WHERE id = ?`, row.PermissionID).Scan(&doc)
		if db.IsNoRows(err) {
			return httpapi.Invalid("permission_id", `"permission_id" is not an existing permission`)
		}
		if err != nil {
			return err
		}
		// Attaching changes what the role grants: the caller must hold
		// everything the role would then grant.
		grants, err := auth.RolePerms(ctx, c.Deps.DB, role.ID)
		if err != nil {
			return err
		}
		if ok, missing := c.P.Holds().Covers(grants.Merge(authz.Parse(doc))); !ok {
			return httpapi.Forbidden("You cannot grant " + missing + ", which you do not hold")
		}
		var n int
		err = c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM role_permissions WHERE role_id = ? AND permission_id = ? AND id <> ?`,
			row.RoleID, row.PermissionID, row.ID).Scan(&n)
		if err != nil {
			return err
		}
		if n > 0 {
			return httpapi.Conflict("This permission is already attached to the role")
		}
		return nil
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *RolePermission) error {
		return mayChangeRole(ctx, c, old.RoleID)
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *RolePermission) error {
		if err := mayEditRoles(c); err != nil {
			return err
		}
		return mayChangeRole(ctx, c, row.RoleID)
	},
}

// mayEditRoles refuses a caller without the right to update roles: attaching
// or detaching a permission document changes a role as editing it does.
func mayEditRoles(c *crud.Call) error {
	if !c.P.Can(authz.Perm{Module: "staff", Entity: "roles"}, authz.Update) {
		return httpapi.Forbidden("You are not authorized to change roles")
	}
	return nil
}
