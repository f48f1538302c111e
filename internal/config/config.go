// Package config reads the service's settings from the environment.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
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

	// ShutdownGrace is how long the server keeps serving after SIGTERM with
	// /readyz at 503 (SHUTDOWN_GRACE); ShutdownTimeout bounds the wait for
	// requests in flight after that (SHUTDOWN_TIMEOUT).
	ShutdownGrace   time.Duration
	ShutdownTimeout time.Duration
	// Rate limits: requests per second and burst per client address
	// (RATE_LIMIT_RPS, RATE_LIMIT_BURST) and per authenticated principal
	// (RATE_LIMIT_USER_RPS, RATE_LIMIT_USER_BURST); a rate of 0 turns one off.
	RateLimitRPS       float64
	RateLimitBurst     int
	RateLimitUserRPS   float64
	RateLimitUserBurst int
	// HSTSMaxAge is the Strict-Transport-Security max-age in seconds (HSTS_MAX_AGE; 0: no header).
	HSTSMaxAge int64
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

		ShutdownGrace:      5 * time.Second,
		ShutdownTimeout:    20 * time.Second,
		RateLimitRPS:       50,
		RateLimitBurst:     200,
		RateLimitUserRPS:   20,
		RateLimitUserBurst: 100,
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
	if err := c.loadOperations(); err != nil {
		return nil, err
	}
	if err := c.loadDatabase(); err != nil {
		return nil, err
	}
	return c, nil
}

// loadOperations reads the shutdown, rate-limit and HSTS settings.
func (c *Config) loadOperations() error {
	var err error
	if c.ShutdownGrace, err = durationEnv("SHUTDOWN_GRACE", c.ShutdownGrace, true); err != nil {
		return err
	}
	if c.ShutdownTimeout, err = durationEnv("SHUTDOWN_TIMEOUT", c.ShutdownTimeout, false); err != nil {
		return err
	}
	if c.RateLimitRPS, c.RateLimitBurst, err = rateEnv("RATE_LIMIT_RPS", "RATE_LIMIT_BURST", c.RateLimitRPS, c.RateLimitBurst); err != nil {
		return err
	}
	if c.RateLimitUserRPS, c.RateLimitUserBurst, err = rateEnv("RATE_LIMIT_USER_RPS", "RATE_LIMIT_USER_BURST", c.RateLimitUserRPS, c.RateLimitUserBurst); err != nil {
		return err
	}
	if v := os.Getenv("HSTS_MAX_AGE"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return errors.New("config: HSTS_MAX_AGE must be a whole number of seconds (0 turns it off)")
		}
		c.HSTSMaxAge = n
	}
	return nil
}

// durationEnv reads a Go duration such as "5s" or "500ms".
func durationEnv(k string, def time.Duration, zeroOK bool) (time.Duration, error) {
	v := os.Getenv(k)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 || (d == 0 && !zeroOK) {
		if zeroOK {
			return 0, fmt.Errorf("config: %s must be a duration such as 5s or 500ms (0 for none)", k)
		}
		return 0, fmt.Errorf("config: %s must be a positive duration such as 20s", k)
	}
	return d, nil
}

// rateEnv reads a rate (requests per second, decimals allowed, 0 = off) and
// its burst (a positive integer when the rate is on).
func rateEnv(rk, bk string, rps float64, burst int) (float64, int, error) {
	if v := os.Getenv(rk); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			return 0, 0, fmt.Errorf("config: %s must be a number of requests per second (0 turns the limit off)", rk)
		}
		rps = f
	}
	if v := os.Getenv(bk); v != "" {
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n < 0 {
			return 0, 0, fmt.Errorf("config: %s must be a positive integer", bk)
		}
		burst = int(n)
	}
	if rps > 0 && burst < 1 {
		return 0, 0, fmt.Errorf("config: %s must be a positive integer when %s is set", bk, rk)
	}
	return rps, burst, nil
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
