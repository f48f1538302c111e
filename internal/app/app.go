// Package app wires the service together: database, migrations, resources,
// hand-written routes, middleware and the HTTP server.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/crmhrm/crm/internal/billing"
	"github.com/crmhrm/crm/internal/calendar"
	"github.com/crmhrm/crm/internal/collab"
	"github.com/crmhrm/crm/internal/config"
	"github.com/crmhrm/crm/internal/crm"
	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/files"
	"github.com/crmhrm/crm/internal/hr"
	"github.com/crmhrm/crm/internal/messaging"
	"github.com/crmhrm/crm/internal/migrations"
	"github.com/crmhrm/crm/internal/org"
	"github.com/crmhrm/crm/internal/platform/apidocs"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/blob"
	"github.com/crmhrm/crm/internal/platform/clientip"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/idempotency"
	"github.com/crmhrm/crm/internal/platform/mail"
	"github.com/crmhrm/crm/internal/platform/metrics"
	"github.com/crmhrm/crm/internal/platform/ratelimit"
	"github.com/crmhrm/crm/internal/platform/stream"
	"github.com/crmhrm/crm/internal/projects"
	"github.com/crmhrm/crm/internal/reference"
	"github.com/crmhrm/crm/internal/sales"
)

// Version is the API version reported by the OpenAPI document.
const Version = "1.0.0"

// Resources lists every declared resource of the service.
func Resources() []crud.Mountable {
	var out []crud.Mountable
	out = append(out, org.Resources()...)
	out = append(out, hr.Resources()...)
	out = append(out, crm.Resources()...)
	out = append(out, sales.Resources()...)
	out = append(out, collab.Resources()...)
	out = append(out, projects.Resources()...)
	out = append(out, reference.Resources()...)
	out = append(out, billing.Resources()...)
	out = append(out, messaging.Resources()...)
	return out
}

// Operations lists every hand-written endpoint for the OpenAPI document.
func Operations() []crud.Operation {
	ops := []crud.Operation{
		{Method: "GET", Path: "/openapi.json", ID: "openapi", Tag: "Service", Access: "public", Summary: "This OpenAPI 3.1 document"},
		{Method: "GET", Path: "/postman.json", ID: "postman", Tag: "Service", Access: "public", Summary: "A Postman v2.1 collection of this API",
			Description: "Generated from this document: one folder per business area, the collection variables `baseUrl` (this server's `/api/v1`, as the request reached it) and `token`, bearer authentication with `{{token}}`, and a \"Log in\" request whose test script stores the answered token. The reference page is `GET /api/docs`."},
	}
	ops = append(ops, org.Operations()...)
	ops = append(ops, hr.Operations()...)
	ops = append(ops, crm.Operations()...)
	ops = append(ops, sales.Operations()...)
	ops = append(ops, projects.Operations()...)
	ops = append(ops, messaging.Operations()...)
	ops = append(ops, files.Operations()...)
	ops = append(ops, calendar.Operations()...)
	return append(ops, stream.Operations()...)
}

// OpenAPI is the service's OpenAPI document.
func OpenAPI() map[string]any {
	return apidocs.Decorate(crud.OpenAPI(Version, Resources(), Operations()))
}

