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
