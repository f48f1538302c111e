package org_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/clientip"
	"github.com/crmhrm/crm/internal/testkit"
)

// server builds another server over the package's test database with the
// given throttle settings; it shares the database (and so the counters) with
// the package's shared server.
func server(t *testing.T, o app.Options) http.Handler {
	t.Helper()
	o.JWTSecret, o.SuperAdminKey, o.BcryptCost = testkit.Secret, testkit.SuperAdminKey, bcrypt.MinCost
	o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := app.New(testkit.DB(t), o)
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler
}

func creds(login, pw string) map[string]any { return map[string]any{"login": login, "password": pw} }

// wantThrottled checks a 429 in the envelope with a positive Retry-After.
func wantThrottled(t *testing.T, what string, r *reply) {
	t.Helper()
	if r.Status != 429 || r.Body["success"] != false || r.message() == "" {
		t.Fatalf("%s: status %d, want 429: %s", what, r.Status, r.Raw)
	}
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 15*60 {
		t.Fatalf("%s: Retry-After %q", what, r.Header.Get("Retry-After"))
	}
}

// TestConcurrentGuessesAreCounted: 100 wrong passwords sent at once to one
// account get at most the limit of 401s; the rest, and then the right
// password, get 429.
func TestConcurrentGuessesAreCounted(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	replies := make([]*reply, 100)
	var wg sync.WaitGroup
	for i := range replies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies[i] = rawCall(e.Server.Handler, "POST", api+"/auth/login", nil, freshIP(), creds(m.Username, fmt.Sprintf("Wrong-%d", i)))
		}()
	}
	wg.Wait()
	count := map[int]int{}
	for _, r := range replies {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		count[r.Status]++
		if r.Status == 429 {
			wantThrottled(t, "concurrent guess", r)
		}
	}
	if count[401] > 10 || count[401]+count[429] != 100 {
		t.Fatalf("statuses %v: want at most 10×401 and the rest 429", count)
	}
	wantThrottled(t, "right password during the lockout", login(t, e, creds(m.Username, testkit.Password)))
	wantThrottled(t, "right password by e-mail during the lockout", login(t, e, creds(m.Username+"@example.com", testkit.Password)))
}

// TestOneCounterPerAccount: failures by e-mail and by username (any case)
// count against the same account.
func TestOneCounterPerAccount(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	spellings := []string{m.Username, m.Username + "@example.com", " " + m.Username + " ", "EM" + m.Username[2:], m.Username + "@EXAMPLE.com"}
	for i := 0; i < 10; i++ {
		if r := login(t, e, creds(spellings[i%len(spellings)], "Wrong-pass1")); r.Status != 401 {
			t.Fatalf("failure %d: status %d: %s", i+1, r.Status, r.Raw)
		}
	}
	for _, s := range spellings {
		wantThrottled(t, "login "+s, login(t, e, creds(s, testkit.Password)))
	}
}

// TestLookalikeSpellingsDoNotLogIn: a login matches an account only by its
// e-mail or its username ignoring case. MariaDB's collation makes accented
// and full-width spellings equal in SQL; they must neither log in nor give a
// locked account a fresh counter.
func TestLookalikeSpellingsDoNotLogIn(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	u := "acmeclerk" + testkit.Unique()
	e.Must(201, "POST", api+"/employees", co.Token, map[string]any{"username": u, "email": u + "@example.com", "password": testkit.Password})
	lookalikes := []string{"à" + u[1:], "ａｃｍｅｃｌｅｒｋ" + u[len("acmeclerk"):], "Àcmeclerk" + u[len("acmeclerk"):], u[:len(u)-1] + "é", "àcmeclerk" + u[len("acmeclerk"):] + "@example.com"}
	for _, l := range lookalikes {
		if r := login(t, e, creds(l, testkit.Password)); r.Status != 401 {
			t.Fatalf("%q: status %d, want 401: %s", l, r.Status, r.Raw)
		}
	}
	e.Login(u, testkit.Password) // the real spelling works
	for i := 0; i < 10; i++ {
		if r := login(t, e, creds(u, "Wrong-pass1")); r.Status != 401 {
			t.Fatalf("failure %d: status %d", i+1, r.Status)
		}
	}
	wantThrottled(t, "locked account", login(t, e, creds(u, testkit.Password)))
	for _, l := range lookalikes {
		if r := login(t, e, creds(l, testkit.Password)); r.Status == 200 {
			t.Fatalf("%q logged into the locked account: %s", l, r.Raw)
		}
	}
}