// Options configure a Server beyond the database.
type Options struct {
	JWTSecret     []byte
	SuperAdminKey string
	// AllowSuperAdminSignup keeps POST /super-admin open once a super-admin
	// exists; when false only the first one can be created through it.
	AllowSuperAdminSignup bool
	AllowedOrigins        []string
	MaxBodyBytes          int64
	ListCap               int
	BcryptCost            int
	Logger                *slog.Logger
	// RequestTimeout is every request's deadline (503 when it passes), health
	// checks excepted; zero means no deadline.
	RequestTimeout time.Duration
	// IdempotencyTTL is how long Idempotency-Key answers are kept (24 h when zero).
	IdempotencyTTL time.Duration
	// AuthCacheTTL bounds how long a loaded principal is reused
	// (auth.DefaultCacheTTL when zero, no reuse when negative).
	AuthCacheTTL time.Duration
	// ListTotalTTL bounds how long a paged list's total is reused between
	// writes (2 s when zero, a count per page when negative); see crud.Totals.
	ListTotalTTL time.Duration

	// TrustedProxies are the networks whose X-Forwarded-For names the client
	// (TRUSTED_PROXIES; none when empty).
	TrustedProxies []netip.Prefix
	// Login throttle (zero: 10 failures per account and 50 per address within
	// 15 minutes, max(1, NumCPU-1) concurrent bcrypt checks waiting at most 10 s).
	LoginMaxFailures           int
	LoginMaxFailuresPerAddress int
	LoginWindow                time.Duration
	BcryptConcurrency          int
	BcryptWait                 time.Duration

	// Rate limits (see ratelimit.Options); zero rates switch them off.
	RateLimitRPS       float64 // per client address
	RateLimitBurst     int
	RateLimitUserRPS   float64 // per authenticated principal
	RateLimitUserBurst int
	// ClientIP names the client of a request for the per-address limit
	// (the host of RemoteAddr when nil).
	ClientIP func(*http.Request) string
	// HSTSMaxAge, in seconds, sends Strict-Transport-Security when positive.
	HSTSMaxAge int64
	// MetricsToken, when set, serves GET /metrics to requests bearing it
	// (METRICS_TOKEN); empty: no /metrics. Pprof adds /debug/pprof/ behind the
	// same token (PPROF).
	MetricsToken string
	Pprof        bool
	// Stream configures GET /api/v1/stream (zero values: the defaults
	// stream.Options names, polling only).
	Stream stream.Options
	// Files configures /api/v1/files; without a Store, files are kept on
	// local disk in a new temporary folder.
	Files files.Options
	// Mail delivers the mail outbox through SMTP when Mail.Host is set,
	// otherwise to the log. PasswordResetURL is the page reset mails link to.
	Mail             mail.Config
	PasswordResetURL string
}

// Server is the assembled HTTP service.
type Server struct {
	DB      *db.DB
	Deps    *crud.Deps
	Handler http.Handler
	// Idempotency stores and replays POST answers; Serve runs its sweep.
	Idempotency *idempotency.Middleware
	// Stream serves the live updates; Serve starts its dispatcher.
	Stream *stream.Hub
	// Files serves uploads; Serve runs its deletion queue.
	Files *files.Service
	// Mail delivers the mail outbox; Serve runs it.
	Mail    *mail.Worker
	openapi []byte

	draining atomic.Bool  // set when Run begins to drain: /readyz answers 503
	inflight atomic.Int64 // requests inside the handler, counted by Run
}

