package migrations

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/crmhrm/crm/internal/platform/db"
)

// SetStepHook installs f as the step hook (nil removes it).
func SetStepHook(f func(step string)) { stepHook = f }

// Steps lists the steps of a full Up run on a fresh database of the dialect,
// in order, as passed to the step hook.
func Steps(dialect string) ([]string, error) {
	scripts, err := load(dialect)
	if err != nil {
		return nil, err
	}
	out := []string{"lock"}
	for _, s := range scripts {
		list, label := steps(s, true)
		for i := range list {
			out = append(out, fmt.Sprintf("%s%d", label, i+1))
		}
		out = append(out, label+"end")
	}
	return out, nil
}

// CheckFile parses one migration file as the runner does.
func CheckFile(dialect, name, src string) error {
	_, err := parse(dialect, name, src)
	return err
}

// Load parses every embedded file of a dialect.
func Load(dialect string) error {
	_, err := load(dialect)
	return err
}

// DownTo rolls back the migrations above version with the runner's Down steps.
func DownTo(ctx context.Context, store *db.DB, version int64) error {
	p, run, err := provider(store)
	if err != nil {
		return err
	}
	return withLock(ctx, store, func(conn *sql.Conn) error {
		run.conn = conn
		_, err := p.DownTo(ctx, version)
		return err
	})
}

// GuardsOf lists, per Up statement of a MySQL file, the table.column pairs
// whose absence makes a re-run skip it.
func GuardsOf(src string) ([][]string, error) {
	s, err := parse("mysql", "00099_x.sql", src)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(s.up))
	for i, st := range s.up {
		for _, g := range st.guards {
			out[i] = append(out[i], g.table+"."+g.column)
		}
	}
	return out, nil
}

// RunMySQLUp runs the Up statements of a MySQL file as the runner does, each
// checked first and skipped when already in effect.
func RunMySQLUp(ctx context.Context, store *db.DB, src string) error {
	s, err := parse("mysql", "00099_x.sql", src)
	if err != nil {
		return err
	}
	return runGuarded(ctx, store.Write, s, true)
}
