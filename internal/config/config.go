// Package config reads the service's settings from the environment.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net"
	"net/mail"
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
	Env           string // "development" (default), "production" or "test" (CRM_ENV)
	Host          string // listen address (HOST); empty: every interface
	Port          string
	DataDir       string
	Dialect       string // sqlite, postgres or mysql
	DSN           string // driver DSN (a file path for SQLite)
	JWTSecret     []byte
	SuperAdminKey string
	// AllowSuperAdminSignup keeps POST /super-admin open after the first
	// super-admin exists (ALLOW_SUPER_ADMIN_SIGNUP).
	AllowSuperAdminSignup bool
	AllowedOrigins        []string
	MaxBodyBytes          int64
	ListCap               int
	BcryptCost            int
	RequestTimeout        time.Duration // every request's deadline (REQUEST_TIMEOUT)
	IdempotencyTTL        time.Duration // how long Idempotency-Key answers are kept
	// AuthCacheTTL is how long an instance reuses a loaded principal
	// (AUTH_CACHE_TTL, 2s by default; 0 loads it on every request).
	AuthCacheTTL time.Duration
	// ListTotalTTL is how long an instance reuses a paged list's total
	// between writes (LIST_TOTAL_CACHE_TTL, 2s by default; 0 counts every page).
	ListTotalTTL    time.Duration
	secretGenerated bool
	warnings        []string

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

	// ShutdownGrace is how long the server keeps serving after SIGTERM with
	// /readyz at 503 (SHUTDOWN_GRACE); ShutdownTimeout bounds the wait for
	// requests in flight after that (SHUTDOWN_TIMEOUT).
	ShutdownGrace   time.Duration
	ShutdownTimeout time.Duration
	// LogFlushInterval is how long a log line may wait to be written with the
	// lines after it (LOG_FLUSH_INTERVAL; 0: each line written at once).
	LogFlushInterval time.Duration
	// Rate limits: requests per second and burst per client address
	// (RATE_LIMIT_RPS, RATE_LIMIT_BURST) and per authenticated principal
	// (RATE_LIMIT_USER_RPS, RATE_LIMIT_USER_BURST); a rate of 0 turns one off.
	RateLimitRPS       float64
	RateLimitBurst     int
	RateLimitUserRPS   float64
	RateLimitUserBurst int
	// HSTSMaxAge is the Strict-Transport-Security max-age in seconds (HSTS_MAX_AGE; 0: no header).
	HSTSMaxAge int64
	// MetricsToken enables GET /metrics behind this bearer token (METRICS_TOKEN;
	// empty: off). Pprof serves /debug/pprof/ behind the same token (PPROF).
	MetricsToken string
	Pprof        bool

	// Live stream (GET /api/v1/stream): heartbeat and principal re-check
	// (STREAM_HEARTBEAT), outbox polling (STREAM_POLL_INTERVAL), replay bounds
	// on reconnection (STREAM_REPLAY_MAX events, STREAM_REPLAY_WINDOW back;
	// older outbox rows are pruned), events queued per stream before a slow
	// client is dropped (STREAM_BUFFER), open streams per account and per
	// instance (STREAM_MAX_PER_USER, STREAM_MAX_TOTAL), and the NATS server
	// carrying wake-ups between instances (NATS_URL; empty: none).
	StreamHeartbeat    time.Duration
	StreamPoll         time.Duration
	StreamReplayMax    int
	StreamReplayWindow time.Duration
	StreamBuffer       int
	StreamMaxPerUser   int
	StreamMaxTotal     int
	NATSURL            string

	// Files: the largest upload (FILES_MAX_BYTES) and files per upload
	// request (FILES_MAX_PER_REQUEST); an S3-compatible store when S3_BUCKET
	// is set (S3_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY),
	// else DATA_DIR/files.
	FilesMaxBytes      int64
	FilesMaxPerRequest int
	S3Endpoint         string
	S3Bucket           string
	S3Region           string
	S3AccessKeyID      string
	S3SecretAccessKey  string
	// E-mail (see README › E-mail): SMTP delivery when SMTPHost is set
	// (SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_TLS), the sender
	// address (MAIL_FROM), and the web page a password reset mail links to
	// (PASSWORD_RESET_URL; empty: the mail carries the code only).
	SMTPHost         string
	SMTPPort         int
	SMTPUser         string
	SMTPPassword     string
	SMTPTLS          string // starttls (default), tls or none
	MailFrom         string
	PasswordResetURL string
}

// DefaultRequestTimeout is REQUEST_TIMEOUT when unset: long enough for the
// largest bulk import on a remote database, well under the server's 60 s
// write timeout so that the 503 still reaches the client (see README).
const DefaultRequestTimeout = 30 * time.Second

