package org

import (
	"context"
	"fmt"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Principal is one row of the single principals table: a super-admin, a
// client (company owner), a sub-client or an employee. The password hash is
// never written in a response.
type Principal struct {
	crud.Base
	Kind          string        `db:"kind" json:"kind" v:"readonly,filter"`
	Username      string        `db:"username" json:"username" v:"required,min=3,max=30,pattern=username,unique=global,ci,search,sort"`
	Email         string        `db:"email" json:"email" v:"required,email,unique=global,ci,search,filter,sort"`
	Password      string        `db:"password" json:"-" v:"required,password,in=password"`
	RoleID        string        `db:"role_id" json:"role_id" v:"readonly,filter"`
	ProfilePic    *crud.FileRef `db:"profile_pic" json:"profilePic" v:"file"`
	FirstName     *string       `db:"first_name" json:"firstName" v:"search,sort"`
	LastName      *string       `db:"last_name" json:"lastName" v:"search,sort"`
	Phone         *string       `db:"phone" json:"phone" v:"max=30,search"`
	Address       *string       `db:"address" json:"address" v:"text"`
	JoiningDate   *db.Time      `db:"joining_date" json:"joiningDate" v:"sort"`
	LeaveDate     *db.Time      `db:"leave_date" json:"leaveDate"`
	Department    *string       `db:"department" json:"department" v:"filter"`
	Designation   *string       `db:"designation" json:"designation" v:"filter"`
	Salary        *db.Money     `db:"salary" json:"salary"`
	AccountHolder *string       `db:"accountholder" json:"accountholder"`
	AccountNumber *int64        `db:"accountnumber" json:"accountnumber"`
	BankName      *string       `db:"bankname" json:"bankname"`
	IFSC          *string       `db:"ifsc" json:"ifsc"`
	BankLocation  *string       `db:"banklocation" json:"banklocation"`
	GSTIn         *string       `db:"gst_in" json:"gstIn"`
	ESignature    *crud.FileRef `db:"e_signature" json:"e_signature" v:"file"`
	ESignatures   db.JSON       `db:"e_signatures" json:"e_signatures" v:"shape=object,files"`
	Links         db.JSON       `db:"links" json:"links" v:"shape=object"`
	City          *string       `db:"city" json:"city"`
	State         *string       `db:"state" json:"state"`
	Country       *string       `db:"country" json:"country"`
	Zipcode       *string       `db:"zipcode" json:"zipcode"`
	CVPath        *crud.FileRef `db:"cv_path" json:"cv_path" v:"file"`
	// PasswordChangedAt is when the password last changed. The engine stamps
	// it, and ends the account's older sessions, whenever it writes a password
	// (auth.EndSessions), whatever the route.
	PasswordChangedAt *db.Time `db:"password_changed_at" json:"-" v:"readonly"`
}

var principalExample = map[string]any{"username": "jane.doe", "email": "jane@example.com", "password": "violet oyster tundra", "firstName": "Jane", "lastName": "Doe"}

func principalTitle(p *Principal) string { return p.Username }

// Accounts is the super-admin's view over every principal: GET /auth and
// GET/PUT/DELETE /auth/{id}.
var Accounts = &crud.Resource[Principal]{
	Name: "Account", Path: "/auth", Table: "principals", Tag: "Accounts", Scope: crud.Platform,
	Ops: crud.OpList | crud.OpGet | crud.OpUpdate | crud.OpDelete, Title: principalTitle, Validate: checkAccount, Doc: accountDoc,
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Principal) error {
		return guardPrincipal(ctx, c, old, row)
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Principal) error { return deleteAnyAccount(ctx, c, row) },
}

// SuperAdmins are the platform administrators (POST is the secret-guarded
// bootstrap in handlers.go).
var SuperAdmins = &crud.Resource[Principal]{
	Name: "Super admin", Path: "/super-admin", Table: "principals", Tag: "Accounts", Scope: crud.Platform,
	Fixed: map[string]string{"kind": auth.KindSuperAdmin}, Ops: crud.OpList | crud.OpGet | crud.OpUpdate | crud.OpDelete,
	Title: principalTitle, Validate: checkAccount, Doc: accountDoc,
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Principal) error {
		return beforePrincipalDelete(ctx, c, row)
	},
}

