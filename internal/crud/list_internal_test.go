package crud

import (
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
)

// TestOrderBy: the tie-breakers created_at and id follow the requested sort
// unless it already names them, in the direction of its last key (so that a
// sort and its reverse read one index both ways); id is always there.
func TestOrderBy(t *testing.T) {
	m := (&Resource[sample]{Name: "Sample", Path: "/samples-order", Table: "samples"}).Describe()
	d, err := db.DialectByName("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	id := &Field{Column: "id", Kind: KString}
	rawID := &Field{Column: "id", Kind: KInt}
	for _, c := range []struct {
		sort []SortKey
		want string
	}{
		{nil, `"created_at" DESC, "id" DESC`},
		{[]SortKey{{m.Field("name"), false}}, `LOWER("name") ASC, "created_at" ASC, "id" ASC`},
		{[]SortKey{{m.Field("createdAt"), false}}, `"created_at" ASC, "id" ASC`},
		{[]SortKey{{m.Field("count"), true}, {m.Field("createdAt"), true}}, `"count" DESC, "created_at" DESC, "id" DESC`},
		{[]SortKey{{m.Field("updatedAt"), false}}, `"updated_at" ASC, "created_at" ASC, "id" ASC`},
		{[]SortKey{{m.Field("updatedAt"), true}}, `"updated_at" DESC, "created_at" DESC, "id" DESC`},
		// Text is sorted lower-cased, which is not total for ids: the exact id stays last.
		{[]SortKey{{m.Field("createdAt"), false}, {id, false}}, `"created_at" ASC, LOWER("id") ASC, "id" ASC`},
		{[]SortKey{{rawID, true}, {m.Field("count"), false}}, `"id" DESC, "count" ASC, "created_at" ASC`},
		{[]SortKey{{m.Field("count"), false}, {m.Field("name"), true}}, `"count" ASC, LOWER("name") DESC, "created_at" DESC, "id" DESC`},
	} {
		if got := orderBy(d, m.orderKeys(d, c.sort)); got != c.want {
			t.Errorf("ORDER BY %s, want %s", got, c.want)
		}
	}
	// MySQL orders text by the column itself: its utf8mb4_unicode_ci
	// collation ignores case, and a plain index on the column then serves the
	// order (LOWER() would force a filesort of the company's rows).
	my, err := db.DialectByName("mysql")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := orderBy(my, m.orderKeys(my, []SortKey{{m.Field("name"), true}})), "`name` DESC, `created_at` DESC, `id` DESC"; got != want {
		t.Errorf("MySQL ORDER BY %s, want %s", got, want)
	}
}