// New builds the service over an open, migrated database.
func New(store *db.DB, o Options) (*Server, error) {
	if len(o.JWTSecret) == 0 {
		return nil, errors.New("app: a JWT secret is required")
	}
	if err := org.EnsurePlatformRoles(context.Background(), store); err != nil {
		return nil, err
	}
	if err := reference.Seed(context.Background(), store); err != nil {
		return nil, err
	}
	authSvc := &auth.Service{DB: store, Secret: o.JWTSecret, BcryptCost: o.BcryptCost, CacheTTL: o.AuthCacheTTL}
	totalTTL := o.ListTotalTTL
	if totalTTL == 0 {
		totalTTL = 2 * time.Second
	}
	var tables []string
	for _, r := range Resources() {
		tables = append(tables, r.Describe().Table)
	}
	deps := &crud.Deps{DB: store, Auth: authSvc, ListCap: o.ListCap, Totals: crud.NewTotals(store, totalTTL, tables...)}
	s := &Server{DB: store, Deps: deps}
	fo := o.Files
	if fo.Store == nil {
		dir, err := os.MkdirTemp("", "crm-files-")
		if err != nil {
			return nil, err
		}
		if fo.Store, err = blob.NewLocal(dir); err != nil {
			return nil, err
		}
	}
	if fo.Logger == nil {
		fo.Logger = o.Logger
	}
	s.Files = files.New(store, deps, fo)
	deps.Files = s.Files
	var sender mail.Sender = &mail.LogSender{Logger: o.Logger}
	if o.Mail.Enabled() {
		sender = &mail.SMTPSender{Config: o.Mail}
	}
	s.Mail = &mail.Worker{DB: store, Sender: sender, Logger: o.Logger}
	rt := httpapi.NewRouter()
	for _, r := range Resources() {
		r.Mount(rt, deps)
	}
	h := &org.Handlers{Deps: deps, SuperAdminKey: o.SuperAdminKey, AllowSuperAdminSignup: o.AllowSuperAdminSignup,
		ClientIP: clientip.New(o.TrustedProxies), ResetURL: o.PasswordResetURL, WakeMail: s.Mail.Wake,
		Limits: org.Limits{AccountFailures: o.LoginMaxFailures, AddressFailures: o.LoginMaxFailuresPerAddress, Window: o.LoginWindow,
			BcryptSlots: o.BcryptConcurrency, BcryptWait: o.BcryptWait}}
	h.Mount(rt)
	(&hr.Handlers{Deps: deps}).Mount(rt)
	(&crm.Handlers{Deps: deps}).Mount(rt)
	(&projects.Handlers{Deps: deps}).Mount(rt)
	(&messaging.Handlers{Deps: deps}).Mount(rt)
	s.Files.Mount(rt)
	(&calendar.Handlers{Deps: deps}).Mount(rt)
	so := o.Stream
	if so.Logger == nil {
		so.Logger = o.Logger
	}
	s.Stream = stream.New(store, authSvc, so)
	s.Stream.Mount(rt)
	doc, err := json.Marshal(OpenAPI())
	if err != nil {
		return nil, err
	}
	s.openapi = doc
	// The collection is built at its first request: it is as large as the
	// API description and few servers are ever asked for it.
	collection := sync.OnceValues(func() (*apidocs.Collection, error) { return apidocs.Postman(doc, "") })
	rt.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		// The body is the original's; the reference and the document are
		// linked as RFC 8631 service-doc and service-desc.
		w.Header().Set("Link", `<`+apidocs.Path+`>; rel="service-doc", </api/v1/openapi.json>; rel="service-desc"`)
		httpapi.OK(w, http.StatusOK, "Server is running successfully", nil)
	})
	rt.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		httpapi.OK(w, http.StatusOK, "ok", nil)
	})
	rt.HandleFunc("GET /readyz", s.ready)
	rt.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(s.openapi)
	})
	rt.HandleFunc("GET /api/v1/postman.json", func(w http.ResponseWriter, r *http.Request) {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		c, err := collection()
		if err != nil {
			httpapi.WriteError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Disposition", `attachment; filename="crm.postman_collection.json"`)
		_ = json.NewEncoder(w).Encode(c.WithBaseURL(scheme + "://" + r.Host + "/api/v1"))
	})
	apidocs.Mount(rt)
	mx := metrics.New(store, rt.Pattern)
	mx.Mount(rt, o.MetricsToken, o.Pprof)
	s.Idempotency = idempotency.New(idempotency.Options{DB: store, Auth: authSvc, TTL: o.IdempotencyTTL,
		MaxBodyBytes: o.MaxBodyBytes, Public: append(publicPOSTs(), files.Path), Logger: o.Logger})
	clientIP := o.ClientIP
	if clientIP == nil {
		clientIP = h.ClientIP.IP
	}
	limited := ratelimit.Middleware(s.Idempotency.Wrap(s.Stream.Wrap(rt)), ratelimit.Options{
		AddressRPS: o.RateLimitRPS, AddressBurst: o.RateLimitBurst,
		PrincipalRPS: o.RateLimitUserRPS, PrincipalBurst: o.RateLimitUserBurst,
		ClientIP: clientIP, Principal: tokenSubject(authSvc), Exempt: healthCheck,
	})
	s.Handler = httpapi.Wrap(mx.Middleware(httpapi.Deadline(limited, o.RequestTimeout, "/healthz", "/readyz", stream.Path,
		"/debug/pprof/profile", "/debug/pprof/trace", files.Path, files.Path+"/")),
		httpapi.Options{AllowedOrigins: o.AllowedOrigins, MaxBodyBytes: o.MaxBodyBytes, Logger: o.Logger, HSTSMaxAge: o.HSTSMaxAge,
			BodyLimits: map[string]int64{files.Path: s.Files.MaxRequestBytes()}})
	return s, nil
}

// publicPOSTs are the POST paths answered without a token (login: its answer
// holds a token); they ignore Idempotency-Key.
func publicPOSTs() []string {
	var out []string
	for _, o := range Operations() {
		if o.Method == http.MethodPost && o.Access == "public" {
			out = append(out, "/api/v1"+o.Path)
		}
	}
	return out
}