// TestAddressCap: failures from one address across many accounts (a password
// spray, or guesses at unknown logins) stop at the per-address cap; other
// addresses are not affected.
func TestAddressCap(t *testing.T) {
	e := testkit.New(t)
	h := server(t, app.Options{LoginMaxFailuresPerAddress: 5})
	co := e.NewCompany()
	var users []string
	for i := 0; i < 4; i++ {
		users = append(users, e.NewMember(co, authz.Perms{}).Username)
	}
	ip := freshIP()
	for i := 0; i < 5; i++ {
		name := "nobody" + testkit.Unique()
		if i < len(users) {
			name = users[i]
		}
		if r := rawCall(h, "POST", api+"/auth/login", nil, ip, creds(name, "Spray-2024!")); r.Status != 401 {
			t.Fatalf("failure %d: status %d: %s", i+1, r.Status, r.Raw)
		}
	}
	wantThrottled(t, "sixth account from the address", rawCall(h, "POST", api+"/auth/login", nil, ip, creds(co.Username, "Spray-2024!")))
	wantThrottled(t, "right password from the address", rawCall(h, "POST", api+"/auth/login", nil, ip, creds(users[0], testkit.Password)))
	// Another address is not affected, and none of the accounts is locked.
	for _, u := range users {
		if r := rawCall(h, "POST", api+"/auth/login", nil, freshIP(), creds(u, testkit.Password)); r.Status != 200 {
			t.Fatalf("%s from another address: status %d: %s", u, r.Status, r.Raw)
		}
	}
}

// TestUnknownLoginsAreThrottled: guesses at a login that matches no account
// are limited like an existing account's, with the same answers.
func TestUnknownLoginsAreThrottled(t *testing.T) {
	e := testkit.New(t)
	ghost := "ghost" + testkit.Unique()
	for i := 0; i < 10; i++ {
		if r := login(t, e, creds(ghost, "Wrong-pass1")); r.Status != 401 {
			t.Fatalf("failure %d: status %d", i+1, r.Status)
		}
	}
	wantThrottled(t, "unknown login", login(t, e, creds(" "+ghost+" ", "Wrong-pass1")))
}

// TestInstancesShareCounters: two servers over one database count the same
// failures, so a load balancer spreading guesses gains nothing.
func TestInstancesShareCounters(t *testing.T) {
	e := testkit.New(t)
	a := server(t, app.Options{LoginMaxFailures: 4})
	b := server(t, app.Options{LoginMaxFailures: 4})
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	for i := 0; i < 4; i++ {
		h := a
		if i%2 == 1 {
			h = b
		}
		if r := rawCall(h, "POST", api+"/auth/login", nil, freshIP(), creds(m.Username, "Wrong-pass1")); r.Status != 401 {
			t.Fatalf("failure %d: status %d: %s", i+1, r.Status, r.Raw)
		}
	}
	for name, h := range map[string]http.Handler{"first": a, "second": b} {
		wantThrottled(t, name+" server", rawCall(h, "POST", api+"/auth/login", nil, freshIP(), creds(m.Username, testkit.Password)))
	}
}