// Clients are the companies (tenants). Creating one also creates its default
// roles; deleting one removes its accounts, roles and subscriptions.
var Clients = &crud.Resource[Principal]{
	Name: "Client", Path: "/clients", Table: "principals", Tag: "Companies", Scope: crud.Platform,
	Fixed: map[string]string{"kind": auth.KindClient}, Example: principalExample, Title: principalTitle, Validate: checkAccount, Doc: accountDoc,
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Principal) error {
		row.CompanyID = row.ID
		id, err := platformRoleID(ctx, c.Deps.DB, auth.KindClient)
		row.RoleID = id
		return err
	},
	AfterCreate: func(ctx context.Context, c *crud.Call, row *Principal) error {
		return createDefaultRoles(ctx, c, row.ID)
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Principal) error {
		q := c.Deps.DB.Q(ctx)
		for _, stmt := range []string{
			`DELETE FROM principals WHERE company_id = ? AND kind <> 'client'`,
			`DELETE FROM roles WHERE company_id = ?`,
			`DELETE FROM role_permissions WHERE company_id = ?`,
			`DELETE FROM client_subscriptions WHERE company_id = ?`,
		} {
			if _, err := q.ExecContext(ctx, stmt, row.ID); err != nil {
				return fmt.Errorf("org: delete company: %w", err)
			}
		}
		return nil
	},
}

// SubClients belong to a company and count against its plan's max_clients.
var SubClients = &crud.Resource[Principal]{
	Name: "Sub-client", Path: "/sub-clients", Table: "principals", Tag: "Companies",
	Perm: authz.Perm{Module: "staff", Entity: "sub_clients"}, Fixed: map[string]string{"kind": auth.KindSubClient},
	Example: principalExample, Title: principalTitle, Validate: checkAccount, Doc: accountDoc,
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Principal) error {
		if err := assignRole(ctx, c, row, auth.KindSubClient); err != nil {
			return err
		}
		return TakeSeat(ctx, c.Deps.DB, row.CompanyID, SeatClient)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Principal) error {
		return guardPrincipal(ctx, c, old, row)
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Principal) error {
		if err := beforePrincipalDelete(ctx, c, row); err != nil {
			return err
		}
		return FreeSeat(ctx, c.Deps.DB, row.CompanyID, SeatClient)
	},
}

func employeeHooks(r *crud.Resource[Principal]) *crud.Resource[Principal] {
	r.Validate = checkAccount
	r.Doc = accountDoc
	r.BeforeCreate = func(ctx context.Context, c *crud.Call, row *Principal) error {
		if err := assignRole(ctx, c, row, auth.KindEmployee); err != nil {
			return err
		}
		return TakeSeat(ctx, c.Deps.DB, row.CompanyID, SeatUser)
	}
	r.BeforeUpdate = func(ctx context.Context, c *crud.Call, old, row *Principal) error {
		return guardPrincipal(ctx, c, old, row)
	}
	r.BeforeDelete = func(ctx context.Context, c *crud.Call, row *Principal) error {
		if err := beforePrincipalDelete(ctx, c, row); err != nil {
			return err
		}
		return FreeSeat(ctx, c.Deps.DB, row.CompanyID, SeatUser)
	}
	return r
}

// Employees are a company's staff accounts; each counts against max_users.
var Employees = employeeHooks(&crud.Resource[Principal]{
	Name: "Employee", Path: "/employees", Table: "principals", Tag: "HRM", Busy: true,
	Perm: authz.Perm{Module: "hrm", Entity: "employee"}, Fixed: map[string]string{"kind": auth.KindEmployee},
	Example: principalExample, Title: principalTitle,
})

// Users are the same staff accounts seen from the user administration
// screens; they are created through POST /auth/signup with a chosen role.
var Users = employeeHooks(&crud.Resource[Principal]{
	Name: "User", Path: "/users", Table: "principals", Tag: "Accounts",
	Perm: authz.Perm{Module: "staff", Entity: "users"}, Fixed: map[string]string{"kind": auth.KindEmployee},
	Ops: crud.OpList | crud.OpGet | crud.OpUpdate | crud.OpDelete, Title: principalTitle,
})

