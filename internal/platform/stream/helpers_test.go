package stream_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/stream"
	"github.com/crmhrm/crm/internal/testkit"
)

// instance is a real HTTP server of the service over store, with its own
// stream hub and dispatcher.
type instance struct {
	URL    string
	Server *app.Server
}

func newInstance(t testing.TB, store *db.DB, o stream.Options) *instance {
	t.Helper()
	o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := app.New(store, app.Options{JWTSecret: testkit.Secret, SuperAdminKey: testkit.SuperAdminKey,
		AllowSuperAdminSignup: true, MaxBodyBytes: 1 << 20, ListCap: 5000, BcryptCost: bcrypt.MinCost,
		Logger: o.Logger, Stream: o})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler)
	t.Cleanup(srv.Close)
	return &instance{URL: srv.URL, Server: s}
}

// call sends a JSON request to the instance and decodes the envelope.
func (in *instance) call(t testing.TB, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, in.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var env map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&env)
	return resp.StatusCode, env
}

// send posts a message from token to the account to and returns its id.
func (in *instance) send(t testing.TB, token, to, text string) string {
	t.Helper()
	st, env := in.call(t, "POST", "/api/v1/messages", token, map[string]any{"chooseMember": to, "message": text})
	if st != 201 {
		t.Fatalf("send message: %d %v", st, env)
	}
	return env["data"].(map[string]any)["id"].(string)
}

func (in *instance) ticket(t testing.TB, token string) string {
	t.Helper()
	st, env := in.call(t, "POST", "/api/v1/stream/ticket", token, nil)
	if st != 201 {
		t.Fatalf("ticket: %d %v", st, env)
	}
	return env["data"].(map[string]any)["ticket"].(string)
}

type event struct {
	ID, Event string
	Data      map[string]any
}

// sse is an open stream and the events read from it.
type sse struct {
	resp   *http.Response
	events chan event
}

// open opens the stream at path?query with hdr; it fails the test unless
// the answer is 200 text/event-stream.
func (in *instance) open(t testing.TB, query string, hdr map[string]string) *sse {
	t.Helper()
	resp := in.dial(t, query, hdr)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		t.Fatalf("stream: %d %s", resp.StatusCode, b)
	}
	s := &sse{resp: resp, events: make(chan event, 1000)}
	t.Cleanup(func() { resp.Body.Close() })
	go s.read()
	return s
}

func (in *instance) dial(t testing.TB, query string, hdr map[string]string) *http.Response {
	t.Helper()
	u := in.URL + stream.Path
	if query != "" {
		u += "?" + query
	}
	req, _ := http.NewRequest("GET", u, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func (s *sse) read() {
	defer close(s.events)
	sc := bufio.NewScanner(s.resp.Body)
	var cur event
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if cur.Event != "" {
				s.events <- cur
			}
			cur = event{}
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "id: "):
			cur.ID = line[4:]
		case strings.HasPrefix(line, "event: "):
			cur.Event = line[7:]
		case strings.HasPrefix(line, "data: "):
			_ = json.Unmarshal([]byte(line[6:]), &cur.Data)
		}
	}
}

// next returns the next event, failing after a generous wait; ok is false
// when the stream ended.
func (s *sse) next(t testing.TB) (event, bool) {
	t.Helper()
	select {
	case e, ok := <-s.events:
		return e, ok
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
		return event{}, false
	}
}

// nextFor returns the next event about ref, failing if the stream ends or
// nothing comes.
func (s *sse) nextFor(t testing.TB, ref string) event {
	t.Helper()
	for {
		e, ok := s.next(t)
		if !ok {
			t.Fatalf("stream ended before an event about %s", ref)
		}
		if e.Data["ref_id"] == ref {
			return e
		}
	}
}

// quiet asserts that no event arrives within d.
func (s *sse) quiet(t testing.TB, d time.Duration) {
	t.Helper()
	select {
	case e, ok := <-s.events:
		if ok {
			t.Fatalf("unexpected event %+v", e)
		}
	case <-time.After(d):
	}
}

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }
