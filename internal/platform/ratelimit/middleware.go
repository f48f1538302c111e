package ratelimit

import (
	"math"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Options configure Middleware. A zero rate switches that limit off.
type Options struct {
	// AddressRPS and AddressBurst limit each client address.
	AddressRPS   float64
	AddressBurst int
	// PrincipalRPS and PrincipalBurst limit each authenticated principal.
	PrincipalRPS   float64
	PrincipalBurst int
	// ClientIP names the client of a request (RemoteHost when nil).
	ClientIP func(*http.Request) string
	// Principal names the verified caller of a request, "" when anonymous.
	Principal func(*http.Request) string
	// Exempt reports requests never limited (health checks); preflight
	// OPTIONS requests are never limited either.
	Exempt func(*http.Request) bool
	// MaxKeys bounds each limiter's table (DefaultMaxKeys when 0).
	MaxKeys int
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// RemoteHost is the host part of r.RemoteAddr.
func RemoteHost(r *http.Request) string {
	if h, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return h
	}
	return r.RemoteAddr
}

// Middleware answers 429 in the envelope, with Retry-After in whole seconds,
// once a client address or a principal has used its tokens; next is returned
// unchanged when both limits are off.
func Middleware(next http.Handler, o Options) http.Handler {
	var byAddr, byUser *Limiter
	if o.AddressRPS > 0 {
		byAddr = New(o.AddressRPS, o.AddressBurst, o.MaxKeys, o.Now)
	}
	if o.PrincipalRPS > 0 && o.Principal != nil {
		byUser = New(o.PrincipalRPS, o.PrincipalBurst, o.MaxKeys, o.Now)
	}
	if byAddr == nil && byUser == nil {
		return next
	}
	clientIP := o.ClientIP
	if clientIP == nil {
		clientIP = RemoteHost
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodOptions || (o.Exempt != nil && o.Exempt(r)) {
			next.ServeHTTP(w, r)
			return
		}
		if byAddr != nil {
			if ok, wait := byAddr.Allow(clientIP(r)); !ok {
				tooMany(w, r, wait)
				return
			}
		}
		if byUser != nil {
			if p := o.Principal(r); p != "" {
				if ok, wait := byUser.Allow(p); !ok {
					tooMany(w, r, wait)
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

func tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	secs := int64(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	httpapi.WriteError(w, r, &httpapi.Error{Status: http.StatusTooManyRequests, Message: "Too many requests; try again later"})
}
