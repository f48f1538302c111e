// Package migrations holds the versioned schema of every dialect, embedded in
// the binary, and applies it with goose. The three folders keep the same
// version numbers; a test fails if they drift apart or from the declarations.
package migrations

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/crmhrm/crm/internal/platform/db"
)

//go:embed sqlite/*.sql postgres/*.sql mysql/*.sql
var files embed.FS

// FS returns the migration files of one dialect.
func FS(dialect string) (fs.FS, error) {
	return fs.Sub(files, dialect)
}

func provider(store *db.DB) (*goose.Provider, error) {
	name := store.Dialect.Name()
	sub, err := FS(name)
	if err != nil {
		return nil, err
	}
	var gd goose.Dialect
	var opts []goose.ProviderOption
	switch name {
	case "postgres":
		gd = goose.DialectPostgres
		l, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(l))
	case "mysql":
		gd = goose.DialectMySQL
		l, err := lock.NewMySQLTableLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithLocker(l))
	default:
		gd = goose.DialectSQLite3
	}
	opts = append(opts, goose.WithDisableGlobalRegistry(true))
	p, err := goose.NewProvider(gd, store.Write, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return p, nil
}

// Up applies every pending migration.
func Up(ctx context.Context, store *db.DB) ([]*goose.MigrationResult, error) {
	p, err := provider(store)
	if err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return res, fmt.Errorf("migrations: up: %w", err)
	}
	return res, nil
}

// Status reports each migration and whether it is applied.
func Status(ctx context.Context, store *db.DB) ([]*goose.MigrationStatus, error) {
	p, err := provider(store)
	if err != nil {
		return nil, err
	}
	return p.Status(ctx)
}

// Pending reports whether migrations remain to be applied.
func Pending(ctx context.Context, store *db.DB) (bool, error) {
	p, err := provider(store)
	if err != nil {
		return false, err
	}
	return p.HasPending(ctx)
}
