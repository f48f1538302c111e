package org_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func TestSmoke(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	r := e.Must(201, "POST", "/api/v1/departments/", co.Token, map[string]any{"department_name": "Sales"})
	e.Must(200, "GET", "/api/v1/departments/"+r.ID(), co.Token, nil)
	l := e.Must(200, "GET", "/api/v1/departments", co.Token, nil)
	if len(l.List()) != 1 {
		t.Fatalf("list: %s", l.Raw)
	}
	t.Logf("%s", l.Raw)
}
