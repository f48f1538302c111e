package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// exposedHeaders are the answer headers a browser client on another origin may read.
const exposedHeaders = "Retry-After, X-Request-Id, Idempotency-Replayed"

type ridKey struct{}

// RequestID returns the id given to the request by the middleware.
func RequestID(ctx context.Context) string {
	s, _ := ctx.Value(ridKey{}).(string)
	return s
}

// Options configures the middleware chain.
type Options struct {
	// AllowedOrigins is the CORS allow-list; empty or "*" allows every origin.
	AllowedOrigins []string
	// MaxBodyBytes bounds request bodies (413 beyond it).
	MaxBodyBytes int64
	// BodyLimits replaces MaxBodyBytes for the requests to these exact paths
	// (uploads, which stream their bodies and bound each file themselves).
	BodyLimits map[string]int64
	// Logger receives one line per request.
	Logger *slog.Logger
	// ContentSecurityPolicy is sent with every answer (DefaultCSP when empty).
	ContentSecurityPolicy string
	// HTMLContentSecurityPolicy replaces it on answers whose Content-Type is
	// text/html and which set no policy of their own (DefaultHTMLCSP when empty).
	HTMLContentSecurityPolicy string
	// HSTSMaxAge, in seconds, sends Strict-Transport-Security when positive
	// (for deployments behind TLS).
	HSTSMaxAge int64
}

// DefaultCSP is the policy of JSON answers: nothing may be loaded or framed.
const DefaultCSP = "default-src 'none'; frame-ancestors 'none'"

// DefaultHTMLCSP is the policy of HTML answers: the page's own scripts,
// styles, images and API calls only; no plugins, no framing, no foreign forms.
const DefaultHTMLCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

type statusWriter struct {
	http.ResponseWriter
	status  int
	bytes   int
	csp     string // the policy set by the middleware
	htmlCSP string // the policy for text/html answers
}

// headers swaps in the HTML policy for an HTML answer that kept the default.
func (s *statusWriter) headers() {
	h := s.Header()
	if s.htmlCSP != "" && strings.HasPrefix(h.Get("Content-Type"), "text/html") && h.Get("Content-Security-Policy") == s.csp {
		h.Set("Content-Security-Policy", s.htmlCSP)
	}
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
		s.headers()
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
		s.headers()
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer (flushes
// and deadlines of the live stream).
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// Wrap returns next behind the shared middleware: request id, access log,
// panic recovery, security headers, CORS (preflight and headers on every
// answer), body limit and trailing-slash tolerance.
func Wrap(next http.Handler, o Options) http.Handler {
	logger := o.Logger
	if logger == nil {
		logger = slog.Default()
	}
	csp, htmlCSP := o.ContentSecurityPolicy, o.HTMLContentSecurityPolicy
	if csp == "" {
		csp = DefaultCSP
	}
	if htmlCSP == "" {
		htmlCSP = DefaultHTMLCSP
	}
	hsts := ""
	if o.HSTSMaxAge > 0 {
		hsts = "max-age=" + strconv.FormatInt(o.HSTSMaxAge, 10) + "; includeSubDomains"
	}
	allowAll := len(o.AllowedOrigins) == 0
	allowed := map[string]bool{}
	for _, a := range o.AllowedOrigins {
		if a == "*" {
			allowAll = true
		}
		allowed[strings.TrimRight(a, "/")] = true
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rid := r.Header.Get("X-Request-Id")
		if rid == "" || len(rid) > 64 {
			var b [8]byte
			_, _ = rand.Read(b[:])
			rid = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-Id", rid)
		r = r.WithContext(context.WithValue(r.Context(), ridKey{}, rid))
		sw := &statusWriter{ResponseWriter: w, csp: csp, htmlCSP: htmlCSP}
		defer func() {
			if p := recover(); p != nil {
				logger.Error("panic", "method", r.Method, "path", r.URL.Path, "request_id", rid, "panic", p)
				if sw.status == 0 {
					WriteError(sw, r, &Error{Status: http.StatusInternalServerError, Message: "Internal server error"})
				}
			}
			logger.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method),
				slog.String("path", r.URL.Path), slog.Int("status", sw.status),
				slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
				slog.Int("bytes", sw.bytes), slog.String("request_id", rid))
		}()

		h := sw.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", csp)
		if hsts != "" {
			h.Set("Strict-Transport-Security", hsts)
		}
		origin := r.Header.Get("Origin")
		switch {
		case allowAll:
			h.Set("Access-Control-Allow-Origin", "*")
		case origin != "" && allowed[origin]:
			h.Set("Access-Control-Allow-Origin", origin)
			h.Add("Vary", "Origin")
		}
		if h.Get("Access-Control-Allow-Origin") != "" {
			// Let browser clients read the retry hints and the replay marker.
			h.Set("Access-Control-Expose-Headers", exposedHeaders)
		}
		if r.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE")
			if req := r.Header.Get("Access-Control-Request-Headers"); req != "" {
				h.Set("Access-Control-Allow-Headers", req)
				h.Add("Vary", "Access-Control-Request-Headers")
			} else {
				h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			}
			h.Set("Access-Control-Max-Age", "600")
			h.Set("Content-Length", "0")
			sw.WriteHeader(http.StatusNoContent)
			return
		}
		if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
			r.URL.Path = strings.TrimRight(p, "/")
			if r.URL.Path == "" {
				r.URL.Path = "/"
			}
			r.URL.RawPath = ""
		}
		limit := o.MaxBodyBytes
		if l, ok := o.BodyLimits[r.URL.Path]; ok {
			limit = l
		}
		if limit > 0 && r.Body != nil {
			if r.ContentLength > limit {
				WriteError(sw, r, &Error{Status: http.StatusRequestEntityTooLarge, Message: "Request body too large"})
				return
			}
			r.Body = http.MaxBytesReader(sw, r.Body, limit)
		}
		next.ServeHTTP(sw, r)
	})
}

// Router is an http.ServeMux whose unknown routes and wrong methods answer in
// the JSON envelope (404 / 405) instead of plain text.
type Router struct {
	mux *http.ServeMux
}

// NewRouter returns an empty router.
func NewRouter() *Router { return &Router{mux: http.NewServeMux()} }

// Handle registers h for a ServeMux pattern such as "GET /api/v1/roles/{id}".
func (rt *Router) Handle(pattern string, h http.Handler) { rt.mux.Handle(pattern, h) }

// HandleFunc registers a handler function.
func (rt *Router) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	rt.mux.HandleFunc(pattern, h)
}

// Pattern is the ServeMux pattern that would serve r ("GET /api/v1/roles/{id}"),
// "" when none does: a label of bounded cardinality for metrics.
func (rt *Router) Pattern(r *http.Request) string {
	_, p := rt.mux.Handler(r)
	return p
}

// ServeHTTP routes the request. A path that is not in canonical form ("//",
// "/./", "/../") is not found, as in the original, rather than redirected by
// ServeMux with an HTML body.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p := strings.TrimSuffix(r.URL.Path, "/"); p != "" && path.Clean(p) != p {
		WriteError(w, r, NotFound("Route not found"))
		return
	}
	if _, pattern := rt.mux.Handler(r); pattern != "" {
		rt.mux.ServeHTTP(w, r) // ServeHTTP, not the found handler: it sets the path values
		return
	}
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		if m == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, p := rt.mux.Handler(probe); p != "" {
			WriteError(w, r, &Error{Status: http.StatusMethodNotAllowed, Message: "Method not allowed"})
			return
		}
	}
	WriteError(w, r, NotFound("Route not found"))
}
