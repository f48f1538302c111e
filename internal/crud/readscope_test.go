package crud_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/testkit"
)

// scoped is a resource with a permission, a fixed column and a row scope.
var scoped = &crud.Resource[memo]{
	Name: "Scoped memo", Path: "/test-scoped-memos", Table: "notes", Tag: "Test",
	Perm:  authz.Perm{Module: "crm", Entity: "note"},
	Fixed: map[string]string{"notetype": "pinned"},
	RowScope: func(c *crud.Call) (string, []any) {
		return "created_by = ?", []any{c.P.Username}
	},
}

// TestReadScope: hand-written reads get the resource's permission check and
// every condition its own statements carry.
func TestReadScope(t *testing.T) {
	d := &crud.Deps{DB: testkit.DB(t)}
	q := d.DB.Dialect.Quote
	req := func(p *auth.Principal) *http.Request {
		r := httptest.NewRequest("GET", "/", nil)
		return r.WithContext(auth.With(r.Context(), p))
	}
	viewer := &auth.Principal{ID: "p1", Kind: auth.KindEmployee, Username: "ana", CompanyID: "co1",
		Perms: authz.Grant([]string{authz.View}, authz.Perm{Module: "crm", Entity: "note"})}
	cond, args, err := scoped.ReadScope(d, req(viewer))
	if err != nil {
		t.Fatal(err)
	}
	want := q("company_id") + " = ? AND " + q("notetype") + " = ? AND (created_by = ?)"
	if cond != want || !reflect.DeepEqual(args, []any{"co1", "pinned", "ana"}) {
		t.Fatalf("ReadScope = %q %v, want %q [co1 pinned ana]", cond, args, want)
	}
	creator := &auth.Principal{ID: "p2", Kind: auth.KindEmployee, Username: "bo", CompanyID: "co1",
		Perms: authz.Grant([]string{authz.Create}, authz.Perm{Module: "crm", Entity: "note"})}
	var he *httpapi.Error
	if _, _, err := scoped.ReadScope(d, req(creator)); !errors.As(err, &he) || he.Status != http.StatusForbidden {
		t.Fatalf("without view permission: %v, want 403", err)
	}
}
