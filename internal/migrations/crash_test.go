package migrations_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"

	"github.com/crmhrm/crm/internal/migrations"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

// freshDB opens a new empty database on the engine under test.
func freshDB(t *testing.T) (store *db.DB, dialect, dsn string) {
	t.Helper()
	dialect, dsn = testkit.EmptyDB(t)
	store, err := db.Open(dialect, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return store, dialect, dsn
}

func rowsText(t *testing.T, store *db.DB, q string) []string {
	t.Helper()
	rows, err := store.Write.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = "∅"
			if v.Valid {
				parts[i] = v.String
			}
		}
		out = append(out, strings.Join(parts, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// dumpSchema lists the tables, their columns (type, nullability, default),
// the indexes (columns, uniqueness) and goose's version rows in order.
func dumpSchema(t *testing.T, store *db.DB) string {
	t.Helper()
	var qs []string
	switch store.Dialect.Name() {
	case "postgres":
		qs = []string{
			`SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default
			 FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
			`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY tablename, indexname`,
		}
	case "mysql":
		qs = []string{
			`SELECT table_name, column_name, column_type, is_nullable, column_default, extra
			 FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position`,
			`SELECT table_name, index_name, non_unique, seq_in_index, column_name
			 FROM information_schema.statistics WHERE table_schema = DATABASE() ORDER BY table_name, index_name, seq_in_index`,
		}
	default:
		qs = []string{
			`SELECT m.name, c.name, c.type, c."notnull", c.dflt_value, c.pk
			 FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid`,
			`SELECT m.name, l.name, l."unique", i.seqno, i.name
			 FROM sqlite_master m, pragma_index_list(m.name) l, pragma_index_info(l.name) i
			 WHERE m.type = 'table' ORDER BY m.name, l.name, i.seqno`,
		}
	}
	qs = append(qs, `SELECT version_id, is_applied FROM goose_db_version ORDER BY id`)
	var b strings.Builder
	for _, q := range qs {
		for _, r := range rowsText(t, store, q) {
			b.WriteString(r)
			b.WriteByte('\n')
		}
		b.WriteString("--\n")
	}
	return b.String()
}

func sameSchema(t *testing.T, got, want string) {
	t.Helper()
	if got == want {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Fatalf("schema differs from a clean migration at line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
}

var (
	cleanOnce sync.Once
	cleanText string
)

// cleanSchema is the dump of a database migrated without interruption.
func cleanSchema(t *testing.T) string {
	t.Helper()
	cleanOnce.Do(func() {
		store, _, _ := freshDB(t)
		if _, err := migrations.Up(context.Background(), store); err != nil {
			t.Fatalf("clean up: %v", err)
		}
		cleanText = dumpSchema(t, store)
	})
	if cleanText == "" {
		t.Fatal("no clean schema")
	}
	return cleanText
}

const childEnv = "CRM_MIGRATE_CHILD"

// TestHelperMigrateChild is the child process of TestKilledMigrationsRecover:
// it migrates the database named in CRM_MIGRATE_CHILD and kills itself with
// SIGKILL at the named step.
func TestHelperMigrateChild(t *testing.T) {
	spec := os.Getenv(childEnv)
	if spec == "" {
		t.Skip("child process of TestKilledMigrationsRecover")
	}
	parts := strings.SplitN(spec, "\n", 3)
	dialect, dsn, step := parts[0], parts[1], parts[2]
	store, err := db.Open(dialect, dsn)
	if err != nil {
		t.Fatal(err)
	}
	migrations.SetStepHook(func(s string) {
		if s == step {
			_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			time.Sleep(time.Minute)
		}
	})
	_, err = migrations.Up(context.Background(), store)
	t.Fatalf("step %s was never reached (up: %v)", step, err)
}

// killPoints picks steps spread over the run: with the lock held and nothing
// done, the first statement, the middle and the end of the first file (after
// its last statement, before its version is recorded), the middle of the
// second file, and the first statement and the end of the last file.
func killPoints(t *testing.T) []string {
	all, err := migrations.Steps(testkit.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]string{}
	var order []string
	for _, s := range all[1:] {
		v, _, _ := strings.Cut(s, ":")
		if files[v] == nil {
			order = append(order, v)
		}
		files[v] = append(files[v], s)
	}
	first, second, last := files[order[0]], files[order[min(1, len(order)-1)]], files[order[len(order)-1]]
	picks := []string{"lock", first[0], first[(len(first)-1)/2], first[len(first)-1],
		second[(len(second)-1)/2], last[0], last[len(last)-1]}
	var out []string
	seen := map[string]bool{}
	for _, p := range picks {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// TestKilledMigrationsRecover kills a migrating process (SIGKILL) at several
// steps, each on a fresh database, and checks that the next start migrates
// promptly (the killed process's lock does not linger) to exactly the schema
// of an uninterrupted run.
func TestKilledMigrationsRecover(t *testing.T) {
	want := cleanSchema(t)
	for _, step := range killPoints(t) {
		t.Run(strings.ReplaceAll(step, ":", "_"), func(t *testing.T) {
			store, dialect, dsn := freshDB(t)
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperMigrateChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), childEnv+"="+dialect+"\n"+dsn+"\n"+step)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) {
				t.Fatalf("child was not killed at %s: %v\n%s", step, err, out)
			}
			if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("child was not killed at %s: %v\n%s", step, err, out)
			}
			// A lock left behind by the killed process would hold this start
			// for minutes (or 30 s and more with goose's lock table); the bound
			// on getting the lock only catches that.
			locked := make(chan struct{})
			var once sync.Once
			migrations.SetStepHook(func(s string) {
				if s == "lock" {
					once.Do(func() { close(locked) })
				}
			})
			defer migrations.SetStepHook(nil)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := migrations.Up(ctx, store)
				done <- err
			}()
			select {
			case <-locked:
			case err := <-done:
				if err != nil {
					t.Fatalf("start after a kill at %s: %v", step, err)
				}
				done <- nil
			case <-time.After(10 * time.Second):
				cancel()
				<-done
				t.Fatalf("the start after a kill at %s did not get the migration lock within 10 s", step)
			}
			if err := <-done; err != nil {
				t.Fatalf("start after a kill at %s: %v", step, err)
			}
			sameSchema(t, dumpSchema(t, store), want)
			if pending, err := migrations.Pending(ctx, store); err != nil || pending {
				t.Fatalf("pending after recovery: %v %v", pending, err)
			}
		})
	}
}

// TestConcurrentUpAppliesOnce runs three migrations of one fresh database at
// once, each on its own connection pool like separate processes: all succeed
// and every file is applied once.
func TestConcurrentUpAppliesOnce(t *testing.T) {
	want := cleanSchema(t)
	first, dialect, dsn := freshDB(t)
	stores := []*db.DB{first}
	for range 2 {
		s, err := db.Open(dialect, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores = append(stores, s)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The first run to reach the first statement pauses there, inside its
	// transaction or holding the lock, so that the others queue behind it.
	start := make(chan struct{})
	var pause sync.Once
	migrations.SetStepHook(func(step string) {
		if step == "00001:1" {
			pause.Do(func() { close(start); time.Sleep(300 * time.Millisecond) })
		}
	})
	defer migrations.SetStepHook(nil)
	errs := make(chan error, len(stores))
	go func() {
		_, err := migrations.Up(ctx, stores[0])
		errs <- err
	}()
	for _, s := range stores[1:] {
		go func() {
			<-start
			_, err := migrations.Up(ctx, s)
			errs <- err
		}()
	}
	for range stores {
		if err := <-errs; err != nil {
			t.Errorf("concurrent up: %v", err)
		}
	}
	sameSchema(t, dumpSchema(t, first), want)
}

// TestUpRepairsEmptyVersionTable: a kill between the creation of goose's
// version table and the insertion of its zero row leaves the table empty;
// the next start still migrates.
func TestUpRepairsEmptyVersionTable(t *testing.T) {
	want := cleanSchema(t)
	store, dialect, _ := freshDB(t)
	gd := map[string]database.Dialect{"postgres": goose.DialectPostgres, "mysql": goose.DialectMySQL, "sqlite": goose.DialectSQLite3}[dialect]
	vs, err := database.NewStore(gd, goose.DefaultTablename)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := vs.CreateVersionTable(ctx, store.Write); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Up(ctx, store); err != nil {
		t.Fatalf("up over an empty version table: %v", err)
	}
	sameSchema(t, dumpSchema(t, store), want)
}

// TestMySQLStatementShapes: every embedded file parses, and a MySQL
// statement a re-run could not skip safely is refused.
func TestMySQLStatementShapes(t *testing.T) {
	for _, d := range []string{"sqlite", "postgres", "mysql"} {
		if err := migrations.Load(d); err != nil {
			t.Errorf("%s: %v", d, err)
		}
	}
	file := func(stmts ...string) string {
		return "-- +goose Up\n" + strings.Join(stmts, "\n") + "\n-- +goose Down\nDROP TABLE `t`;\n"
	}
	good := []string{
		"CREATE TABLE `t` (\n    `id` VARCHAR(32) NOT NULL PRIMARY KEY,\n    `n` DECIMAL(10,2)\n) ENGINE=InnoDB;",
		"CREATE UNIQUE INDEX `uq_t_a` ON `t` (`a`, `b`);",
		"CREATE INDEX idx_t_a ON t (a);",
		"CREATE FULLTEXT INDEX `idx_t_search` ON `t` (`a`, `b`);",
		"ALTER TABLE `t` ADD COLUMN `c` VARCHAR(255) NOT NULL DEFAULT 'a,b';",
		"ALTER TABLE `t` DROP COLUMN `c`;",
		"DROP INDEX `uq_t_a` ON `t`;",
		"UPDATE `t` SET `c` = 'x' WHERE `c` IS NULL;",
		"ALTER TABLE `t` ADD COLUMN `d` BIGINT; -- a trailing comment",
	}
	for _, s := range good {
		if err := migrations.CheckFile("mysql", "00009_x.sql", file(s)); err != nil {
			t.Errorf("refused %q: %v", s, err)
		}
	}
	bad := []string{
		"ALTER TABLE `t` MODIFY COLUMN `c` BIGINT;",
		"ALTER TABLE `t` ADD COLUMN `a` BIGINT, ADD COLUMN `b` BIGINT;",
		"ALTER TABLE `t` ADD INDEX `i` (`a`);",
		"ALTER TABLE `t` ADD FULLTEXT INDEX `i` (`a`);",
		"CREATE SPATIAL INDEX `i` ON `t` (`a`);",
		"CREATE FULLTEXT `i` ON `t` (`a`);",
		"RENAME TABLE `t` TO `u`;",
		"CREATE TABLE `a` (`id` INT); CREATE TABLE `b` (`id` INT);",
		"DROP INDEX `i`;",
		"CREATE TABLE `t2` AS SELECT * FROM `t`;",
		"-- +goose StatementBegin\nCREATE TABLE `t` (`id` INT);\n-- +goose StatementEnd",
		"CREATE TABLE `t` (`id` INT)",
	}
	for _, s := range bad {
		if err := migrations.CheckFile("mysql", "00009_x.sql", file(s)); err == nil {
			t.Errorf("accepted %q", s)
		}
	}
	if err := migrations.CheckFile("postgres", "00009_x.sql", file("-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n-- +goose StatementEnd")); err != nil {
		t.Errorf("postgres StatementBegin block refused: %v", err)
	}
}
