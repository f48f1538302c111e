package org_test

import (
	"context"
	"testing"

	"github.com/crmhrm/crm/internal/org"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/testkit"
)

func notify(t *testing.T, e *testkit.Env, company string, users ...string) {
	t.Helper()
	ctx := context.Background()
	if err := e.DB.InTx(ctx, func(ctx context.Context) error {
		return org.Notify(ctx, e.DB, org.Note{CompanyID: company, Users: users, Title: "Heads up", Message: "something happened"})
	}); err != nil {
		t.Fatal(err)
	}
}

func unread(t *testing.T, e *testkit.Env, token string) float64 {
	t.Helper()
	n, ok := e.Must(200, "GET", api+"/notifications/unread-count", token, nil).Data()["count"].(float64)
	if !ok {
		t.Fatal("unread-count answered no count")
	}
	return n
}

func kindEvents(t *testing.T, e *testkit.Env, company, kind string) int {
	t.Helper()
	var n int
	if err := e.DB.Q(context.Background()).QueryRowContext(context.Background(),
		`SELECT COUNT(*) FROM event_outbox WHERE company_id = ? AND kind = ?`, company, kind).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestNotificationsReadAllAndUnreadCount(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	a, b := e.NewMember(co, authz.Perms{}), e.NewMember(co, authz.Perms{})
	notify(t, e, co.ID, a.ID)
	notify(t, e, co.ID, a.ID)
	notify(t, e, co.ID, a.ID, b.ID)
	notify(t, e, co.ID, b.ID)
	if n := kindEvents(t, e, co.ID, "notification"); n != 4 {
		t.Fatalf("notification events = %d, want 4", n)
	}
	if got, bn := unread(t, e, a.Token), unread(t, e, b.Token); got != 3 || bn != 2 {
		t.Fatalf("unread a=%v b=%v, want 3 and 2", got, bn)
	}
	one := e.Must(200, "GET", api+"/notifications", a.Token, nil).List()[0]["id"].(string)
	e.Must(200, "PUT", api+"/notifications/"+one, a.Token, map[string]any{"isRead": true})
	if got := unread(t, e, a.Token); got != 2 {
		t.Fatalf("after marking one read, unread = %v", got)
	}
	if n := kindEvents(t, e, co.ID, "notification.read"); n != 1 {
		t.Fatalf("notification.read events = %d, want 1", n)
	}
	if d := e.Must(200, "PUT", api+"/notifications/read-all", a.Token, nil).Data(); d["updated"] != float64(2) {
		t.Fatalf("read-all = %v", d)
	}
	if got := unread(t, e, a.Token); got != 0 {
		t.Fatalf("after read-all, unread = %v", got)
	}
	if n := kindEvents(t, e, co.ID, "notification.read"); n != 2 {
		t.Fatalf("notification.read events = %d, want 2", n)
	}
	// B's own notification stays unread (the shared one is read, as before).
	if got := unread(t, e, b.Token); got != 1 {
		t.Fatalf("B's unread after A's read-all = %v", got)
	}
	e.Must(200, "PUT", api+"/notifications/read-all", a.Token, nil)
	if n := kindEvents(t, e, co.ID, "notification.read"); n != 2 {
		t.Fatalf("a read-all that changed nothing emitted an event (%d)", n)
	}
}

func TestNotificationDeleteOwnOnly(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	a, b := e.NewMember(co, authz.Perms{}), e.NewMember(co, authz.Perms{})
	other := e.NewCompany()
	notify(t, e, co.ID, a.ID)
	notify(t, e, co.ID, a.ID, b.ID)
	list := e.Must(200, "GET", api+"/notifications", a.Token, nil).List()
	var own, shared string
	for _, n := range list {
		if len(n["users"].([]any)) == 1 {
			own = n["id"].(string)
		} else {
			shared = n["id"].(string)
		}
	}
	e.Must(404, "DELETE", api+"/notifications/"+own, b.Token, nil)
	e.Must(404, "DELETE", api+"/notifications/"+own, other.Token, nil)
	e.Must(404, "DELETE", api+"/notifications/nope", a.Token, nil)
	e.Must(200, "GET", api+"/notifications/"+own, a.Token, nil)
	e.Must(200, "DELETE", api+"/notifications/"+own, a.Token, nil)
	e.Must(404, "GET", api+"/notifications/"+own, a.Token, nil)
	e.Must(404, "DELETE", api+"/notifications/"+own, a.Token, nil)

	// A shared notification leaves A's list and stays in B's.
	e.Must(200, "DELETE", api+"/notifications/"+shared, a.Token, nil)
	e.Must(404, "GET", api+"/notifications/"+shared, a.Token, nil)
	e.Must(200, "GET", api+"/notifications/"+shared, b.Token, nil)
	if n := kindEvents(t, e, co.ID, "notification.deleted"); n != 2 {
		t.Fatalf("notification.deleted events = %d, want 2", n)
	}
}
