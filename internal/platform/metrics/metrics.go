// Package metrics exposes the service's Prometheus metrics: request counts and
// latencies per route pattern and status class, the database pools' statistics
// and the Go runtime's figures, served behind a bearer token, and optionally
// net/http/pprof behind the same token.
package metrics

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"net/http/pprof"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Unmatched is the route label of requests that no route serves (404, 405):
// the raw path is never a label, so the number of series stays bounded.
const Unmatched = "unmatched"

// Metrics is one registry with the HTTP instruments.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	pattern  func(*http.Request) string
	// series holds each label set's counter and histogram (seriesKey to
	// *series), so that a request does not build and hash a label map. It is
	// bounded as the labels are: routes × methods × status classes.
	series sync.Map
}

type seriesKey struct {
	route, method string
	class         int
}

type series struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

func (m *Metrics) seriesFor(route, method string, class int) *series {
	k := seriesKey{route, method, class}
	if s, ok := m.series.Load(k); ok {
		return s.(*series)
	}
	labels := prometheus.Labels{"route": route, "method": method, "status": strconv.Itoa(class) + "xx"}
	s, _ := m.series.LoadOrStore(k, &series{m.requests.With(labels), m.duration.With(labels)})
	return s.(*series)
}

// New registers the HTTP instruments, the statistics of store's reader and
// writer pools (db_name "reader" and "writer", or "shared" when both are one
// pool), the Go runtime and process collectors and, where the kernel reports
// it, the process's peak resident set size (PeakRSSName). pattern names the
// route that serves a request ("" for none).
func New(store *db.DB, pattern func(*http.Request) string) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), pattern: pattern}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "crm_http_requests_total",
		Help: "HTTP requests answered, by route pattern, method and status class.",
	}, []string{"route", "method", "status"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "crm_http_request_duration_seconds",
		Help:    "Time to answer HTTP requests, by route pattern, method and status class.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"route", "method", "status"})
	m.reg.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if _, ok := peakRSS(); ok {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: PeakRSSName,
			Help: "Peak resident set size of the process since it started (VmHWM), in bytes.",
		}, func() float64 { v, _ := peakRSS(); return v }))
	}
	if store != nil {
		if store.Read == store.Write {
			m.reg.MustRegister(collectors.NewDBStatsCollector(store.Read, "shared"))
		} else {
			m.reg.MustRegister(collectors.NewDBStatsCollector(store.Read, "reader"),
				collectors.NewDBStatsCollector(store.Write, "writer"))
		}
	}
	return m
}

// Registry is the registry the instruments live in.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Middleware counts and times every request that reaches next.
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route := m.pattern(r)
		if route == "" {
			route = Unmatched
		}
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			code := sw.status
			if code == 0 {
				code = http.StatusOK
			}
			p := recover()
			if p != nil {
				code = http.StatusInternalServerError // what the recovery middleware answers
			}
			s := m.seriesFor(route, method(r.Method), code/100)
			s.requests.Inc()
			s.duration.Observe(time.Since(start).Seconds())
			if p != nil {
				panic(p)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// method bounds the method label to the standard methods.
func method(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Mount registers GET /metrics and, when withPprof, /debug/pprof/, both
// behind token. An empty token mounts nothing (the routes stay 404).
func (m *Metrics) Mount(rt *httpapi.Router, token string, withPprof bool) {
	if token == "" {
		return
	}
	rt.Handle("GET /metrics", Guard(token, m.Handler()))
	if withPprof {
		// The shared middleware trims a trailing slash, so the index is "/debug/pprof".
		rt.Handle("GET /debug/pprof", Guard(token, http.HandlerFunc(pprof.Index)))
		rt.Handle("GET /debug/pprof/", Guard(token, http.HandlerFunc(pprof.Index)))
		rt.Handle("GET /debug/pprof/cmdline", Guard(token, http.HandlerFunc(pprof.Cmdline)))
		rt.Handle("GET /debug/pprof/profile", Guard(token, http.HandlerFunc(pprof.Profile)))
		rt.Handle("GET /debug/pprof/symbol", Guard(token, http.HandlerFunc(pprof.Symbol)))
		rt.Handle("GET /debug/pprof/trace", Guard(token, http.HandlerFunc(pprof.Trace)))
	}
}

// Guard answers 401 in the envelope unless the request carries
// "Authorization: Bearer <token>". The comparison takes the same time whatever
// the token sent.
func Guard(token string, next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(token))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, err := auth.TokenFromHeader(r.Header.Get("Authorization"))
		sum := sha256.Sum256([]byte(got))
		if err != nil || subtle.ConstantTimeCompare(sum[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			httpapi.WriteError(w, r, httpapi.Unauthorized("A valid metrics token is required"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter records the status of the answer.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap gives http.ResponseController the underlying writer.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