// MinSecretLen is the shortest JWT secret (and super-admin key) accepted in
// production, and the shortest JWT secret accepted on a non-loopback address.
const MinSecretLen = 32

// Load reads the configuration. CRM_ENV must name a known environment
// (anything else is an error, so a typo never falls back to development).
// The secrets and the rules that only serving needs are checked by LoadSecret
// and CheckServe.
func Load() (*Config, error) {
	env, err := parseEnv(os.Getenv("CRM_ENV"))
	if err != nil {
		return nil, err
	}
	c := &Config{
		Env:           env,
		Port:          getenv("PORT", "5353"),
		DataDir:       getenv("DATA_DIR", "./data"),
		SuperAdminKey: os.Getenv("SUPER_ADMIN_SECRET_KEY"),
		MaxBodyBytes:  1 << 20,
		ListCap:       5000,
		BcryptCost:    10,

		LoginMaxFailures:           10,
		LoginMaxFailuresPerAddress: 50,
		LoginWindow:                15 * time.Minute,
		ShutdownGrace:              5 * time.Second,
		ShutdownTimeout:            20 * time.Second,
		LogFlushInterval:           100 * time.Millisecond,
		RateLimitRPS:               50,
		RateLimitBurst:             200,
		RateLimitUserRPS:           20,
		RateLimitUserBurst:         100,
	}
	if c.RequestTimeout, err = durationEnv("REQUEST_TIMEOUT", DefaultRequestTimeout, false); err != nil {
		return nil, err
	}
	if c.IdempotencyTTL, err = durationEnv("IDEMPOTENCY_TTL", 24*time.Hour, false); err != nil {
		return nil, err
	}
	if c.AuthCacheTTL, err = durationEnv("AUTH_CACHE_TTL", 2*time.Second, true); err != nil {
		return nil, err
	}
	if c.AuthCacheTTL > time.Minute {
		return nil, fmt.Errorf("config: AUTH_CACHE_TTL must be at most 1m (got %s)", c.AuthCacheTTL)
	}
	if c.ListTotalTTL, err = durationEnv("LIST_TOTAL_CACHE_TTL", 2*time.Second, true); err != nil {
		return nil, err
	}
	if c.ListTotalTTL > time.Minute {
		return nil, fmt.Errorf("config: LIST_TOTAL_CACHE_TTL must be at most 1m (got %s)", c.ListTotalTTL)
	}
	c.Host = "127.0.0.1"
	if c.Production() {
		c.Host = ""
	}
	if v := strings.TrimSpace(os.Getenv("HOST")); v != "" {
		c.Host = strings.Trim(v, "[]") // an IPv6 address may come bracketed
	}
	if c.AllowSuperAdminSignup, err = boolEnv("ALLOW_SUPER_ADMIN_SIGNUP"); err != nil {
		return nil, err
	}
	if v := os.Getenv("CORS_ORIGINS"); v != "" {
		for _, o := range strings.Split(v, ",") {
			if o = strings.TrimSpace(o); o != "" {
				c.AllowedOrigins = append(c.AllowedOrigins, o)
			}
		}
	}
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
	if err := c.loadStream(); err != nil {
		return nil, err
	}
	if err := c.loadFiles(); err != nil {
		return nil, err
	}
	if err := c.loadOperations(); err != nil {
		return nil, err
	}
	if err := c.loadMail(); err != nil {
		return nil, err
	}
	if err := c.loadDatabase(); err != nil {
		return nil, err
	}
	return c, nil
}

// loadStream reads the live stream's settings.
func (c *Config) loadStream() error {
	var err error
	for _, v := range []struct {
		name string
		dst  *time.Duration
		def  time.Duration
	}{{"STREAM_HEARTBEAT", &c.StreamHeartbeat, 15 * time.Second}, {"STREAM_POLL_INTERVAL", &c.StreamPoll, 200 * time.Millisecond},
		{"STREAM_REPLAY_WINDOW", &c.StreamReplayWindow, 10 * time.Minute}} {
		if *v.dst, err = durationEnv(v.name, v.def, false); err != nil {
			return err
		}
	}
	for _, v := range []struct {
		name string
		dst  *int
		def  int64
	}{{"STREAM_REPLAY_MAX", &c.StreamReplayMax, 500}, {"STREAM_BUFFER", &c.StreamBuffer, 64},
		{"STREAM_MAX_PER_USER", &c.StreamMaxPerUser, 5}, {"STREAM_MAX_TOTAL", &c.StreamMaxTotal, 10000}} {
		n, err := intEnv(v.name, v.def)
		if err != nil {
			return err
		}
		if n < 1 || n > 1<<30 {
			return fmt.Errorf("config: %s must be a positive integer", v.name)
		}
		*v.dst = int(n)
	}
	if v := strings.TrimSpace(os.Getenv("NATS_URL")); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "nats" && u.Scheme != "tls" && u.Scheme != "ws" && u.Scheme != "wss") || u.Host == "" {
			return errors.New("config: NATS_URL must be a URL such as nats://127.0.0.1:4222")
		}
		c.NATSURL = v
	}
	return nil
}

