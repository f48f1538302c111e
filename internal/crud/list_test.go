package crud_test

import (
	"context"
	"slices"
	"testing"
)

// TestListSortByCreatedAt: sorting by createdAt either way orders the rows by
// it, and rows created in the same millisecond by id in the same direction
// (one index read forwards or backwards), on every database.
func TestListSortByCreatedAt(t *testing.T) {
	e := newEnv(t)
	co := e.NewCompany()
	const base = "/api/v1/test-aliased"
	var made []string
	for _, title := range []string{"a", "b", "c", "d"} {
		made = append(made, e.do(201, "POST", base, co.Token, map[string]any{"title": title, "kind": "sorted"}).ID())
	}
	// a at 1000, b, c and d together at 2000.
	for i, id := range made {
		at := 2000
		if i == 0 {
			at = 1000
		}
		if _, err := e.Server.DB.Write.ExecContext(context.Background(), e.Server.DB.Dialect.Rebind("UPDATE notes SET created_at = ? WHERE id = ?"), at, id); err != nil {
			t.Fatal(err)
		}
	}
	order := func(q string) []string {
		return ids(e.do(200, "GET", base+"?kind=sorted&"+q, co.Token, nil))
	}
	// The default order (newest first) puts the tied rows in descending id
	// order, as the database compares ids (MySQL's collation ignores case).
	all := order("")
	if all[3] != made[0] {
		t.Fatalf("default order: %v, want %s last", all, made[0])
	}
	tied := all[:3]
	ascTied := slices.Clone(tied)
	slices.Reverse(ascTied)
	if got, want := order("sort=createdAt"), append([]string{made[0]}, ascTied...); !slices.Equal(got, want) {
		t.Fatalf("sort=createdAt: %v, want %v", got, want)
	}
	if got, want := order("sort=-createdAt"), append(slices.Clone(tied), made[0]); !slices.Equal(got, want) {
		t.Fatalf("sort=-createdAt: %v, want %v", got, want)
	}
	if got, want := order("sort=-createdAt&page=1&limit=2"), tied[:2]; !slices.Equal(got, want) {
		t.Fatalf("first page: %v, want %v", got, want)
	}
}
