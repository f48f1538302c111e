package app_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptrace"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/config"
)

const childEnv = "CRM_APP_TEST_SERVE"

// serveChildIfAsked runs the real server (app.Serve, signals included) when
// the test binary is started as the drain test's child.
func serveChildIfAsked() {
	if os.Getenv(childEnv) != "1" {
		return
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	c, err := config.Load()
	if err == nil {
		err = app.Serve(c, logger)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "crm:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// child is the server process under test.
type child struct {
	cmd  *exec.Cmd
	base string
	mu   sync.Mutex
	log  bytes.Buffer
	done chan error
}

func (c *child) logs() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.log.String()
}

// startChild starts this test binary as the server on a free port
// over a fresh SQLite data folder.
func startChild(t *testing.T, extra ...string) *child {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^$")
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "DATABASE_URL" || strings.HasPrefix(k, "DB_") || strings.HasPrefix(k, "TEST_") || k == "CRM_ENV" {
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	l.Close()
	cmd.Env = append(cmd.Env, childEnv+"=1", "PORT="+port, "DATA_DIR="+t.TempDir(), "JWT_SECRET="+strings.Repeat("k", 40),
		"SUPER_ADMIN_SECRET_KEY=drain-key", "BCRYPT_COST=4", "RATE_LIMIT_RPS=0", "RATE_LIMIT_USER_RPS=0")
	cmd.Env = append(cmd.Env, extra...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, done: make(chan error, 1)}
	listening := make(chan struct{}, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Bytes()
			c.mu.Lock()
			c.log.Write(line)
			c.log.WriteByte('\n')
			c.mu.Unlock()
			var rec map[string]any
			if json.Unmarshal(line, &rec) == nil && rec["msg"] == "listening" {
				select {
				case listening <- struct{}{}:
				default:
				}
			}
		}
		c.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-c.done
		}
	})
	select {
	case <-listening:
		c.base = "http://127.0.0.1:" + port
	case err := <-c.done:
		t.Fatalf("server exited before listening: %v\n%s", err, c.logs())
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not listen within 60 s\n%s", c.logs())
	}
	return c
}

// call sends one JSON request on a fresh connection and decodes the envelope.
func call(t *testing.T, base, method, path, token string, body any) map[string]any {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	cl := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	res, err := cl.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	var env map[string]any
	if err := json.NewDecoder(res.Body).Decode(&env); err != nil || res.StatusCode >= 300 {
		t.Fatalf("%s %s: status %d, %v %v", method, path, res.StatusCode, env, err)
	}
	return env
}

// letters spells n in the letters a to z (department names allow letters only).
func letters(n int) string {
	b := []byte{}
	for {
		b = append(b, byte('a'+n%26))
		n /= 26
		if n == 0 {
			return string(b)
		}
	}
}

func dataString(env map[string]any, key string) string {
	d, _ := env["data"].(map[string]any)
	s, _ := d[key].(string)
	return s
}

// outcome is what one load request got.
type outcome struct {
	sent      time.Time
	status    int
	connClose bool
	reused    bool
	wrote     bool
	err       error
	decodeErr error
}