// loadFiles reads the file settings.
func (c *Config) loadFiles() error {
	var err error
	if c.FilesMaxBytes, err = intEnv("FILES_MAX_BYTES", 25<<20); err != nil {
		return err
	}
	if c.FilesMaxBytes < 1 || c.FilesMaxBytes > 1<<40 {
		return errors.New("config: FILES_MAX_BYTES must be a positive number of bytes")
	}
	n, err := intEnv("FILES_MAX_PER_REQUEST", 20)
	if err != nil {
		return err
	}
	if n < 1 || n > 1000 {
		return errors.New("config: FILES_MAX_PER_REQUEST must be between 1 and 1000")
	}
	c.FilesMaxPerRequest = int(n)
	c.S3Bucket = strings.TrimSpace(os.Getenv("S3_BUCKET"))
	c.S3Region = strings.TrimSpace(os.Getenv("S3_REGION"))
	c.S3Endpoint = strings.TrimSpace(os.Getenv("S3_ENDPOINT"))
	c.S3AccessKeyID = os.Getenv("S3_ACCESS_KEY_ID")
	c.S3SecretAccessKey = os.Getenv("S3_SECRET_ACCESS_KEY")
	if c.S3Bucket == "" {
		if c.S3Endpoint != "" {
			return errors.New("config: S3_ENDPOINT is set but S3_BUCKET is not")
		}
		return nil
	}
	if c.S3Region == "" {
		c.S3Region = "us-east-1"
	}
	if c.S3Endpoint == "" {
		c.S3Endpoint = "https://s3." + c.S3Region + ".amazonaws.com"
	}
	if u, err := url.Parse(c.S3Endpoint); strings.Contains(c.S3Endpoint, "://") && (err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https")) {
		return errors.New("config: S3_ENDPOINT must be a URL such as https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000")
	}
	if (c.S3AccessKeyID == "") != (c.S3SecretAccessKey == "") {
		return errors.New("config: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither")
	}
	return nil
}

// parseEnv reads CRM_ENV: development (dev, the default), production (prod)
// or test, ignoring case and surrounding space.
func parseEnv(v string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "development", "dev":
		return "development", nil
	case "production", "prod":
		return "production", nil
	case "test":
		return "test", nil
	}
	return "", fmt.Errorf("config: CRM_ENV %q is not one of development (dev), production (prod), test", v)
}

// loadOperations reads the shutdown, log flush, rate-limit, HSTS, metrics and pprof settings.
func (c *Config) loadOperations() error {
	var err error
	if c.ShutdownGrace, err = durationEnv("SHUTDOWN_GRACE", c.ShutdownGrace, true); err != nil {
		return err
	}
	if c.ShutdownTimeout, err = durationEnv("SHUTDOWN_TIMEOUT", c.ShutdownTimeout, false); err != nil {
		return err
	}
	if c.LogFlushInterval, err = durationEnv("LOG_FLUSH_INTERVAL", c.LogFlushInterval, true); err != nil {
		return err
	}
	if c.LogFlushInterval > time.Second {
		return fmt.Errorf("config: LOG_FLUSH_INTERVAL must be at most 1s")
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
	c.MetricsToken = os.Getenv("METRICS_TOKEN")
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		return errors.New("config: METRICS_TOKEN must be at least 16 characters")
	}
	if c.Pprof, err = boolEnv("PPROF"); err != nil {
		return err
	}
	if c.Pprof && c.MetricsToken == "" {
		return errors.New("config: PPROF=true requires METRICS_TOKEN (profiles are served behind it)")
	}
	return nil
}

