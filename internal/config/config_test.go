package config_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/crmhrm/crm/internal/config"
)

var vars = []string{"CRM_ENV", "PORT", "DATA_DIR", "SUPER_ADMIN_SECRET_KEY", "CORS_ORIGINS", "MAX_BODY_BYTES", "LIST_CAP", "BCRYPT_COST",
	"DATABASE_URL", "DB_DIALECT", "DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME", "JWT_SECRET",
	"TRUSTED_PROXIES", "LOGIN_MAX_FAILURES", "LOGIN_MAX_FAILURES_PER_ADDRESS", "LOGIN_WINDOW_SECONDS", "BCRYPT_CONCURRENCY"}

// env clears every variable the service reads, then sets kv (pairs).
func env(t *testing.T, kv ...string) string {
	t.Helper()
	for _, k := range vars {
		t.Setenv(k, "")
	}
	dir := t.TempDir()
	t.Setenv("DATA_DIR", dir)
	for i := 0; i+1 < len(kv); i += 2 {
		t.Setenv(kv[i], kv[i+1])
	}
	return dir
}

func load(t *testing.T) *config.Config {
	t.Helper()
	c, err := config.Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func TestDefaults(t *testing.T) {
	dir := env(t)
	c := load(t)
	if c.Port != "5353" || c.Env != "development" || c.Production() || c.Dialect != "sqlite" || c.DSN != filepath.Join(dir, "crm.db") ||
		c.MaxBodyBytes != 1<<20 || c.ListCap != 5000 || c.BcryptCost != 10 || c.SuperAdminKey != "" || len(c.AllowedOrigins) != 0 {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestSettings(t *testing.T) {
	env(t, "PORT", "8080", "SUPER_ADMIN_SECRET_KEY", "k", "CORS_ORIGINS", " https://a.example.com, https://b.example.com ,,",
		"MAX_BODY_BYTES", "2048", "LIST_CAP", "100", "BCRYPT_COST", "12")
	c := load(t)
	if c.Port != "8080" || c.SuperAdminKey != "k" || c.MaxBodyBytes != 2048 || c.ListCap != 100 || c.BcryptCost != 12 {
		t.Fatalf("settings: %+v", c)
	}
	if want := []string{"https://a.example.com", "https://b.example.com"}; !reflect.DeepEqual(c.AllowedOrigins, want) {
		t.Fatalf("origins %q", c.AllowedOrigins)
	}
	for _, bad := range [][2]string{{"MAX_BODY_BYTES", "abc"}, {"MAX_BODY_BYTES", "0"}, {"LIST_CAP", "-5"}, {"BCRYPT_COST", "x"},
		{"BCRYPT_COST", "3"}, {"BCRYPT_COST", "32"}, {"DB_DIALECT", "oracle"}, {"DATABASE_URL", "redis://x"}} {
		t.Run(bad[0]+"="+bad[1], func(t *testing.T) {
			env(t, bad[0], bad[1])
			if _, err := config.Load(); err == nil {
				t.Fatalf("%s=%q accepted", bad[0], bad[1])
			}
		})
	}
}

func TestLoginThrottleSettings(t *testing.T) {
	env(t)
	c := load(t)
	if c.LoginMaxFailures != 10 || c.LoginMaxFailuresPerAddress != 50 || c.LoginWindow != 15*time.Minute || c.BcryptConcurrency != 0 || len(c.TrustedProxies) != 0 {
		t.Fatalf("defaults: %+v", c)
	}
	env(t, "TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7", "LOGIN_MAX_FAILURES", "5", "LOGIN_MAX_FAILURES_PER_ADDRESS", "20",
		"LOGIN_WINDOW_SECONDS", "60", "BCRYPT_CONCURRENCY", "3")
	c = load(t)
	if c.LoginMaxFailures != 5 || c.LoginMaxFailuresPerAddress != 20 || c.LoginWindow != time.Minute || c.BcryptConcurrency != 3 ||
		fmt.Sprint(c.TrustedProxies) != "[10.0.0.0/8 192.0.2.7/32]" {
		t.Fatalf("settings: %+v", c)
	}
	for _, bad := range [][2]string{{"TRUSTED_PROXIES", "10.0.0.0/99"}, {"TRUSTED_PROXIES", "proxy.example.com"}, {"LOGIN_MAX_FAILURES", "0"},
		{"LOGIN_MAX_FAILURES_PER_ADDRESS", "x"}, {"LOGIN_WINDOW_SECONDS", "-1"}, {"BCRYPT_CONCURRENCY", "0"}} {
		t.Run(bad[0]+"="+bad[1], func(t *testing.T) {
			env(t, bad[0], bad[1])
			_, err := config.Load()
			if err == nil || !strings.Contains(err.Error(), bad[0]) {
				t.Fatalf("%s=%q: error %v", bad[0], bad[1], err)
			}
		})
	}
}

func TestProductionSecret(t *testing.T) {
	long := strings.Repeat("s", config.MinSecretLen)
	for _, tc := range []struct {
		name, env, secret string
		ok                bool
	}{
		{"missing", "production", "", false},
		{"short", "production", long[1:], false},
		{"long enough", "production", long, true},
		{"missing, CRM_ENV=prod", "prod", "", false},
		{"short, CRM_ENV=PRODUCTION", "PRODUCTION", "short", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := env(t, "CRM_ENV", tc.env, "JWT_SECRET", tc.secret)
			c := load(t)
			if !c.Production() {
				t.Fatalf("CRM_ENV=%s is not production", tc.env)
			}
			err := c.LoadSecret()
			if tc.ok != (err == nil) {
				t.Fatalf("LoadSecret: %v", err)
			}
			if tc.ok && string(c.JWTSecret) != tc.secret {
				t.Fatalf("secret %q", c.JWTSecret)
			}
			if _, err := os.Stat(filepath.Join(dir, "jwt_secret")); err == nil {
				t.Fatal("production wrote a secret file")
			}
		})
	}
}

func TestDevelopmentSecret(t *testing.T) {
	dir := env(t)
	c := load(t)
	if err := c.LoadSecret(); err != nil {
		t.Fatal(err)
	}
	if !c.SecretGenerated() || len(c.JWTSecret) < config.MinSecretLen {
		t.Fatalf("generated %v, %d bytes", c.SecretGenerated(), len(c.JWTSecret))
	}
	path := filepath.Join(dir, "jwt_secret")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("secret file: %v", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		t.Errorf("secret file mode %v", st.Mode().Perm())
	}
	first := string(c.JWTSecret)

	t.Run("reused on the next start", func(t *testing.T) {
		c := load(t)
		if err := c.LoadSecret(); err != nil {
			t.Fatal(err)
		}
		if string(c.JWTSecret) != first || c.SecretGenerated() {
			t.Fatalf("secret changed or regenerated")
		}
	})
	t.Run("JWT_SECRET wins over the file", func(t *testing.T) {
		t.Setenv("JWT_SECRET", "dev")
		c := load(t)
		if err := c.LoadSecret(); err != nil || string(c.JWTSecret) != "dev" {
			t.Fatalf("secret %q, %v", c.JWTSecret, err)
		}
	})
	t.Run("a damaged file is replaced", func(t *testing.T) {
		if err := os.WriteFile(path, []byte("short\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		c := load(t)
		if err := c.LoadSecret(); err != nil {
			t.Fatal(err)
		}
		if !c.SecretGenerated() || len(c.JWTSecret) < config.MinSecretLen || string(c.JWTSecret) == first {
			t.Fatalf("secret %q", c.JWTSecret)
		}
	})
	t.Run("the data folder is created", func(t *testing.T) {
		sub := filepath.Join(t.TempDir(), "a", "b")
		t.Setenv("DATA_DIR", sub)
		c := load(t)
		if err := c.LoadSecret(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(sub, "jwt_secret")); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDatabaseURL(t *testing.T) {
	for _, tc := range []struct {
		url, dialect, dsn string
	}{
		{"postgres://u:p@db.example.com:5432/crm?sslmode=disable", "postgres", "postgres://u:p@db.example.com:5432/crm?sslmode=disable"},
		{"postgresql://u@localhost/crm", "postgres", "postgresql://u@localhost/crm"},
		{"mysql://u:p@db.example.com:3307/crm", "mysql", "u:p@tcp(db.example.com:3307)/crm"},
		{"mysql://u:p@db.example.com/crm?tls=skip-verify", "mysql", "u:p@tcp(db.example.com:3306)/crm?tls=skip-verify"},
		{"mariadb://root@127.0.0.1/crm", "mysql", "root:@tcp(127.0.0.1:3306)/crm"},
		{"mysql://root@127.0.0.1:3306", "mysql", "root:@tcp(127.0.0.1:3306)/"},
		{"mysql://db.example.com/crm", "mysql", ":@tcp(db.example.com:3306)/crm"},
		{"mysql://u@[::1]:3307/crm", "mysql", "u:@tcp([::1]:3307)/crm"},
		{"sqlite:/var/lib/crm/crm.db", "sqlite", "/var/lib/crm/crm.db"},
		{"sqlite:data/crm.db", "sqlite", "data/crm.db"},
		{"sqlite:///var/lib/crm.db", "sqlite", "/var/lib/crm.db"},
		{"file:crm.db", "sqlite", "crm.db"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			d, dsn, err := config.ParseDatabaseURL(tc.url)
			if err != nil || d != tc.dialect || dsn != tc.dsn {
				t.Fatalf("got %q %q %v, want %q %q", d, dsn, err, tc.dialect, tc.dsn)
			}
			switch d {
			case "mysql":
				if _, err := mysql.ParseDSN(dsn); err != nil {
					t.Fatalf("driver rejects %q: %v", dsn, err)
				}
			case "postgres":
				if _, err := pgconn.ParseConfig(dsn); err != nil {
					t.Fatalf("driver rejects %q: %v", dsn, err)
				}
			}
			// The same through the environment.
			env(t, "DATABASE_URL", tc.url, "DB_HOST", "ignored", "DB_DIALECT", "postgres")
			if c := load(t); c.Dialect != tc.dialect || c.DSN != tc.dsn {
				t.Fatalf("Load: %q %q", c.Dialect, c.DSN)
			}
		})
	}
	t.Run("a MySQL password with reserved characters survives", func(t *testing.T) {
		_, dsn, err := config.ParseDatabaseURL("mysql://app:p%40ss%2Fw%3Ard@db:3306/crm")
		if err != nil {
			t.Fatal(err)
		}
		c, err := mysql.ParseDSN(dsn)
		if err != nil || c.User != "app" || c.Passwd != "p@ss/w:rd" || c.Addr != "db:3306" || c.DBName != "crm" {
			t.Fatalf("%q: %+v %v", dsn, c, err)
		}
	})
	for _, bad := range []string{"", "sqlite:", "file:", "redis://localhost", "crm.db", "http://x"} {
		t.Run("rejects "+bad, func(t *testing.T) {
			if _, _, err := config.ParseDatabaseURL(bad); err == nil {
				t.Fatalf("%q accepted", bad)
			}
		})
	}
}

func TestDatabaseVariables(t *testing.T) {
	t.Run("DB_HOST without DB_DIALECT is MySQL, as in the original", func(t *testing.T) {
		env(t, "DB_HOST", "db.example.com")
		c := load(t)
		if c.Dialect != "mysql" || c.DSN != "root:@tcp(db.example.com:3306)/crm" {
			t.Fatalf("%q %q", c.Dialect, c.DSN)
		}
	})
	t.Run("MySQL with every variable", func(t *testing.T) {
		env(t, "DB_HOST", "h", "DB_PORT", "3307", "DB_USER", "app", "DB_PASSWORD", "p@ss/w:rd", "DB_NAME", "books")
		c := load(t)
		m, err := mysql.ParseDSN(c.DSN)
		if c.Dialect != "mysql" || err != nil || m.User != "app" || m.Passwd != "p@ss/w:rd" || m.Addr != "h:3307" || m.DBName != "books" {
			t.Fatalf("%q: %+v %v", c.DSN, m, err)
		}
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		env(t, "DB_DIALECT", "PostgreSQL", "DB_HOST", "pg", "DB_USER", "app", "DB_PASSWORD", "p@ss/w:rd", "DB_NAME", "books")
		c := load(t)
		p, err := pgconn.ParseConfig(c.DSN)
		if c.Dialect != "postgres" || err != nil || p.User != "app" || p.Password != "p@ss/w:rd" || p.Host != "pg" || p.Port != 5432 || p.Database != "books" {
			t.Fatalf("%q: %v", c.DSN, err)
		}
	})
	t.Run("PostgreSQL without a password", func(t *testing.T) {
		env(t, "DB_DIALECT", "postgres")
		c := load(t)
		if c.DSN != "postgres://postgres@127.0.0.1:5432/crm" {
			t.Fatalf("%q", c.DSN)
		}
	})
	t.Run("SQLite file named by DB_NAME in the data folder", func(t *testing.T) {
		dir := env(t, "DB_DIALECT", "sqlite", "DB_NAME", "books")
		if c := load(t); c.Dialect != "sqlite" || c.DSN != filepath.Join(dir, "books.db") {
			t.Fatalf("%q %q", c.Dialect, c.DSN)
		}
	})
}
