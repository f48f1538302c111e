package org_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func names(r *testkit.Response, key string) []string {
	out := []string{}
	for _, row := range r.List() {
		s, _ := row[key].(string)
		out = append(out, s)
	}
	return out
}

func TestLists(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	other := e.NewCompany()
	created := []string{"Charlie", "Alpha", "Echo", "Bravo", "Delta"}
	for _, n := range created {
		e.Must(201, "POST", api+"/departments", co.Token, map[string]any{"department_name": n})
	}
	fox := "Foxtrot " + testkit.Unique()
	e.Must(201, "POST", api+"/departments", other.Token, map[string]any{"department_name": fox})
	list := func(query string) *testkit.Response {
		t.Helper()
		return e.Must(200, "GET", api+"/departments"+query, co.Token, nil)
	}

	t.Run("without parameters every row comes back, newest first, without pagination", func(t *testing.T) {
		r := list("")
		want := []string{"Delta", "Bravo", "Echo", "Alpha", "Charlie"}
		if got := names(r, "department_name"); !reflect.DeepEqual(got, want) {
			t.Fatalf("order %v, want %v", got, want)
		}
		if _, has := r.Body["pagination"]; has {
			t.Fatalf("unpaged list has pagination: %s", r.Raw)
		}
		if r.Body["success"] != true || r.Message() == "" {
			t.Fatalf("envelope %s", r.Raw)
		}
	})
	t.Run("page and limit page the list and report the total beside data", func(t *testing.T) {
		for _, tc := range []struct {
			query string
			want  []string
			page  map[string]any
		}{
			{"?page=1&limit=2", []string{"Delta", "Bravo"}, map[string]any{"page": 1.0, "limit": 2.0, "total": 5.0, "pages": 3.0}},
			{"?page=2&limit=2", []string{"Echo", "Alpha"}, map[string]any{"page": 2.0, "limit": 2.0, "total": 5.0, "pages": 3.0}},
			{"?page=3&limit=2", []string{"Charlie"}, map[string]any{"page": 3.0, "limit": 2.0, "total": 5.0, "pages": 3.0}},
			{"?page=4&limit=2", []string{}, map[string]any{"page": 4.0, "limit": 2.0, "total": 5.0, "pages": 3.0}},
			{"?limit=3", []string{"Delta", "Bravo", "Echo"}, map[string]any{"page": 1.0, "limit": 3.0, "total": 5.0, "pages": 2.0}},
			{"?page=1", []string{"Delta", "Bravo", "Echo", "Alpha", "Charlie"}, map[string]any{"page": 1.0, "limit": 20.0, "total": 5.0, "pages": 1.0}},
			{"?limit=1000", []string{"Delta", "Bravo", "Echo", "Alpha", "Charlie"}, map[string]any{"page": 1.0, "limit": 1000.0, "total": 5.0, "pages": 1.0}},
		} {
			r := list(tc.query)
			if got := names(r, "department_name"); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s: rows %v, want %v", tc.query, got, tc.want)
			}
			// next (a cursor) is there exactly when rows follow the page.
			if p, _ := r.Body["pagination"].(map[string]any); p != nil {
				_, hasNext := p["next"]
				if more := p["page"].(float64)*p["limit"].(float64) < p["total"].(float64); hasNext != more {
					t.Errorf("%s: next cursor present %v, want %v", tc.query, hasNext, more)
				}
				delete(p, "next")
			}
			if !reflect.DeepEqual(r.Body["pagination"], tc.page) {
				t.Errorf("%s: pagination %v, want %v", tc.query, r.Body["pagination"], tc.page)
			}
			if _, isList := r.Body["data"].([]any); !isList {
				t.Errorf("%s: data is not a list: %s", tc.query, r.Raw)
			}
		}
	})
	t.Run("sort", func(t *testing.T) {
		for query, want := range map[string][]string{
			"?sort=department_name":          {"Alpha", "Bravo", "Charlie", "Delta", "Echo"},
			"?sort=-department_name":         {"Echo", "Delta", "Charlie", "Bravo", "Alpha"},
			"?sort=createdAt":                {"Charlie", "Alpha", "Echo", "Bravo", "Delta"},
			"?sort=-department_name&limit=2": {"Echo", "Delta"},
		} {
			if got := names(list(query), "department_name"); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %v, want %v", query, got, want)
			}
		}
	})
	t.Run("q searches case-insensitively", func(t *testing.T) {
		for query, want := range map[string][]string{
			"?q=ALP":                    {"Alpha"},
			"?q=a&sort=department_name": {"Alpha", "Bravo", "Charlie", "Delta"},
			"?q=ECHO":                   {"Echo"},
			"?q=zulu":                   {},
			"?q=%25":                    {},
			"?q=_":                      {},
			"?q=foxtrot":                {},
			"?q=%20bravo%20":            {"Bravo"},
			"?q=LPH":                    {"Alpha"},
		} {
			if query == "?q=LPH" && e.Server.DB.Dialect.Name() == "mysql" {
				want = []string{} // MariaDB's FULLTEXT index finds words by their start (README › Search)
			}
			if got := names(list(query), "department_name"); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %v, want %v", query, got, want)
			}
		}
		r := list("?q=a&page=1&limit=1")
		if p, _ := r.Body["pagination"].(map[string]any); p["total"] != 4.0 || len(r.List()) != 1 {
			t.Errorf("paged search: %s", r.Raw)
		}
	})
	t.Run("filters on declared fields", func(t *testing.T) {
		for _, d := range []string{"Research", "Research", "Sales"} {
			b := account("fl")
			b["department"] = d
			e.Must(201, "POST", api+"/employees", co.Token, b)
		}
		if n := len(e.Must(200, "GET", api+"/employees?department=Research", co.Token, nil).List()); n != 2 {
			t.Errorf("department=Research: %d rows", n)
		}
		if n := len(e.Must(200, "GET", api+"/employees?department=Research&q=fl&page=1&limit=1", co.Token, nil).List()); n != 1 {
			t.Errorf("combined: %d rows", n)
		}
		r := e.Must(200, "GET", api+"/roles?role_name=employee", co.Token, nil)
		if got := names(r, "role_name"); !reflect.DeepEqual(got, []string{"employee"}) {
			t.Errorf("role_name=employee: %v", got)
		}
	})
	for _, query := range []string{
		"?foo=1", "?description=x", "?department_name=Alpha", "?sort=description", "?sort=nope", "?limit=1001", "?limit=0",
		"?limit=-1", "?limit=abc", "?page=0", "?page=x", "?page=1&limit=5000", "?q=" + strings.Repeat("a", 201), "?company_id=" + other.ID,
	} {
		t.Run("400 for "+query[:min(len(query), 30)], func(t *testing.T) {
			wantError(t, query, e.Do("GET", api+"/departments"+query, co.Token, nil), 400)
		})
	}
	t.Run("a super-admin's list covers every company", func(t *testing.T) {
		got := names(e.Must(200, "GET", api+"/departments?q="+strings.ReplaceAll(fox, " ", "%20"), e.SuperAdmin(), nil), "department_name")
		if !reflect.DeepEqual(got, []string{fox}) {
			t.Fatalf("%v", got)
		}
	})
}

// TestListOrderWithinOneMillisecond: rows created in quick succession (many
// within one millisecond) are still listed newest first.
func TestListOrderWithinOneMillisecond(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	var want []string
	for i := 0; i < 30; i++ {
		n := "Dept " + testkit.Unique()
		e.Must(201, "POST", api+"/departments", co.Token, map[string]any{"department_name": n})
		want = append([]string{n}, want...)
	}
	if got := names(e.Must(200, "GET", api+"/departments", co.Token, nil), "department_name"); !reflect.DeepEqual(got, want) {
		t.Fatalf("order %v, want %v", got, want)
	}
}