// loadMail reads the e-mail settings.
func (c *Config) loadMail() error {
	c.SMTPHost = strings.TrimSpace(os.Getenv("SMTP_HOST"))
	c.SMTPUser = os.Getenv("SMTP_USER")
	c.SMTPPassword = os.Getenv("SMTP_PASSWORD")
	c.MailFrom = strings.TrimSpace(os.Getenv("MAIL_FROM"))
	switch v := strings.ToLower(strings.TrimSpace(os.Getenv("SMTP_TLS"))); v {
	case "", "starttls":
		c.SMTPTLS = "starttls"
	case "tls", "none":
		c.SMTPTLS = v
	default:
		return errors.New("config: SMTP_TLS must be starttls, tls or none")
	}
	def := map[string]int64{"starttls": 587, "tls": 465, "none": 25}[c.SMTPTLS]
	port, err := intEnv("SMTP_PORT", def)
	if err != nil || port > 65535 {
		return errors.New("config: SMTP_PORT must be a port number (1-65535)")
	}
	c.SMTPPort = int(port)
	if c.MailFrom == "" {
		c.MailFrom = "CRM <noreply@localhost>"
		if c.SMTPHost != "" {
			return errors.New("config: MAIL_FROM is required with SMTP_HOST (for example \"CRM <noreply@example.com>\")")
		}
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		return fmt.Errorf("config: MAIL_FROM %q is not an e-mail address", c.MailFrom)
	}
	if (c.SMTPUser == "") != (c.SMTPPassword == "") {
		return errors.New("config: SMTP_USER and SMTP_PASSWORD go together")
	}
	if v := strings.TrimSpace(os.Getenv("PASSWORD_RESET_URL")); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Fragment != "" {
			return errors.New("config: PASSWORD_RESET_URL must be an http(s) URL such as https://crm.example.com/reset-password")
		}
		c.PasswordResetURL = v
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
func (c *Config) Production() bool { return c.Env == "production" }

// Addr is the address the server listens on (HOST and PORT).
func (c *Config) Addr() string { return net.JoinHostPort(c.Host, c.Port) }

// Loopback reports that the server listens on a loopback address only, so
// that no other machine can reach it.
func (c *Config) Loopback() bool {
	if strings.EqualFold(c.Host, "localhost") {
		return true
	}
	ip := net.ParseIP(c.Host)
	return ip != nil && ip.IsLoopback()
}

// Warnings are what an operator must hear about at start-up (a weak or
// generated JWT secret, an open super-admin sign-up); LoadSecret and
// CheckServe fill them.
func (c *Config) Warnings() []string { return c.warnings }

// LoadSecret fills JWTSecret; it is separate so that commands that never sign
// tokens (migrate) do not need one. In production JWT_SECRET is required and
// must be at least MinSecretLen bytes; a shorter one is refused too whenever
// the server listens beyond loopback, and is accepted with a warning on a
// loopback address in development. Without JWT_SECRET in development, a
// random secret is generated once and kept in the data folder (0700) so that
// tokens survive restarts.
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
		if len(s) < MinSecretLen {
			if !c.Loopback() {
				return fmt.Errorf("config: JWT_SECRET must be at least %d bytes when the server listens beyond loopback (HOST=%q)", MinSecretLen, c.Host)
			}
			c.warnings = append(c.warnings, fmt.Sprintf("JWT_SECRET is weak (%d bytes, fewer than %d): anyone who guesses it can forge any token; it is accepted only because the server listens on loopback in %s", len(s), MinSecretLen, c.Env))
		}
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
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return fmt.Errorf("config: create data folder: %w", err)
	}
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return fmt.Errorf("config: keep development JWT secret: %w", err)
	}
	c.JWTSecret = []byte(secret)
	c.secretGenerated = true
	c.warnings = append(c.warnings, "generated a development JWT secret in "+path+"; set JWT_SECRET (at least 32 bytes) in production")
	return nil
}

// CheckServe applies the rules that only serving needs. In production
// SUPER_ADMIN_SECRET_KEY, when set, must be at least MinSecretLen bytes, and
// CORS_ORIGINS must list the allowed origins explicitly (neither empty nor *).
func (c *Config) CheckServe() error {
	if c.Production() {
		if c.SuperAdminKey != "" && len(c.SuperAdminKey) < MinSecretLen {
			return fmt.Errorf("config: SUPER_ADMIN_SECRET_KEY must be at least %d bytes when CRM_ENV=production (or unset, to create super-admins with `crm admin create` only)", MinSecretLen)
		}
		if len(c.AllowedOrigins) == 0 {
			return errors.New("config: CORS_ORIGINS must list the allowed browser origins when CRM_ENV=production")
		}
		for _, o := range c.AllowedOrigins {
			if o == "*" {
				return errors.New("config: CORS_ORIGINS=* is refused when CRM_ENV=production; list the allowed browser origins")
			}
		}
	}
	if c.AllowSuperAdminSignup && c.SuperAdminKey != "" {
		c.warnings = append(c.warnings, "ALLOW_SUPER_ADMIN_SIGNUP=true: POST /api/v1/super-admin creates super-admins for anyone holding SUPER_ADMIN_SECRET_KEY, even when one exists")
	}
	return nil
}