// TestSIGTERMDrainsKeepAliveLoad runs the real server as a child process and
// drives a keep-alive POST load through it, as a load balancer would: the
// balancer probes /readyz and stops routing to the server shortly after it
// answers 503. SIGTERM arrives in the middle of the load. No request that
// reached the server may be dropped, the answers given during the grace
// period must close their connections, and the process must exit 0.
func TestSIGTERMDrainsKeepAliveLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	srv := startChild(t, "SHUTDOWN_GRACE=800ms", "SHUTDOWN_TIMEOUT=10s")
	base := srv.base

	call(t, base, "POST", "/api/v1/super-admin", "", map[string]any{"username": "root", "email": "root@example.com",
		"password": "Granite-Harbour-Lamp-2026", "secret_key": "drain-key"})
	sa := dataString(call(t, base, "POST", "/api/v1/auth/login", "", map[string]any{"login": "root@example.com", "password": "Granite-Harbour-Lamp-2026"}), "token")
	call(t, base, "POST", "/api/v1/clients", sa, map[string]any{"username": "acme", "email": "acme@example.com", "password": "Tidal-Orbit-Canvas-47"})
	tok := dataString(call(t, base, "POST", "/api/v1/auth/login", "", map[string]any{"login": "acme", "password": "Tidal-Orbit-Canvas-47"}), "token")
	if tok == "" {
		t.Fatal("no token")
	}

	// The balancer: probes /readyz every 10 ms and stops routing 150 ms after
	// the first 503 (well inside the grace period).
	var routed atomic.Bool
	routed.Store(true)
	var first503 atomic.Int64 // Unix ns
	var readyMsg atomic.Value
	probeDone := make(chan struct{})
	stopProbe := make(chan struct{})
	go func() {
		defer close(probeDone)
		probe := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
		for {
			select {
			case <-stopProbe:
				return
			case <-time.After(10 * time.Millisecond):
			}
			res, err := probe.Get(base + "/readyz")
			if err != nil {
				routed.Store(false)
				continue
			}
			var env map[string]any
			_ = json.NewDecoder(res.Body).Decode(&env)
			res.Body.Close()
			if res.StatusCode == http.StatusServiceUnavailable && first503.Load() == 0 {
				first503.Store(time.Now().UnixNano())
				readyMsg.Store(fmt.Sprint(env["message"]))
				time.AfterFunc(150*time.Millisecond, func() { routed.Store(false) })
			}
		}
	}()

	const workers = 8
	start := time.Now()
	loadEnd := start.Add(1500 * time.Millisecond)
	var mu sync.Mutex
	var got []outcome
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tr := &http.Transport{MaxIdleConnsPerHost: 1}
			defer tr.CloseIdleConnections()
			cl := &http.Client{Transport: tr, Timeout: 20 * time.Second}
			for i := 0; routed.Load() && time.Now().Before(loadEnd) && i < 100000; i++ {
				var o outcome
				trace := &httptrace.ClientTrace{
					GotConn:      func(ci httptrace.GotConnInfo) { o.reused = ci.Reused },
					WroteRequest: func(httptrace.WroteRequestInfo) { o.wrote = true },
				}
				b, _ := json.Marshal(map[string]any{"department_name": "dept " + letters(w*1000000+i)})
				req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), "POST",
					base+"/api/v1/departments", bytes.NewReader(b))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tok)
				o.sent = time.Now()
				res, err := cl.Do(req)
				if err != nil {
					o.err = err
				} else {
					o.status, o.connClose = res.StatusCode, res.Close
					var env map[string]any
					o.decodeErr = json.NewDecoder(res.Body).Decode(&env)
					res.Body.Close()
				}
				mu.Lock()
				got = append(got, o)
				mu.Unlock()
			}
		}()
	}

	time.Sleep(500 * time.Millisecond)
	sigAt := time.Now()
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	select {
	case err := <-srv.done:
		if err != nil {
			t.Fatalf("server exited with %v\n%s", err, srv.logs())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("server still running 30 s after SIGTERM\n%s", srv.logs())
	}
	close(stopProbe)
	<-probeDone

	var ok, refused, inGrace, inGraceClosed int
	for _, o := range got {
		var op *net.OpError
		switch {
		case o.err != nil && errors.As(o.err, &op) && op.Op == "dial":
			refused++ // never connected: the request did not reach the server
		case o.err != nil:
			t.Errorf("dropped request sent %v after start (reused connection %v, request written %v): %v",
				o.sent.Sub(start).Round(time.Millisecond), o.reused, o.wrote, o.err)
		case o.status != http.StatusCreated || o.decodeErr != nil:
			t.Errorf("incomplete answer: status %d, body error %v", o.status, o.decodeErr)
		default:
			ok++
			if f := first503.Load(); f != 0 && o.sent.UnixNano() > f {
				inGrace++
				if o.connClose {
					inGraceClosed++
				}
			}
		}
	}
	t.Logf("%d requests: %d created (%d before SIGTERM), %d failed to connect; %d sent after /readyz answered 503",
		len(got), ok, countBefore(got, sigAt), refused, inGrace)
	if os.Getenv("DRAIN_DEBUG") != "" {
		t.Log(srv.logs())
	}
	if countBefore(got, sigAt) == 0 {
		t.Fatalf("no request succeeded before SIGTERM\n%s", srv.logs())
	}
	if first503.Load() == 0 {
		t.Fatalf("/readyz never answered 503 after SIGTERM\n%s", srv.logs())
	}
	if m, _ := readyMsg.Load().(string); !strings.Contains(m, "shutting down") {
		t.Errorf("/readyz message during shutdown %q", m)
	}
	if inGrace == 0 {
		t.Errorf("no request was served during the grace period")
	}
	if inGraceClosed != inGrace {
		t.Errorf("%d of %d answers in the grace period lack Connection: close", inGrace-inGraceClosed, inGrace)
	}
	if logs := srv.logs(); !strings.Contains(logs, `"msg":"shutting down"`) || !strings.Contains(logs, `"msg":"stopped"`) {
		t.Errorf("shutdown not logged:\n%s", logs)
	}
}

func countBefore(got []outcome, at time.Time) int {
	n := 0
	for _, o := range got {
		if o.err == nil && o.status == http.StatusCreated && o.sent.Before(at) {
			n++
		}
	}
	return n
}
