package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
)

// Deadline gives every request a deadline of d through its context, so that
// database calls made with that context give up, and free their connection,
// when it passes; WriteError then answers 503 with a Retry-After. A handler
// that returns at the deadline without answering gets that 503 too; a
// response already started is never rewritten. Requests to the paths in skip
// (health checks) get no deadline, nor does any request when d is zero; a
// path in skip that ends with "/" skips every path under it (downloads).
func Deadline(next http.Handler, d time.Duration, skip ...string) http.Handler {
	if d <= 0 {
		return next
	}
	skipped := make(map[string]bool, len(skip))
	var prefixes []string
	for _, p := range skip {
		skipped[p] = true
		if strings.HasSuffix(p, "/") {
			prefixes = append(prefixes, p)
		}
	}
	underSkipped := func(path string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(path, p) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if skipped[r.URL.Path] || underSkipped(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		r = r.WithContext(ctx)
		dw := &deadlineWriter{ResponseWriter: w}
		next.ServeHTTP(dw, r)
		if !dw.started && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			WriteError(dw, r, ctx.Err())
		}
	})
}

// deadlineWriter records whether the response has started.
type deadlineWriter struct {
	http.ResponseWriter
	started bool
}

func (w *deadlineWriter) WriteHeader(code int) {
	if code >= 200 { // 1xx answers are informational, the response is still to come
		w.started = true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *deadlineWriter) Write(b []byte) (int, error) {
	w.started = true
	return w.ResponseWriter.Write(b)
}

// ResponseStarted reports that a status or body was written (see WriteError).
func (w *deadlineWriter) ResponseStarted() bool { return w.started }

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *deadlineWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
