package ratelimit_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/ratelimit"
)

// clock is a manual clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })

// do sends one request from addr, with user as the principal ("" anonymous).
func do(h http.Handler, method, path, addr, user string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	r.RemoteAddr = addr + ":40000"
	if user != "" {
		r.Header.Set("X-User", user)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func want429(t *testing.T, w *httptest.ResponseRecorder, retryAfter string) {
	t.Helper()
	if w.Code != http.StatusTooManyRequests {
		t.Fatalf("status %d, want 429", w.Code)
	}
	if got := w.Header().Get("Retry-After"); got != retryAfter {
		t.Fatalf("Retry-After %q, want %q", got, retryAfter)
	}
	var env map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &env); err != nil || env["success"] != false || env["message"] == "" {
		t.Fatalf("not an error envelope: %s", w.Body.Bytes())
	}
}

func principal(r *http.Request) string { return r.Header.Get("X-User") }

func TestPerAddressBurstThen429(t *testing.T) {
	c := newClock()
	h := ratelimit.Middleware(ok, ratelimit.Options{AddressRPS: 1, AddressBurst: 3, Now: c.Now})
	for i := range 3 {
		if w := do(h, "GET", "/api/v1/x", "198.51.100.7", ""); w.Code != 200 {
			t.Fatalf("request %d: %d", i+1, w.Code)
		}
	}
	want429(t, do(h, "GET", "/api/v1/x", "198.51.100.7", ""), "1")
	if w := do(h, "GET", "/api/v1/x", "198.51.100.8", ""); w.Code != 200 {
		t.Fatalf("another address was limited: %d", w.Code)
	}
	c.Add(time.Second)
	if w := do(h, "GET", "/api/v1/x", "198.51.100.7", ""); w.Code != 200 {
		t.Fatalf("after a second: %d", w.Code)
	}
	want429(t, do(h, "GET", "/api/v1/x", "198.51.100.7", ""), "1")
}

func TestRetryAfterRoundsUp(t *testing.T) {
	c := newClock()
	h := ratelimit.Middleware(ok, ratelimit.Options{AddressRPS: 0.3, AddressBurst: 1, Now: c.Now})
	do(h, "GET", "/a", "203.0.113.1", "")
	want429(t, do(h, "GET", "/a", "203.0.113.1", ""), "4") // 1/0.3 = 3.33 s
	c.Add(3 * time.Second)
	want429(t, do(h, "GET", "/a", "203.0.113.1", ""), "1") // 0.33 s left
}

func TestPerPrincipalCountsEachPrincipal(t *testing.T) {
	c := newClock()
	h := ratelimit.Middleware(ok, ratelimit.Options{PrincipalRPS: 0.5, PrincipalBurst: 2, Principal: principal, Now: c.Now})
	for _, u := range []string{"alice", "bob"} {
		for i := range 2 {
			if w := do(h, "POST", "/api/v1/x", "192.0.2.1", u); w.Code != 200 {
				t.Fatalf("%s request %d: %d", u, i+1, w.Code)
			}
		}
	}
	want429(t, do(h, "POST", "/api/v1/x", "192.0.2.1", "alice"), "2")
	want429(t, do(h, "POST", "/api/v1/x", "192.0.2.1", "bob"), "2")
	for i := range 5 { // anonymous requests are only subject to the address limit, off here
		if w := do(h, "POST", "/api/v1/x", "192.0.2.1", ""); w.Code != 200 {
			t.Fatalf("anonymous request %d: %d", i+1, w.Code)
		}
	}
}

func TestExemptAndPreflightNeverLimited(t *testing.T) {
	c := newClock()
	exempt := func(r *http.Request) bool { return r.URL.Path == "/healthz" }
	h := ratelimit.Middleware(ok, ratelimit.Options{AddressRPS: 1, AddressBurst: 1, Exempt: exempt, Now: c.Now})
	do(h, "GET", "/api/v1/x", "192.0.2.9", "")
	want429(t, do(h, "GET", "/api/v1/x", "192.0.2.9", ""), "1")
	for i := range 50 {
		if w := do(h, "GET", "/healthz", "192.0.2.9", ""); w.Code != 200 {
			t.Fatalf("health check %d limited: %d", i, w.Code)
		}
		if w := do(h, "OPTIONS", "/api/v1/x", "192.0.2.9", ""); w.Code != 200 {
			t.Fatalf("preflight %d limited: %d", i, w.Code)
		}
	}
}

func TestClientIPIsInjectable(t *testing.T) {
	c := newClock()
	fromHeader := func(r *http.Request) string { return r.Header.Get("X-Test-Client") }
	h := ratelimit.Middleware(ok, ratelimit.Options{AddressRPS: 1, AddressBurst: 1, ClientIP: fromHeader, Now: c.Now})
	send := func(client string) int {
		r := httptest.NewRequest("GET", "/x", nil)
		r.Header.Set("X-Test-Client", client)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	if send("a") != 200 || send("a") != 429 || send("b") != 200 {
		t.Fatal("the injected client address is not the key")
	}
}

func TestOffWhenZero(t *testing.T) {
	h := ratelimit.Middleware(ok, ratelimit.Options{})
	for i := range 1000 {
		if w := do(h, "GET", "/x", "192.0.2.1", "u"); w.Code != 200 {
			t.Fatalf("request %d: %d", i, w.Code)
		}
	}
}

// TestEvictionBoundsMemoryKeepsHotKey: a flood of one-off keys never grows
// the table beyond its bound, and a key in steady use keeps its (empty)
// bucket through it; idle buckets go once they have refilled.
func TestEvictionBoundsMemoryKeepsHotKey(t *testing.T) {
	c := newClock()
	l := ratelimit.New(1, 5, 100, c.Now)
	for range 5 {
		l.Allow("hot")
	}
	if ok, _ := l.Allow("hot"); ok {
		t.Fatal("burst not enforced")
	}
	allowed := 0
	for i := range 20000 { // 20 s of one-off keys, 1000 a second
		c.Add(time.Millisecond)
		l.Allow(fmt.Sprintf("203.0.113.%d/%d", i%250, i))
		if i%10 == 0 {
			if ok, _ := l.Allow("hot"); ok {
				allowed++
			}
		}
		if n := l.Len(); n > 100 {
			t.Fatalf("step %d: %d buckets held, bound 100", i, n)
		}
	}
	// 1 token a second over 20 s; a forgotten bucket would start again with 5.
	if allowed > 20 {
		t.Fatalf("the hot key got %d requests through in 20 s at 1/s: its state was forgotten", allowed)
	}
	c.Add(time.Hour)
	l.Allow("late")
	if n := l.Len(); n != 1 {
		t.Fatalf("after an idle hour %d buckets held, want 1", n)
	}
}
