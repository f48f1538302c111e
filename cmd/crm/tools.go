package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/config"
	"github.com/crmhrm/crm/internal/platform/apidocs"
)

// defaultPort is the port of a local server: $PORT, or 5353.
func defaultPort() string {
	if p := os.Getenv("PORT"); p != "" {
		return p
	}
	return "5353"
}

// postman writes the Postman collection generated from the OpenAPI document.
func postman(args []string) error {
	fs := flag.NewFlagSet("postman", flag.ContinueOnError)
	base := fs.String("base-url", "http://127.0.0.1:"+defaultPort()+"/api/v1", "the API root stored in the collection's baseUrl variable")
	out := fs.String("o", "", "write to this file instead of stdout")
	fs.SetOutput(os.Stdout)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	doc, err := json.Marshal(app.OpenAPI())
	if err != nil {
		return err
	}
	c, err := apidocs.Postman(doc, *base)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if *out == "" {
		_, err = os.Stdout.Write(b)
		return err
	}
	return os.WriteFile(*out, b, 0o644)
}

// backup copies the SQLite database into a new file with VACUUM INTO: a
// consistent snapshot taken while the server keeps serving (it reads as one
// transaction; writers are not blocked in WAL mode). The copy is created
// with mode 0600 (it holds password hashes) and must not exist yet.
func backup(args []string) error {
	if len(args) != 1 || args[0] == "" || args[0][0] == '-' {
		return errors.New("backup: usage: crm backup FILE")
	}
	dst := args[0]
	c, err := config.Load()
	if err != nil {
		return err
	}
	if c.Dialect != "sqlite" {
		return fmt.Errorf("backup: the database is %s; use its own tools (pg_dump, mariadb-dump)", c.Dialect)
	}
	if _, err := os.Stat(c.DSN); err != nil {
		return fmt.Errorf("backup: no database at %s: %w", c.DSN, err)
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f.Close()
	store, err := dbOnly(c)
	if err != nil {
		os.Remove(dst)
		return err
	}
	defer store.Close()
	if _, err := store.Read.ExecContext(context.Background(), "VACUUM INTO ?", dst); err != nil {
		os.Remove(dst)
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Printf("backup of %s written to %s\n", c.DSN, dst)
	return nil
}

// healthcheck asks a server's liveness probe; images without curl run it
// as their HEALTHCHECK.
func healthcheck(args []string) error {
	url := "http://127.0.0.1:" + defaultPort() + "/healthz"
	if len(args) > 0 {
		url = args[0]
	}
	client := &http.Client{Timeout: 3 * time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %d", url, resp.StatusCode)
	}
	return nil
}
