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

var vars = []string{"CRM_ENV", "HOST", "ALLOW_SUPER_ADMIN_SIGNUP", "PORT", "DATA_DIR", "SUPER_ADMIN_SECRET_KEY", "CORS_ORIGINS", "MAX_BODY_BYTES", "LIST_CAP", "BCRYPT_COST",
	"DATABASE_URL", "DB_DIALECT", "DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME", "JWT_SECRET",
	"REQUEST_TIMEOUT", "DB_SSLMODE", "IDEMPOTENCY_TTL", "AUTH_CACHE_TTL", "LIST_TOTAL_CACHE_TTL",
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
	if c.Port != "5353" || c.Env != "development" || c.Production() || c.Host != "127.0.0.1" || c.Addr() != "127.0.0.1:5353" || c.AllowSuperAdminSignup || c.Dialect != "sqlite" || c.DSN != filepath.Join(dir, "crm.db") ||
		c.MaxBodyBytes != 1<<20 || c.ListCap != 5000 || c.BcryptCost != 10 || c.SuperAdminKey != "" || len(c.AllowedOrigins) != 0 ||
		c.RequestTimeout != config.DefaultRequestTimeout {
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
		{"BCRYPT_COST", "3"}, {"BCRYPT_COST", "32"}, {"DB_DIALECT", "oracle"}, {"DATABASE_URL", "redis://x"},
		{"REQUEST_TIMEOUT", "10"}, {"REQUEST_TIMEOUT", "abc"}, {"REQUEST_TIMEOUT", "0s"}, {"REQUEST_TIMEOUT", "-5s"},
		{"DB_SSLMODE", "on"}, {"DB_SSLMODE", "true"}} {
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
		st, err := os.Stat(filepath.Join(sub, "jwt_secret"))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("secret file mode %v, want 0600", st.Mode().Perm())
		}
		// Only the service's user may enter the folder that holds the secret.
		if st, err := os.Stat(sub); err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("data folder mode %v (%v), want 0700", st.Mode().Perm(), err)
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
		if c.Dialect != "mysql" || c.DSN != "root:@tcp(db.example.com:3306)/crm?tls=preferred" {
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
		if c.DSN != "postgres://postgres@127.0.0.1:5432/crm?sslmode=disable" {
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

func TestRequestTimeout(t *testing.T) {
	env(t, "REQUEST_TIMEOUT", "1m30s")
	if c := load(t); c.RequestTimeout != 90*time.Second {
		t.Fatalf("REQUEST_TIMEOUT=1m30s: %v", c.RequestTimeout)
	}
	env(t, "REQUEST_TIMEOUT", "abc")
	if _, err := config.Load(); err == nil || !strings.Contains(err.Error(), "REQUEST_TIMEOUT") {
		t.Fatalf("bad REQUEST_TIMEOUT: error %v does not name the variable", err)
	}
}

func TestSSLMode(t *testing.T) {
	for _, tc := range []struct {
		name string
		kv   []string
		dsn  string
	}{
		{"PostgreSQL on a loopback host defaults to disable", []string{"DB_DIALECT", "postgres", "DB_HOST", "localhost"},
			"postgres://postgres@localhost:5432/crm?sslmode=disable"},
		{"PostgreSQL on ::1 defaults to disable", []string{"DB_DIALECT", "postgres", "DB_HOST", "::1"},
			"postgres://postgres@[::1]:5432/crm?sslmode=disable"},
		{"PostgreSQL on another host defaults to prefer", []string{"DB_DIALECT", "postgres", "DB_HOST", "pg.example.com"},
			"postgres://postgres@pg.example.com:5432/crm?sslmode=prefer"},
		{"PostgreSQL with DB_SSLMODE", []string{"DB_DIALECT", "postgres", "DB_HOST", "127.0.0.1", "DB_SSLMODE", "verify-full"},
			"postgres://postgres@127.0.0.1:5432/crm?sslmode=verify-full"},
		{"MySQL on a loopback host defaults to tls=false", []string{"DB_HOST", "127.0.0.1"},
			"root:@tcp(127.0.0.1:3306)/crm?tls=false"},
		{"MySQL require is skip-verify", []string{"DB_HOST", "db", "DB_SSLMODE", "require"}, "root:@tcp(db:3306)/crm?tls=skip-verify"},
		{"MySQL verify-ca is true", []string{"DB_HOST", "db", "DB_SSLMODE", "verify-ca"}, "root:@tcp(db:3306)/crm?tls=true"},
		{"MySQL disable is false", []string{"DB_HOST", "db", "DB_SSLMODE", "DISABLE"}, "root:@tcp(db:3306)/crm?tls=false"},
		{"DATABASE_URL without sslmode takes DB_SSLMODE", []string{"DATABASE_URL", "postgres://u@db/crm?connect_timeout=5", "DB_SSLMODE", "require"},
			"postgres://u@db/crm?connect_timeout=5&sslmode=require"},
		{"DATABASE_URL keeps its own sslmode", []string{"DATABASE_URL", "postgres://u@db/crm?sslmode=verify-full", "DB_SSLMODE", "disable"},
			"postgres://u@db/crm?sslmode=verify-full"},
		{"DATABASE_URL keeps its own tls", []string{"DATABASE_URL", "mysql://u@db/crm?tls=true", "DB_SSLMODE", "disable"},
			"u:@tcp(db:3306)/crm?tls=true"},
		{"MySQL DATABASE_URL takes DB_SSLMODE", []string{"DATABASE_URL", "mysql://u@db/crm", "DB_SSLMODE", "prefer"},
			"u:@tcp(db:3306)/crm?tls=preferred"},
		{"DATABASE_URL without DB_SSLMODE is left alone", []string{"DATABASE_URL", "postgres://u@db/crm"}, "postgres://u@db/crm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env(t, tc.kv...)
			c := load(t)
			if c.DSN != tc.dsn {
				t.Fatalf("DSN %q, want %q", c.DSN, tc.dsn)
			}
			switch c.Dialect {
			case "mysql":
				if _, err := mysql.ParseDSN(c.DSN); err != nil {
					t.Fatalf("driver rejects %q: %v", c.DSN, err)
				}
			case "postgres":
				if tc.dsn != "" && strings.Contains(c.DSN, "verify-") {
					return // needs a root certificate file to parse
				}
				if _, err := pgconn.ParseConfig(c.DSN); err != nil {
					t.Fatalf("driver rejects %q: %v", c.DSN, err)
				}
			}
		})
	}
}

func TestEnvNames(t *testing.T) {
	for v, want := range map[string]string{"": "development", "development": "development", "dev": "development", "Dev": "development",
		"production": "production", "production ": "production", " PROD\t": "production", "Production": "production", "test": "test", "TEST": "test"} {
		t.Run(v, func(t *testing.T) {
			env(t, "CRM_ENV", v)
			c := load(t)
			if c.Env != want || c.Production() != (want == "production") {
				t.Fatalf("CRM_ENV=%q: env %q, production %v", v, c.Env, c.Production())
			}
		})
	}
	for _, bad := range []string{"staging", "productio", "live", "production-eu", "1"} {
		t.Run("rejects "+bad, func(t *testing.T) {
			env(t, "CRM_ENV", bad)
			if _, err := config.Load(); err == nil || !strings.Contains(err.Error(), "CRM_ENV") {
				t.Fatalf("CRM_ENV=%q: %v", bad, err)
			}
		})
	}
}

func TestHost(t *testing.T) {
	for _, tc := range []struct {
		env, host, wantHost, wantAddr string
		loopback                      bool
	}{
		{"", "", "127.0.0.1", "127.0.0.1:5353", true},
		{"test", "", "127.0.0.1", "127.0.0.1:5353", true},
		{"production", "", "", ":5353", false},
		{"", "0.0.0.0", "0.0.0.0", "0.0.0.0:5353", false},
		{"", "192.168.1.10", "192.168.1.10", "192.168.1.10:5353", false},
		{"", "::1", "::1", "[::1]:5353", true},
		{"", "[::1]", "::1", "[::1]:5353", true},
		{"", "localhost", "localhost", "localhost:5353", true},
		{"production", "127.0.0.2", "127.0.0.2", "127.0.0.2:5353", true},
	} {
		t.Run(tc.env+" HOST="+tc.host, func(t *testing.T) {
			env(t, "CRM_ENV", tc.env, "HOST", tc.host)
			c := load(t)
			if c.Host != tc.wantHost || c.Addr() != tc.wantAddr || c.Loopback() != tc.loopback {
				t.Fatalf("host %q addr %q loopback %v", c.Host, c.Addr(), c.Loopback())
			}
		})
	}
}

func TestWeakSecret(t *testing.T) {
	t.Run("accepted with a warning on loopback in development", func(t *testing.T) {
		env(t, "JWT_SECRET", "secret")
		c := load(t)
		if err := c.LoadSecret(); err != nil {
			t.Fatal(err)
		}
		if w := strings.Join(c.Warnings(), "\n"); !strings.Contains(w, "JWT_SECRET is weak") {
			t.Fatalf("warnings %q", c.Warnings())
		}
	})
	for _, host := range []string{"0.0.0.0", "::", "10.0.0.5", "example.com"} {
		t.Run("refused in development on HOST="+host, func(t *testing.T) {
			env(t, "JWT_SECRET", "secret", "HOST", host)
			c := load(t)
			if err := c.LoadSecret(); err == nil || !strings.Contains(err.Error(), "JWT_SECRET") {
				t.Fatalf("weak secret on %s: %v", host, err)
			}
		})
	}
	t.Run("refused with CRM_ENV=\"production \"", func(t *testing.T) {
		env(t, "CRM_ENV", "production ", "JWT_SECRET", "secret", "HOST", "127.0.0.1")
		c := load(t)
		if err := c.LoadSecret(); err == nil {
			t.Fatal("weak secret accepted in production")
		}
	})
	t.Run("a strong secret beyond loopback draws no warning", func(t *testing.T) {
		env(t, "JWT_SECRET", strings.Repeat("k", config.MinSecretLen), "HOST", "0.0.0.0")
		c := load(t)
		if err := c.LoadSecret(); err != nil || len(c.Warnings()) != 0 {
			t.Fatalf("%v, warnings %q", err, c.Warnings())
		}
	})
	t.Run("a generated secret draws a warning", func(t *testing.T) {
		env(t)
		c := load(t)
		if err := c.LoadSecret(); err != nil {
			t.Fatal(err)
		}
		if w := strings.Join(c.Warnings(), "\n"); !strings.Contains(w, "generated") {
			t.Fatalf("warnings %q", c.Warnings())
		}
	})
}

func TestProductionServeRules(t *testing.T) {
	strong := strings.Repeat("k", config.MinSecretLen)
	origins := "https://app.example.com"
	for _, tc := range []struct {
		name, env, key, cors string
		ok                   bool
	}{
		{"production with a strong key and origins", "production", strong, origins, true},
		{"production without a key (sign-up off)", "production", "", origins, true},
		{"production with a weak key", "production", "a", origins, false},
		{"production with a 31-byte key", "prod", strong[1:], origins, false},
		{"production without CORS_ORIGINS", "production", strong, "", false},
		{"production with CORS_ORIGINS=*", "production", strong, "*", false},
		{"production with * among the origins", "production", strong, origins + ",*", false},
		{"development with a weak key and no origins", "development", "a", "", true},
		{"development with CORS_ORIGINS=*", "", "", "*", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env(t, "CRM_ENV", tc.env, "SUPER_ADMIN_SECRET_KEY", tc.key, "CORS_ORIGINS", tc.cors)
			c := load(t)
			if err := c.CheckServe(); tc.ok != (err == nil) {
				t.Fatalf("CheckServe: %v", err)
			}
		})
	}
}

func TestAllowSuperAdminSignup(t *testing.T) {
	env(t, "ALLOW_SUPER_ADMIN_SIGNUP", "true", "SUPER_ADMIN_SECRET_KEY", "k")
	c := load(t)
	if !c.AllowSuperAdminSignup {
		t.Fatal("ALLOW_SUPER_ADMIN_SIGNUP=true not read")
	}
	if err := c.CheckServe(); err != nil || len(c.Warnings()) == 0 {
		t.Fatalf("%v, warnings %q", err, c.Warnings())
	}
	env(t, "ALLOW_SUPER_ADMIN_SIGNUP", "maybe")
	if _, err := config.Load(); err == nil || !strings.Contains(err.Error(), "ALLOW_SUPER_ADMIN_SIGNUP") {
		t.Fatalf("ALLOW_SUPER_ADMIN_SIGNUP=maybe: %v", err)
	}
}

func TestIdempotencyTTL(t *testing.T) {
	env(t, "IDEMPOTENCY_TTL", "")
	if c := load(t); c.IdempotencyTTL != 24*time.Hour {
		t.Fatalf("default IDEMPOTENCY_TTL %v", c.IdempotencyTTL)
	}
	env(t, "IDEMPOTENCY_TTL", "90m")
	if c := load(t); c.IdempotencyTTL != 90*time.Minute {
		t.Fatalf("IDEMPOTENCY_TTL=90m gave %v", c.IdempotencyTTL)
	}
	for _, bad := range []string{"abc", "0s", "-1h", "24"} {
		env(t, "IDEMPOTENCY_TTL", bad)
		if _, err := config.Load(); err == nil || !strings.Contains(err.Error(), "IDEMPOTENCY_TTL") {
			t.Errorf("IDEMPOTENCY_TTL=%q: %v", bad, err)
		}
	}
}
