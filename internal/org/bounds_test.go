package org_test

import (
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

// TestHugeNumbersAreRefusedBeforeParsing: a numeral of about 1 MiB in a money
// or integer field is a 422 naming the field and the bound.
func TestHugeNumbersAreRefusedBeforeParsing(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	id := e.Must(201, "POST", api+"/employees", co.Token, account("num")).ID()
	huge := strings.Repeat("9", 1<<20-200) // the body stays under MAX_BODY_BYTES
	for _, c := range []struct{ field, body string }{
		{"salary", `{"salary":` + huge + `}`},
		{"salary", `{"salary":"` + huge + `"}`},
		{"salary", `{"salary":"0.` + huge + `"}`},
		{"accountnumber", `{"accountnumber":` + huge + `}`},
	} {
		r := e.Do("PUT", api+"/employees/"+id, co.Token, c.body)
		if r.Status != 422 || !hasFieldError(r, c.field, "at most 40 characters") {
			t.Fatalf("%s: status %d: %.300s", c.field, r.Status, r.Raw)
		}
	}
	r := e.Must(200, "PUT", api+"/employees/"+id, co.Token, map[string]any{"salary": "1234.50"})
	if r.Data()["salary"] != 1234.5 {
		t.Fatalf("salary %v", r.Data()["salary"])
	}
}

// TestSortKeysAreCapped: at most 5 distinct sort fields; more, or one named
// twice, is a 400 naming the parameter (2,100 keys used to be a 500).
func TestSortKeysAreCapped(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	e.Must(200, "GET", api+"/employees?sort=username,-email,firstName,lastName,-createdAt", co.Token, nil)
	for _, q := range []string{
		"username,-email,firstName,lastName,-createdAt,updatedAt",
		"username,-username",
		strings.Repeat("username,", 2099) + "username",
	} {
		r := e.Do("GET", api+"/employees?sort="+q, co.Token, nil)
		if r.Status != 400 || !strings.Contains(r.Message(), `"sort"`) {
			t.Fatalf("sort=%.60s…: status %d: %s", q, r.Status, r.Raw)
		}
	}
}