// TestTrustedProxies: X-Forwarded-For names the client only when the TCP peer
// is a trusted proxy; otherwise the peer is the client.
func TestTrustedProxies(t *testing.T) {
	e := testkit.New(t)
	trusted, err := clientip.Parse("192.0.2.0/24")
	if err != nil {
		t.Fatal(err)
	}
	h := server(t, app.Options{TrustedProxies: trusted, LoginMaxFailuresPerAddress: 3})
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	fail := func(peer, xff string) *reply {
		return rawCall(h, "POST", api+"/auth/login", map[string]string{"X-Forwarded-For": xff}, peer, creds("nobody"+testkit.Unique(), "Wrong-pass1"))
	}

	t.Run("an untrusted peer's header is ignored", func(t *testing.T) {
		peer := "203.0.113.7:5000"
		for i := 0; i < 3; i++ {
			if r := fail(peer, fmt.Sprintf("198.51.100.%d", 10+i)); r.Status != 401 {
				t.Fatalf("failure %d: status %d", i+1, r.Status)
			}
		}
		wantThrottled(t, "fourth failure with yet another forged address", fail(peer, "198.51.100.99"))
	})

	t.Run("a trusted proxy's header separates its clients", func(t *testing.T) {
		proxy := "192.0.2.10:443"
		for i := 0; i < 3; i++ {
			if r := fail(proxy, "203.0.113.50, 198.51.100.1"); r.Status != 401 {
				t.Fatalf("failure %d: status %d", i+1, r.Status)
			}
		}
		wantThrottled(t, "the client behind the proxy", fail(proxy, "198.51.100.1"))
		// The proxy's other clients (and a forged left-most entry) are not affected.
		if r := fail(proxy, "198.51.100.2"); r.Status != 401 {
			t.Fatalf("another client: status %d", r.Status)
		}
		if r := rawCall(h, "POST", api+"/auth/login", map[string]string{"X-Forwarded-For": "198.51.100.1, 198.51.100.3"}, proxy,
			creds(m.Username, testkit.Password)); r.Status != 200 {
			t.Fatalf("a third client: status %d: %s", r.Status, r.Raw)
		}
		// A chain of trusted proxies still finds the client.
		wantThrottled(t, "the client through two proxies", fail("192.0.2.11:443", "198.51.100.1, 192.0.2.10"))
	})
}

// TestPasswordChangeIsThrottled: wrong current passwords count against the
// account like failed logins; past the limit even the right one gets 429.
func TestPasswordChangeIsThrottled(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	m := e.NewMember(co, authz.Perms{})
	path := api + "/auth/me/password"
	for i := 0; i < 10; i++ {
		e.Must(422, "PUT", path, m.Token, map[string]any{"current_password": fmt.Sprintf("Wrong-%d!", i), "new_password": "Copper-Meadow-Kite-31"})
	}
	for _, body := range []map[string]any{
		{"current_password": "Wrong-x!", "new_password": "Copper-Meadow-Kite-31"},
		{"current_password": testkit.Password, "new_password": "Copper-Meadow-Kite-31"},
	} {
		r := e.Do("PUT", path, m.Token, body)
		wantThrottled(t, "password change", &reply{Status: r.Status, Raw: r.Raw, Body: r.Body, Header: r.Header})
	}
	wantThrottled(t, "login of the account", login(t, e, creds(m.Username, testkit.Password)))

	// A successful change clears the account's counter.
	other := e.NewMember(co, authz.Perms{})
	for i := 0; i < 9; i++ {
		e.Must(422, "PUT", path, other.Token, map[string]any{"current_password": "Wrong-pass1", "new_password": "Copper-Meadow-Kite-31"})
	}
	r := e.Must(200, "PUT", path, other.Token, map[string]any{"current_password": testkit.Password, "new_password": "Copper-Meadow-Kite-31"})
	fresh, _ := r.Data()["token"].(string)
	for i := 0; i < 9; i++ {
		e.Must(422, "PUT", path, fresh, map[string]any{"current_password": "Wrong-pass1", "new_password": "Silver-Orchard-Vane-72"})
	}
	e.Login(other.Username, "Copper-Meadow-Kite-31")
}

// TestSuperAdminSignupGuessesAreCounted: concurrent wrong secret keys from one
// address get at most 10 answers of 401.
func TestSuperAdminSignupGuessesAreCounted(t *testing.T) {
	e := testkit.New(t)
	ip := freshIP()
	replies := make([]*reply, 40)
	var wg sync.WaitGroup
	for i := range replies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := "sa" + testkit.Unique()
			replies[i] = rawCall(e.Server.Handler, "POST", api+"/super-admin", nil, ip,
				map[string]any{"username": u, "email": u + "@example.com", "password": testkit.SuperAdminPassword, "secret_key": fmt.Sprint("wrong", i)})
		}()
	}
	wg.Wait()
	count := map[int]int{}
	for _, r := range replies {
		count[r.Status]++
		if r.Status == 429 {
			wantThrottled(t, "wrong secret", r)
		}
	}
	if count[401] > 10 || count[401]+count[429] != 40 {
		t.Fatalf("statuses %v: want at most 10×401 and the rest 429", count)
	}
}