// tokenSubject names the caller by its verified token (signature and expiry
// only, no database query), "" without a valid one.
func tokenSubject(a *auth.Service) func(*http.Request) string {
	return func(r *http.Request) string {
		tok, err := auth.TokenFromHeader(r.Header.Get("Authorization"))
		if err != nil {
			return ""
		}
		c, err := a.Verify(tok)
		if err != nil {
			return ""
		}
		return c.ID
	}
}

// healthCheck reports the probes and operator endpoints (metrics, pprof)
// that rate limits never apply to.
func healthCheck(r *http.Request) bool {
	switch p := r.URL.Path; {
	case p == "/", p == "/healthz", p == "/readyz", p == "/metrics", strings.HasPrefix(p, "/debug/pprof/"):
		return true
	}
	return false
}

// OpenAPIDocument returns the served OpenAPI document.
func (s *Server) OpenAPIDocument() []byte { return s.openapi }

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	if s.draining.Load() {
		httpapi.WriteJSON(w, http.StatusServiceUnavailable, httpapi.Envelope{Message: "shutting down"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if err := s.DB.Ping(ctx); err != nil {
		httpapi.WriteJSON(w, http.StatusServiceUnavailable, httpapi.Envelope{Message: "database unreachable"})
		return
	}
	pending, err := migrations.Pending(ctx, s.DB)
	if err != nil || pending {
		httpapi.WriteJSON(w, http.StatusServiceUnavailable, httpapi.Envelope{Message: "migrations not applied"})
		return
	}
	httpapi.OK(w, http.StatusOK, "ready", nil)
}

// Open connects to the configured database and applies pending migrations.
func Open(ctx context.Context, c *config.Config) (*db.DB, error) {
	store, err := db.Open(c.Dialect, c.DSN)
	if err != nil {
		return nil, err
	}
	if _, err := migrations.Up(ctx, store); err != nil {
		store.Close()
		return nil, err
	}
	return store, nil
}

// Serve runs the service until SIGINT or SIGTERM, then drains and shuts down
// (see ServeContext). A second signal during the drain stops the process at once.
func Serve(c *config.Config, logger *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // restore the default action: a second signal ends the process
	}()
	return ServeContext(ctx, c, logger)
}

// ServeContext opens the database, builds the service and serves it on
// c.Port until ctx is done, then drains as Run describes.
func ServeContext(ctx context.Context, c *config.Config, logger *slog.Logger) error {
	if err := c.LoadSecret(); err != nil {
		return err
	}
	if err := c.CheckServe(); err != nil {
		return err
	}
	for _, w := range c.Warnings() {
		logger.Warn(w, "env", c.Env, "addr", c.Addr())
	}
	applyMemoryLimit()
	fo, err := filesOptions(c)
	if err != nil {
		return err
	}
	store, err := Open(ctx, c)
	if err != nil {
		return err
	}
	defer store.Close()
	s, err := New(store, Options{JWTSecret: c.JWTSecret, SuperAdminKey: c.SuperAdminKey,
		AllowSuperAdminSignup: c.AllowSuperAdminSignup, AllowedOrigins: c.AllowedOrigins,
		MaxBodyBytes: c.MaxBodyBytes, ListCap: c.ListCap, BcryptCost: c.BcryptCost, Logger: logger,
		RequestTimeout: c.RequestTimeout, IdempotencyTTL: c.IdempotencyTTL, AuthCacheTTL: authCacheTTL(c.AuthCacheTTL),
		ListTotalTTL:   authCacheTTL(c.ListTotalTTL),
		TrustedProxies: c.TrustedProxies, LoginMaxFailures: c.LoginMaxFailures, LoginMaxFailuresPerAddress: c.LoginMaxFailuresPerAddress,
		LoginWindow: c.LoginWindow, BcryptConcurrency: c.BcryptConcurrency,
		RateLimitRPS: c.RateLimitRPS, RateLimitBurst: c.RateLimitBurst, RateLimitUserRPS: c.RateLimitUserRPS,
		RateLimitUserBurst: c.RateLimitUserBurst, HSTSMaxAge: c.HSTSMaxAge,
		MetricsToken: c.MetricsToken, Pprof: c.Pprof, Stream: streamOptions(c), Files: fo,
		Mail:             mail.Config{Host: c.SMTPHost, Port: c.SMTPPort, User: c.SMTPUser, Password: c.SMTPPassword, From: c.MailFrom, TLS: c.SMTPTLS},
		PasswordResetURL: c.PasswordResetURL})
	if err != nil {
		return err
	}
	// Migrations, the reference data and the API description are built once
	// at start; give the memory they used back before serving.
	debug.FreeOSMemory()
	pageOutStartup()
	go s.Idempotency.Run(ctx)
	go s.Files.Run(ctx)
	if c.SMTPHost == "" {
		logger.Info("mail: SMTP_HOST is not set; mail is written to the log")
	} else {
		logger.Info("mail: delivering through SMTP", "host", c.SMTPHost, "port", c.SMTPPort, "tls", c.SMTPTLS)
	}
	go s.Mail.Run(ctx)
	s.Stream.Start(ctx)
	ln, err := net.Listen("tcp", c.Addr())
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("listening", "addr", ln.Addr().String(), "database", c.Dialect, "env", c.Env)
	// The workers' first rounds and the first requests run code once too
	// (the SQLite engine preparing their statements, first-use
	// initialisation): give those pages back once more when they are done.
	later := time.AfterFunc(startupPageOutDelay, func() { pageOutStartup() })
	defer later.Stop()
	return s.Run(ctx, ln, Drain{Grace: c.ShutdownGrace, Timeout: c.ShutdownTimeout}, logger)
}

// startupPageOutDelay is how long after it starts listening the server pages
// its executable out a second time (see pageOutStartup).
const startupPageOutDelay = 2 * time.Second

// streamOptions are the live stream's settings; on PostgreSQL the
// dispatcher LISTENs on the service's own database.
func streamOptions(c *config.Config) stream.Options {
	o := stream.Options{Heartbeat: c.StreamHeartbeat, Poll: c.StreamPoll, ReplayMax: c.StreamReplayMax,
		ReplayWindow: c.StreamReplayWindow, Buffer: c.StreamBuffer, MaxPerUser: c.StreamMaxPerUser,
		MaxTotal: c.StreamMaxTotal, NATSURL: c.NATSURL}
	if c.Dialect == "postgres" {
		o.ListenDSN = c.DSN
	}
	return o
}

// filesOptions builds the file store the configuration names: S3 when
// S3_BUCKET is set, else DATA_DIR/files.
func filesOptions(c *config.Config) (files.Options, error) {
	o := files.Options{MaxBytes: c.FilesMaxBytes, MaxPerRequest: c.FilesMaxPerRequest}
	if c.S3Bucket != "" {
		st, err := blob.NewS3(blob.S3Config{Endpoint: c.S3Endpoint, Bucket: c.S3Bucket, Region: c.S3Region,
			AccessKey: c.S3AccessKeyID, SecretKey: c.S3SecretAccessKey})
		if err != nil {
			return o, err
		}
		o.Store = st
		return o, nil
	}
	st, err := blob.NewLocal(filepath.Join(c.DataDir, "files"))
	if err != nil {
		return o, err
	}
	o.Store = st
	return o, nil
}

// DefaultMemoryLimit is the Go runtime's soft memory limit when GOMEMLIMIT is
// not set: past it the collector runs more often rather than letting the heap
// double (GOGC=100) under a burst of large lists. It bounds the Go runtime's
// memory only, not SQLite's page caches nor the binary's mapped code. Under
// the load tool the Go runtime grows to whatever limit it has (about 8 MB of
// it live), so each 4 MiB less is about 4 MB less peak; 28 MiB instead of 40
// cost no measurable CPU per request there (README, Memory). A workload whose
// live heap nears the limit makes the collector run often, at most half the
// CPU (the runtime's own cap): such a deployment sets GOMEMLIMIT higher.
const DefaultMemoryLimit = 28 << 20

// applyMemoryLimit sets DefaultMemoryLimit unless GOMEMLIMIT is set (the
// runtime has then applied it), and returns the limit in force.
func applyMemoryLimit() int64 {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(DefaultMemoryLimit)
	}
	return debug.SetMemoryLimit(-1)
}

// authCacheTTL maps AUTH_CACHE_TTL onto Options.AuthCacheTTL, and
// LIST_TOTAL_CACHE_TTL onto Options.ListTotalTTL: 0 turns the cache off.
func authCacheTTL(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}
