package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Drain bounds a shutdown.
type Drain struct {
	// Grace is how long the server keeps serving once told to stop: /readyz
	// answers 503 so that load balancers stop sending, and every answer closes
	// its connection so that clients move to new ones.
	Grace time.Duration
	// Timeout bounds the wait for requests in flight after the listener is
	// closed; requests still running then are cut off (20 s when zero).
	Timeout time.Duration
}

// DefaultShutdownTimeout is Drain.Timeout when none is given.
const DefaultShutdownTimeout = 20 * time.Second

// Run serves s on ln until ctx is done, then drains:
//
//  1. /readyz answers 503 "shutting down" and every answer carries
//     "Connection: close", for d.Grace. Idle keep-alive connections are not
//     closed under a client that may be writing a request on them: each is
//     closed by the server after its next answer.
//  2. Keep-alives are switched off, the listener is closed and the server
//     shuts down, waiting at most d.Timeout for requests in flight.
//  3. A shutdown cut short by that limit closes the remaining connections and
//     logs one error line with the number of requests it interrupted.
func (s *Server) Run(ctx context.Context, ln net.Listener, d Drain, logger *slog.Logger) error {
	if logger == nil {
		logger = slog.Default()
	}
	if d.Timeout <= 0 {
		d.Timeout = DefaultShutdownTimeout
	}
	srv := &http.Server{Handler: s.track(s.Handler), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 60 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.draining.Store(true)
	logger.Info("shutting down", "grace", d.Grace.String(), "timeout", d.Timeout.String(), "in_flight", s.inflight.Load())
	if d.Grace > 0 {
		t := time.NewTimer(d.Grace)
		select {
		case <-t.C:
		case err := <-errc:
			t.Stop()
			return fmt.Errorf("serve: %w", err)
		}
	}
	// Only now: SetKeepAlivesEnabled(false) closes idle connections at once,
	// which at the start of the grace period would drop requests that clients
	// had just written on them.
	srv.SetKeepAlivesEnabled(false)
	shut, cancel := context.WithTimeout(context.Background(), d.Timeout)
	defer cancel()
	err := srv.Shutdown(shut)
	if errors.Is(err, context.DeadlineExceeded) {
		n := s.inflight.Load()
		_ = srv.Close()
		logger.Error("shutdown cut short", "timeout", d.Timeout.String(), "interrupted", n)
		return nil
	}
	if err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// track counts requests in flight and, while draining, asks for each
// connection to be closed after its answer.
func (s *Server) track(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inflight.Add(1)
		defer s.inflight.Add(-1)
		if s.draining.Load() {
			w.Header().Set("Connection", "close")
		}
		next.ServeHTTP(w, r)
	})
}

// Draining reports that Run has begun to drain.
func (s *Server) Draining() bool { return s.draining.Load() }
