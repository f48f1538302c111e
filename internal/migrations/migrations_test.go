package migrations_test

import (
	"context"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/migrations"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

var versionRe = regexp.MustCompile(`^(\d{5})_[a-z0-9_]+\.sql$`)

// TestDialectsInStep fails when the three dialects' migration folders stop
// holding the same versions with the same names.
func TestDialectsInStep(t *testing.T) {
	names := map[string][]string{}
	for _, d := range []string{"sqlite", "postgres", "mysql"} {
		sub, err := migrations.FS(d)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := fs.ReadDir(sub, ".")
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !versionRe.MatchString(e.Name()) {
				t.Fatalf("%s/%s: migration names are NNNNN_name.sql", d, e.Name())
			}
			names[d] = append(names[d], e.Name())
		}
	}
	want := strings.Join(names["sqlite"], ",")
	for _, d := range []string{"postgres", "mysql"} {
		if got := strings.Join(names[d], ","); got != want {
			t.Fatalf("%s migrations %s differ from sqlite's %s", d, got, want)
		}
	}
}

type column struct {
	typ      string
	nullable bool
}

func columns(t *testing.T, store *db.DB, table string) map[string]column {
	t.Helper()
	var q string
	switch store.Dialect.Name() {
	case "postgres":
		q = `SELECT column_name, CASE WHEN data_type = 'character varying' THEN 'varchar(' || character_maximum_length || ')' ELSE data_type END, is_nullable = 'YES'
		     FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?`
	case "mysql":
		q = `SELECT column_name, column_type, is_nullable = 'YES' FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?`
	default:
		q = `SELECT name, type, "notnull" = 0 FROM pragma_table_info(?)`
	}
	rows, err := store.Q(context.Background()).QueryContext(context.Background(), q, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]column{}
	for rows.Next() {
		var name, typ string
		var null bool
		if err := rows.Scan(&name, &typ, &null); err != nil {
			t.Fatal(err)
		}
		out[name] = column{normType(typ), null}
	}
	return out
}

func normType(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = regexp.MustCompile(`^(bigint|int)\(\d+\)`).ReplaceAllString(s, "$1")
	return strings.ReplaceAll(s, " ", "")
}

// TestSchemaMatchesDeclarations fails when a declared field has no column, or
// a column of another type or nullability, in the migrated database.
func TestSchemaMatchesDeclarations(t *testing.T) {
	store := testkit.DB(t)
	for _, r := range app.Resources() {
		m := r.Describe()
		cols := columns(t, store, m.Table)
		if len(cols) == 0 {
			t.Errorf("%s: table %s does not exist", m.Path, m.Table)
			continue
		}
		for _, f := range m.Fields {
			c, ok := cols[f.Column]
			if !ok {
				t.Errorf("%s: column %s.%s is missing", m.Path, m.Table, f.Column)
				continue
			}
			if want := normType(crud.ColumnType(store.Dialect.Name(), f)); c.typ != want {
				t.Errorf("%s: column %s.%s is %s, want %s", m.Path, m.Table, f.Column, c.typ, want)
			}
			if c.nullable != f.Nullable && f.Column != "id" {
				t.Errorf("%s: column %s.%s nullable=%v, want %v", m.Path, m.Table, f.Column, c.nullable, f.Nullable)
			}
		}
	}
}

// TestUpDownUp applies every migration, rolls all back with the runner's
// Down steps and applies them again, on a fresh database of the engine under
// test: the result is the schema of a single clean run.
func TestUpDownUp(t *testing.T) {
	want := cleanSchema(t)
	store, _, _ := freshDB(t)
	ctx := context.Background()
	if _, err := migrations.Up(ctx, store); err != nil {
		t.Fatal(err)
	}
	if err := migrations.DownTo(ctx, store, 0); err != nil {
		t.Fatalf("down: %v", err)
	}
	if got := columns(t, store, "principals"); len(got) != 0 {
		t.Fatalf("principals still exists after down: %v", got)
	}
	if _, err := migrations.Up(ctx, store); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if pending, err := migrations.Pending(ctx, store); err != nil || pending {
		t.Fatalf("pending after up: %v %v", pending, err)
	}
	got := dumpSchema(t, store)
	// The version rows of the first run were deleted by the Down steps.
	sameSchema(t, got, want)
}
