package crud

import (
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
)

// TestPickIndex: the index named for a list is the shortest that reads the
// equality columns' rows in the list's order, scanned forwards or backwards;
// none when no index does.
func TestPickIndex(t *testing.T) {
	ix := func(name string, cols ...string) db.Index {
		out := db.Index{Name: name}
		for _, c := range cols {
			desc := len(c) > 1 && c[0] == '-'
			if desc {
				c = c[1:]
			}
			out.Columns, out.Desc = append(out.Columns, c), append(out.Desc, desc)
		}
		return out
	}
	indexes := []db.Index{
		ix("PRIMARY", "id"),
		ix("idx_jobs_created", "company_id", "created_at", "id"),
		ix("idx_jobs_company", "company_id", "created_at"),
		ix("idx_jobs_title", "company_id", "title", "-created_at", "-id"),
		ix("idx_jobs_title_desc", "company_id", "-title", "-created_at", "-id"),
		ix("idx_jobs_location", "company_id", "location", "created_at", "id"),
		ix("idx_jobs_status_mixed", "company_id", "status", "created_at", "-id"),
	}
	f := func(col string) *Field { return &Field{Column: col} }
	key := func(col string, desc bool) orderKey { return orderKey{f: f(col), desc: desc} }
	newest := []orderKey{key("created_at", true), key("id", true)}
	for _, c := range []struct {
		what string
		eq   []string
		keys []orderKey
		want string
	}{
		{"newest first: the shorter of two, backwards (id is InnoDB's last column)", []string{"company_id"}, newest, "idx_jobs_company"},
		{"oldest first", []string{"company_id"}, []orderKey{key("created_at", false), key("id", false)}, "idx_jobs_company"},
		{"mixed directions no index has", []string{"company_id"}, []orderKey{key("created_at", false), key("id", true)}, ""},
		// The engine's tie-breakers follow the sort's direction, so one index
		// serves both; idx_jobs_title (mixed, the layout before migration
		// 00033) serves neither.
		{"sort=title: the all-descending index, backwards", []string{"company_id"}, []orderKey{key("title", false), key("created_at", false), key("id", false)}, "idx_jobs_title_desc"},
		{"sort=-title", []string{"company_id"}, []orderKey{key("title", true), key("created_at", true), key("id", true)}, "idx_jobs_title_desc"},
		{"title ascending with newest-first ties: only the mixed index", []string{"company_id"}, []orderKey{key("title", false), key("created_at", true), key("id", true)}, "idx_jobs_title"},
		{"a filter", []string{"company_id", "location"}, newest, "idx_jobs_location"},
		{"a filter whose index mixes directions", []string{"company_id", "status"}, newest, ""},
		{"a filter and a sort: no index has both", []string{"company_id", "location"}, []orderKey{key("title", false), key("created_at", false), key("id", false)}, ""},
		{"a filter without its index", []string{"company_id", "recruiter"}, newest, ""},
		{"no company (a super-admin)", nil, newest, ""},
		{"LOWER(title) is not the column", []string{"company_id"}, []orderKey{{f: f("title"), lower: true}, key("created_at", false), key("id", false)}, ""},
	} {
		if got := pickIndex(indexes, c.eq, c.keys); got != c.want {
			t.Errorf("%s: got %q, want %q", c.what, got, c.want)
		}
	}
}
