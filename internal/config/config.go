// Package config reads the service's settings from the environment.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/crmhrm/crm/internal/platform/clientip"
)

// Config is every setting of the service.
type Config struct {
	Env             string // "development" (default) or "production" (CRM_ENV)
	Port            string
	DataDir         string
	Dialect         string // sqlite, postgres or mysql
	DSN             string // driver DSN (a file path for SQLite)
	JWTSecret       []byte
	SuperAdminKey   string
	AllowedOrigins  []string
	MaxBodyBytes    int64
	ListCap         int
	BcryptCost      int
	secretGenerated bool

	// TrustedProxies are the networks whose X-Forwarded-For is believed (TRUSTED_PROXIES).
	TrustedProxies []netip.Prefix
	// Login throttle: failed logins per account and per address within
	// LoginWindow (LOGIN_MAX_FAILURES, LOGIN_MAX_FAILURES_PER_ADDRESS,
	// LOGIN_WINDOW_SECONDS), and how many bcrypt checks run at once
	// (BCRYPT_CONCURRENCY; 0: one less than the number of CPUs, at least 1).
	LoginMaxFailures           int
	LoginMaxFailuresPerAddress int
	LoginWindow                time.Duration
	BcryptConcurrency          int
}

// MinSecretLen is the shortest JWT secret accepted in production.
const MinSecretLen = 32

// Load reads the configuration. In production a missing or weak JWT_SECRET is
// an error; in development a random secret is generated once and kept in the
// data folder so that tokens survive restarts.
func Load() (*Config, error) {
	c := &Config{
		Env:           strings.ToLower(getenv("CRM_ENV", "development")),
		Port:          getenv("PORT", "5353"),
		DataDir:       getenv("DATA_DIR", "./data"),
		SuperAdminKey: os.Getenv("SUPER_ADMIN_SECRET_KEY"),
		MaxBodyBytes:  1 << 20,
		ListCap:       5000,
		BcryptCost:    10,

		LoginMaxFailures:           10,
		LoginMaxFailuresPerAddress: 50,
		LoginWindow:                15 * time.Minute,
	}
	if v := os.Getenv("CORS_ORIGINS"); v != "" {
		for _, o := range strings.Split(v, ",") {
			if o = strings.TrimSpace(o); o != "" {
				c.AllowedOrigins = append(c.AllowedOrigins, o)
			}
		}
	}
	var err error
	if c.MaxBodyBytes, err = intEnv("MAX_BODY_BYTES", c.MaxBodyBytes); err != nil {
		return nil, err
	}
	cap64, err := intEnv("LIST_CAP", int64(c.ListCap))
	if err != nil {
		return nil, err
	}
	c.ListCap = int(cap64)
	cost, err := intEnv("BCRYPT_COST", int64(c.BcryptCost))
	if err != nil {
		return nil, err
	}
	if cost < 4 || cost > 31 { // bcrypt's MinCost and MaxCost
		return nil, errors.New("config: BCRYPT_COST must be between 4 and 31")
	}
	c.BcryptCost = int(cost)
	if c.TrustedProxies, err = clientip.Parse(os.Getenv("TRUSTED_PROXIES")); err != nil {
		return nil, fmt.Errorf("config: TRUSTED_PROXIES: %w", err)
	}
	for _, v := range []struct {
		name string
		dst  *int
	}{{"LOGIN_MAX_FAILURES", &c.LoginMaxFailures}, {"LOGIN_MAX_FAILURES_PER_ADDRESS", &c.LoginMaxFailuresPerAddress},
		{"BCRYPT_CONCURRENCY", &c.BcryptConcurrency}} {
		n, err := intEnv(v.name, int64(*v.dst))
		if err != nil {
			return nil, err
		}
		*v.dst = int(n)
	}
	win, err := intEnv("LOGIN_WINDOW_SECONDS", int64(c.LoginWindow/time.Second))
	if err != nil {
		return nil, err
	}
	c.LoginWindow = time.Duration(win) * time.Second
	if err := c.loadDatabase(); err != nil {
		return nil, err
	}
	return c, nil
}

// Production reports CRM_ENV=production.
func (c *Config) Production() bool { return c.Env == "production" || c.Env == "prod" }

