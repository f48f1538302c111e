package app_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/testkit"
)

// TestShutdownCutShortLogsInterrupted: a request that outlives the shutdown
// timeout is cut off, and one JSON log line says how many were interrupted.
func TestShutdownCutShortLogsInterrupted(t *testing.T) {
	s, err := app.New(testkit.DB(t), app.Options{JWTSecret: testkit.Secret, BcryptCost: bcrypt.MinCost, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{}, 2)
	release := make(chan struct{})
	defer close(release)
	api := s.Handler
	mux := http.NewServeMux()
	mux.HandleFunc("GET /block", func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	mux.Handle("/", api)
	s.Handler = mux

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var logs testkit.LogBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- s.Run(ctx, ln, app.Drain{Grace: 50 * time.Millisecond, Timeout: 300 * time.Millisecond}, logger)
	}()

	base := "http://" + ln.Addr().String()
	for range 2 {
		go func() {
			cl := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			if res, err := cl.Get(base + "/block"); err == nil {
				res.Body.Close()
			}
		}()
	}
	for range 2 {
		select {
		case <-started:
		case <-time.After(30 * time.Second):
			t.Fatal("blocking requests did not start")
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after its shutdown timeout")
	}

	var cut []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["msg"] == "shutdown cut short" {
			cut = append(cut, rec)
		}
	}
	if len(cut) != 1 {
		t.Fatalf("want one \"shutdown cut short\" line, got %d:\n%s", len(cut), logs.String())
	}
	if cut[0]["interrupted"] != float64(2) || cut[0]["level"] != "ERROR" {
		t.Fatalf("cut-short line %v", cut[0])
	}
}

// TestShutdownCleanLogsStopped: without requests in flight, the shutdown
// completes and logs no interruption.
func TestShutdownCleanLogsStopped(t *testing.T) {
	s, err := app.New(testkit.DB(t), app.Options{JWTSecret: testkit.Secret, BcryptCost: bcrypt.MinCost, Logger: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var logs testkit.LogBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- s.Run(ctx, ln, app.Drain{Grace: 300 * time.Millisecond}, slog.New(slog.NewJSONHandler(&logs, nil)))
	}()
	base := "http://" + ln.Addr().String()
	if res, err := http.Get(base + "/readyz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("readyz before shutdown: %v %v", res, err)
	}
	cancel()
	// During the grace period /readyz answers 503 and the connection is closed after the answer.
	var got *http.Response
	for range 200 {
		res, err := http.Get(base + "/readyz")
		if err != nil {
			break
		}
		res.Body.Close()
		if res.StatusCode == http.StatusServiceUnavailable {
			got = res
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got == nil || !got.Close {
		t.Fatalf("no 503 with Connection: close from /readyz during the grace period: %v", got)
	}
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if l := logs.String(); !strings.Contains(l, `"msg":"stopped"`) || strings.Contains(l, "cut short") {
		t.Fatalf("logs:\n%s", l)
	}
}