// SecretGenerated reports that a development secret was just created.
func (c *Config) SecretGenerated() bool { return c.secretGenerated }

// loadDatabase picks the database: DATABASE_URL, else DB_* variables (MySQL
// when DB_HOST is set without DB_DIALECT, as in the original), else SQLite in
// the data folder. DB_SSLMODE sets the TLS mode of a DSN built from DB_*
// (default: disable on a loopback host, prefer otherwise) and of a
// DATABASE_URL that names none itself.
func (c *Config) loadDatabase() error {
	mode := strings.ToLower(strings.TrimSpace(os.Getenv("DB_SSLMODE")))
	if mode != "" && mysqlTLS[mode] == "" {
		return fmt.Errorf("config: DB_SSLMODE %q is not one of disable, prefer, require, verify-ca, verify-full", mode)
	}
	if u := os.Getenv("DATABASE_URL"); u != "" {
		d, dsn, err := ParseDatabaseURL(u)
		if err != nil {
			return err
		}
		if mode != "" {
			dsn = withSSLMode(d, dsn, mode)
		}
		c.Dialect, c.DSN = d, dsn
		return nil
	}
	dialect := strings.ToLower(os.Getenv("DB_DIALECT"))
	host := os.Getenv("DB_HOST")
	if dialect == "" && host != "" {
		dialect = "mysql"
	}
	if mode == "" {
		mode = DefaultSSLMode(getenv("DB_HOST", "127.0.0.1"))
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
		u := url.URL{Scheme: "postgres", Host: net.JoinHostPort(getenv("DB_HOST", "127.0.0.1"), getenv("DB_PORT", "5432")),
			Path: "/" + getenv("DB_NAME", "crm"), User: url.UserPassword(getenv("DB_USER", "postgres"), os.Getenv("DB_PASSWORD"))}
		if os.Getenv("DB_PASSWORD") == "" {
			u.User = url.User(getenv("DB_USER", "postgres"))
		}
		c.DSN = withSSLMode(c.Dialect, u.String(), mode)
	case "mysql", "mariadb":
		c.Dialect = "mysql"
		c.DSN = withSSLMode(c.Dialect, fmt.Sprintf("%s:%s@tcp(%s)/%s", getenv("DB_USER", "root"), os.Getenv("DB_PASSWORD"),
			net.JoinHostPort(getenv("DB_HOST", "127.0.0.1"), getenv("DB_PORT", "3306")), getenv("DB_NAME", "crm")), mode)
	default:
		return fmt.Errorf("config: DB_DIALECT %q is not one of sqlite, postgres, mysql", dialect)
	}
	return nil
}

// mysqlTLS maps each accepted DB_SSLMODE to the MySQL driver's tls parameter.
var mysqlTLS = map[string]string{
	"disable":     "false",
	"prefer":      "preferred",
	"require":     "skip-verify",
	"verify-ca":   "true",
	"verify-full": "true",
}

// DefaultSSLMode is DB_SSLMODE when unset: disable for a loopback host (a local
// server seldom has TLS, and trying it first logs a failure at every
// connection), prefer otherwise.
func DefaultSSLMode(host string) string {
	h := strings.Trim(host, "[]")
	if strings.EqualFold(h, "localhost") {
		return "disable"
	}
	if ip := net.ParseIP(h); ip != nil && ip.IsLoopback() {
		return "disable"
	}
	return "prefer"
}

// withSSLMode adds mode to a PostgreSQL URL (sslmode) or a MySQL DSN (tls)
// unless the DSN already names one; other dialects are returned unchanged.
func withSSLMode(dialect, dsn, mode string) string {
	key, val := "", ""
	switch dialect {
	case "postgres":
		key, val = "sslmode", mode
	case "mysql":
		key, val = "tls", mysqlTLS[mode]
	default:
		return dsn
	}
	_, query, hasQuery := strings.Cut(dsn, "?")
	if vals, _ := url.ParseQuery(query); vals.Has(key) {
		return dsn
	}
	sep := "?"
	if hasQuery {
		sep = "&"
		if strings.HasSuffix(dsn, "?") || strings.HasSuffix(dsn, "&") {
			sep = ""
		}
	}
	return dsn + sep + key + "=" + val
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

func boolEnv(k string) (bool, error) {
	v := strings.TrimSpace(os.Getenv(k))
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, fmt.Errorf("config: %s must be true or false", k)
	}
	return b, nil
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