// LoadSecret fills JWTSecret (see Load); it is separate so that commands that
// never sign tokens (migrate) do not need one.
func (c *Config) LoadSecret() error {
	s := os.Getenv("JWT_SECRET")
	if c.Production() {
		if s == "" {
			return errors.New("config: JWT_SECRET is required when CRM_ENV=production")
		}
		if len(s) < MinSecretLen {
			return fmt.Errorf("config: JWT_SECRET must be at least %d bytes when CRM_ENV=production", MinSecretLen)
		}
		c.JWTSecret = []byte(s)
		return nil
	}
	if s != "" {
		c.JWTSecret = []byte(s)
		return nil
	}
	path := filepath.Join(c.DataDir, "jwt_secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= MinSecretLen {
		c.JWTSecret = []byte(strings.TrimSpace(string(b)))
		return nil
	}
	var buf [32]byte
	if _, err := rand.Read(buf[:]); err != nil {
		return err
	}
	secret := hex.EncodeToString(buf[:])
	if err := os.MkdirAll(c.DataDir, 0o755); err != nil {
		return fmt.Errorf("config: create data folder: %w", err)
	}
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return fmt.Errorf("config: keep development JWT secret: %w", err)
	}
	c.JWTSecret = []byte(secret)
	c.secretGenerated = true
	return nil
}

// SecretGenerated reports that a development secret was just created.
func (c *Config) SecretGenerated() bool { return c.secretGenerated }

// loadDatabase picks the database: DATABASE_URL, else DB_* variables (MySQL
// when DB_HOST is set without DB_DIALECT, as in the original), else SQLite in
// the data folder.
func (c *Config) loadDatabase() error {
	if u := os.Getenv("DATABASE_URL"); u != "" {
		d, dsn, err := ParseDatabaseURL(u)
		if err != nil {
			return err
		}
		c.Dialect, c.DSN = d, dsn
		return nil
	}
	dialect := strings.ToLower(os.Getenv("DB_DIALECT"))
	host := os.Getenv("DB_HOST")
	if dialect == "" && host != "" {
		dialect = "mysql"
	}
	switch dialect {
	case "", "sqlite", "sqlite3":
		c.Dialect = "sqlite"
		name := getenv("DB_NAME", "crm")
		if !strings.HasSuffix(name, ".db") {
			name += ".db"
		}
		c.DSN = filepath.Join(c.DataDir, name)
	case "postgres", "postgresql":
		c.Dialect = "postgres"
		u := url.URL{Scheme: "postgres", Host: getenv("DB_HOST", "127.0.0.1") + ":" + getenv("DB_PORT", "5432"),
			Path: "/" + getenv("DB_NAME", "crm"), User: url.UserPassword(getenv("DB_USER", "postgres"), os.Getenv("DB_PASSWORD"))}
		if os.Getenv("DB_PASSWORD") == "" {
			u.User = url.User(getenv("DB_USER", "postgres"))
		}
		c.DSN = u.String()
	case "mysql", "mariadb":
		c.Dialect = "mysql"
		c.DSN = fmt.Sprintf("%s:%s@tcp(%s:%s)/%s", getenv("DB_USER", "root"), os.Getenv("DB_PASSWORD"),
			getenv("DB_HOST", "127.0.0.1"), getenv("DB_PORT", "3306"), getenv("DB_NAME", "crm"))
	default:
		return fmt.Errorf("config: DB_DIALECT %q is not one of sqlite, postgres, mysql", dialect)
	}
	return nil
}

// ParseDatabaseURL turns a DATABASE_URL into a dialect and driver DSN:
// postgres://…, mysql://user:pass@host:port/db, or sqlite:path (also file:path).
func ParseDatabaseURL(s string) (dialect, dsn string, err error) {
	switch {
	case strings.HasPrefix(s, "postgres://"), strings.HasPrefix(s, "postgresql://"):
		return "postgres", s, nil
	case strings.HasPrefix(s, "mysql://"), strings.HasPrefix(s, "mariadb://"):
		u, err := url.Parse(s)
		if err != nil {
			return "", "", fmt.Errorf("config: DATABASE_URL: %w", err)
		}
		pw, _ := u.User.Password()
		host := u.Host
		if u.Port() == "" {
			host += ":3306"
		}
		path := u.Path
		if path == "" {
			path = "/" // the driver needs the slash even without a database name
		}
		dsn := fmt.Sprintf("%s:%s@tcp(%s)%s", u.User.Username(), pw, host, path)
		if u.RawQuery != "" {
			dsn += "?" + u.RawQuery
		}
		return "mysql", dsn, nil
	case strings.HasPrefix(s, "sqlite:"), strings.HasPrefix(s, "file:"):
		p := strings.TrimPrefix(strings.TrimPrefix(s, "sqlite:"), "file:")
		p = strings.TrimPrefix(p, "//")
		if p == "" {
			return "", "", errors.New("config: DATABASE_URL sqlite: needs a file path")
		}
		return "sqlite", p, nil
	}
	return "", "", errors.New("config: DATABASE_URL must start with postgres://, mysql:// or sqlite:")
}

func getenv(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func intEnv(k string, def int64) (int64, error) {
	v := os.Getenv(k)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("config: %s must be a positive integer", k)
	}
	return n, nil
}