// assignRole gives a new company account its role: the company's default role
// for its kind, or the role_id in the body, which must belong to the company
// and grant nothing the caller does not hold.
func assignRole(ctx context.Context, c *crud.Call, row *Principal, kind string) error {
	if raw, ok := c.Raw["role_id"]; ok && string(raw) != "null" && string(raw) != `""` {
		var id string
		if err := jsonString(raw, &id); err != nil {
			return httpapi.Invalid("role_id", `"role_id" must be a string`)
		}
		return grantRole(ctx, c, row, id)
	}
	var id string
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, `SELECT id FROM roles WHERE company_id = ? AND role_name = ? AND is_default = ?`, row.CompanyID, kind, true).Scan(&id)
	if err != nil {
		if db.IsNoRows(err) {
			return httpapi.Invalid("role_id", "the company has no default "+kind+" role; send a role_id")
		}
		return fmt.Errorf("org: default role: %w", err)
	}
	return grantRole(ctx, c, row, id)
}

// grantRole checks that role id may be given by the caller and sets it.
func grantRole(ctx context.Context, c *crud.Call, row *Principal, id string) error {
	role, err := loadRole(ctx, c.Deps.DB, id)
	if err != nil {
		return err
	}
	if role == nil || role.CompanyID != row.CompanyID {
		return httpapi.Invalid("role_id", `"role_id" is not a role of this company`)
	}
	perms, err := auth.RolePerms(ctx, c.Deps.DB, role.ID)
	if err != nil {
		return err
	}
	if ok, missing := c.P.Holds().Covers(perms); !ok {
		return httpapi.Forbidden("You cannot grant a role that holds " + missing + ", which you do not hold")
	}
	row.RoleID = role.ID
	return nil
}

// guardPrincipal stops a caller from taking over an account that holds more
// than they do, and applies a role change from the body.
func guardPrincipal(ctx context.Context, c *crud.Call, old, row *Principal) error {
	if err := outranks(ctx, c, old); err != nil {
		return err
	}
	if raw, ok := c.Raw["role_id"]; ok && string(raw) != "null" {
		var id string
		if err := jsonString(raw, &id); err != nil {
			return httpapi.Invalid("role_id", `"role_id" must be a string`)
		}
		if id != old.RoleID {
			return grantRole(ctx, c, row, id)
		}
	}
	return nil
}

// outranks refuses when target's role holds a permission the caller lacks.
func outranks(ctx context.Context, c *crud.Call, target *Principal) error {
	if c.P.IsSuperAdmin() || c.P.Kind == auth.KindClient && target.Kind != auth.KindClient {
		return nil
	}
	if target.ID == c.P.ID {
		return nil
	}
	perms, err := auth.RolePerms(ctx, c.Deps.DB, target.RoleID)
	if err != nil {
		return err
	}
	if ok, _ := c.P.Holds().Covers(perms); !ok {
		return httpapi.Forbidden("You cannot change an account that holds permissions you do not hold")
	}
	return nil
}

// beforePrincipalDelete refuses deleting oneself or an account that holds
// more than the caller.
func beforePrincipalDelete(ctx context.Context, c *crud.Call, row *Principal) error {
	if row.ID == c.P.ID {
		return httpapi.Conflict("You cannot delete your own account")
	}
	return outranks(ctx, c, row)
}

// deleteAnyAccount is the super-admin's delete through /auth/{id}: it frees
// the plan seat or removes the company, as the account's own route would.
func deleteAnyAccount(ctx context.Context, c *crud.Call, row *Principal) error {
	if err := beforePrincipalDelete(ctx, c, row); err != nil {
		return err
	}
	switch row.Kind {
	case auth.KindClient:
		return Clients.BeforeDelete(ctx, c, row)
	case auth.KindEmployee:
		return FreeSeat(ctx, c.Deps.DB, row.CompanyID, SeatUser)
	case auth.KindSubClient:
		return FreeSeat(ctx, c.Deps.DB, row.CompanyID, SeatClient)
	}
	return nil
}
