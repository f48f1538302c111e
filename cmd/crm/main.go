// Command crm is the CRM / HRM / billing API server and its administration tool.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/config"
	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/migrations"
	"github.com/crmhrm/crm/internal/org"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/logbuf"
)

const usage = `crm — CRM / HRM / billing API server

Usage:
  crm [serve]                 start the API (default; on $HOST:$PORT, 127.0.0.1:5353
                              in development when unset)
  crm migrate [up|status]     apply pending migrations (up, the default) or list them
  crm admin create --email E --password P [--username U]
                              create a super-admin without HTTP
  crm openapi                 print the OpenAPI 3.1 document
  crm postman [--base-url URL] [-o FILE]
                              write a Postman v2.1 collection of the API (stdout by default)
  crm backup FILE             copy the SQLite database to FILE while it serves (VACUUM INTO)
  crm healthcheck [URL]       exit 0 when GET URL (default http://127.0.0.1:$PORT/healthz)
                              answers 200: the container's health probe
  crm schema [sqlite|postgres|mysql]
                              print DDL generated from the resource declarations
                              (a starting point for a new migration file)
  crm --help                  this text

Configuration comes from the environment: HOST, PORT, DATABASE_URL or DB_DIALECT,
DB_HOST, DB_PORT, DB_USER, DB_PASSWORD, DB_NAME, DB_SSLMODE; JWT_SECRET;
SUPER_ADMIN_SECRET_KEY; ALLOW_SUPER_ADMIN_SIGNUP; CRM_ENV=development|production|test
(production refuses to start without a JWT_SECRET of 32+ bytes and an explicit
CORS_ORIGINS); DATA_DIR (default ./data, holds the SQLite database); CORS_ORIGINS;
MAX_BODY_BYTES; LIST_CAP; BCRYPT_COST; REQUEST_TIMEOUT; IDEMPOTENCY_TTL;
TRUSTED_PROXIES; LOGIN_MAX_FAILURES, LOGIN_MAX_FAILURES_PER_ADDRESS,
LOGIN_WINDOW_SECONDS, BCRYPT_CONCURRENCY; SHUTDOWN_GRACE, SHUTDOWN_TIMEOUT;
RATE_LIMIT_RPS, RATE_LIMIT_BURST, RATE_LIMIT_USER_RPS, RATE_LIMIT_USER_BURST;
HSTS_MAX_AGE; LOG_FLUSH_INTERVAL. See README.md.
`

// main runs the command. Every line written to stderr is a JSON log line,
// failures included; usage text goes to stdout.
func main() {
	// Lines go out at once until the server's configuration says how long
	// they may wait to be written together (LOG_FLUSH_INTERVAL).
	lw := logbuf.New(os.Stderr)
	logger := slog.New(slog.NewJSONHandler(lw, nil))
	slog.SetDefault(logger)
	err := run(os.Args[1:], logger, lw)
	if err != nil {
		logger.Error("crm failed", "err", err.Error())
	}
	lw.Close()
	if err != nil {
		os.Exit(1)
	}
}

func run(args []string, logger *slog.Logger, lw *logbuf.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "-h", "--help", "help":
		fmt.Print(usage)
		return nil
	case "serve":
		c, err := config.Load()
		if err != nil {
			return err
		}
		lw.SetDelay(c.LogFlushInterval)
		return app.Serve(c, logger)
	case "migrate":
		return migrate(args)
	case "admin":
		return admin(args)
	case "openapi":
		b, err := json.MarshalIndent(app.OpenAPI(), "", "  ")
		if err != nil {
			return err
		}
		fmt.Println(string(b))
		return nil
	case "postman":
		return postman(args)
	case "backup":
		return backup(args)
	case "healthcheck":
		return healthcheck(args)
	case "schema":
		d := "sqlite"
		if len(args) > 0 {
			d = args[0]
		}
		seen := map[string]bool{}
		for _, r := range app.Resources() {
			m := r.Describe()
			if seen[m.Table] {
				continue
			}
			seen[m.Table] = true
			fmt.Println(crud.DDL(d, m))
			if search := crud.SearchDDL(d, m); len(search) > 0 {
				fmt.Println(strings.Join(search, ";\n") + ";\n")
			}
		}
		return nil
	}
	fmt.Print(usage)
	return fmt.Errorf("unknown command %q", cmd)
}

func migrate(args []string) error {
	sub := "up"
	if len(args) > 0 {
		sub = args[0]
	}
	c, err := config.Load()
	if err != nil {
		return err
	}
	ctx := context.Background()
	switch sub {
	case "up":
		store, err := app.Open(ctx, c)
		if err != nil {
			return err
		}
		defer store.Close()
		fmt.Println("migrations applied;", c.Dialect)
		return nil
	case "status":
		store, err := dbOnly(c)
		if err != nil {
			return err
		}
		defer store.Close()
		st, err := migrations.Status(ctx, store)
		if err != nil {
			return err
		}
		for _, s := range st {
			fmt.Printf("%-8s %s\n", s.State, s.Source.Path)
		}
		return nil
	}
	return fmt.Errorf("migrate: unknown subcommand %q (want up or status)", sub)
}

func admin(args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("admin: usage: crm admin create --email E --password P [--username U]")
	}
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	email := fs.String("email", "", "e-mail of the new super-admin")
	password := fs.String("password", "", "password: 12 characters or more (at most 72 bytes), not a common password, not containing the username or e-mail name; spaces allowed")
	username := fs.String("username", "", "username (default: the e-mail's local part)")
	fs.SetOutput(os.Stdout) // stderr carries JSON log lines only
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if *email == "" || *password == "" {
		return fmt.Errorf("admin create: --email and --password are required")
	}
	if *username == "" {
		*username, _, _ = strings.Cut(*email, "@")
		if len(*username) < 3 {
			*username += "-admin"
		}
	}
	c, err := config.Load()
	if err != nil {
		return err
	}
	ctx := context.Background()
	store, err := app.Open(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close()
	deps := &crud.Deps{DB: store, Auth: &auth.Service{DB: store, BcryptCost: c.BcryptCost}}
	for _, r := range app.Resources() {
		r.Mount(nilRouter(), deps)
	}
	raw := map[string]json.RawMessage{}
	for k, v := range map[string]string{"email": *email, "password": *password, "username": *username} {
		b, _ := json.Marshal(v)
		raw[k] = b
	}
	row, err := org.CreateSuperAdmin(ctx, deps, raw)
	if err != nil {
		return err
	}
	fmt.Printf("super-admin %s <%s> created (id %s)\n", row.Username, row.Email, row.ID)
	return nil
}
