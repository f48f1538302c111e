// Package httpapi holds the HTTP conventions every endpoint shares: the
// {success, message, data} envelope of the original service, the error type
// and its one mapping to status codes, JSON body reading, and the middleware
// chain (recover, request id, access log, CORS, body limit, trailing slashes).
package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Envelope is the body of every response.
type Envelope struct {
	Success    bool         `json:"success"`
	Message    string       `json:"message"`
	Data       any          `json:"data"`
	Pagination *Pagination  `json:"pagination,omitempty"`
	Errors     []FieldError `json:"errors,omitempty"`
}

// Pagination is reported beside data when a list is paged.
type Pagination struct {
	Page  int   `json:"page"` // omitted when zero (a page reached by cursor)
	Limit int   `json:"limit"`
	Total int64 `json:"total"`
	Pages int64 `json:"pages"`
	// Next is the cursor of the rows after this page; empty (and omitted)
	// on the last page.
	Next string `json:"next,omitempty"`
	// NoTotal omits total and pages: the count was skipped.
	NoTotal bool `json:"-"`
}

// MarshalJSON writes page (unless zero), limit, total and pages (unless
// NoTotal) and next (when set).
func (p Pagination) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	if p.Page != 0 {
		b = append(strconv.AppendInt(append(b, `"page":`...), int64(p.Page), 10), ',')
	}
	b = strconv.AppendInt(append(b, `"limit":`...), int64(p.Limit), 10)
	if !p.NoTotal {
		b = strconv.AppendInt(append(b, `,"total":`...), p.Total, 10)
		b = strconv.AppendInt(append(b, `,"pages":`...), p.Pages, 10)
	}
	if p.Next != "" {
		n, err := json.Marshal(p.Next)
		if err != nil {
			return nil, err
		}
		b = append(append(b, `,"next":`...), n...)
	}
	return append(b, '}'), nil
}

// FieldError names one invalid input field.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is an error with the HTTP status it should be answered with. Handlers
// return it; WriteError is the one place that turns errors into responses.
type Error struct {
	Status  int
	Message string
	Fields  []FieldError
	// RetryAfter, when positive, is sent as the Retry-After header (seconds).
	RetryAfter int
}

func (e *Error) Error() string { return e.Message }

// Errorf builds an Error with a formatted message.
func Errorf(status int, format string, args ...any) *Error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}

// BadRequest is a 400: the request itself is malformed.
func BadRequest(msg string) *Error { return &Error{Status: http.StatusBadRequest, Message: msg} }

// Unauthorized is a 401: no valid credentials.
func Unauthorized(msg string) *Error { return &Error{Status: http.StatusUnauthorized, Message: msg} }

// Forbidden is a 403: authenticated but not allowed.
func Forbidden(msg string) *Error { return &Error{Status: http.StatusForbidden, Message: msg} }

// NotFound is a 404.
func NotFound(msg string) *Error { return &Error{Status: http.StatusNotFound, Message: msg} }

// Conflict is a 409: the write collides with existing data.
func Conflict(msg string) *Error { return &Error{Status: http.StatusConflict, Message: msg} }

// Invalid is a 422 for one field.
func Invalid(field, msg string) *Error {
	return &Error{Status: http.StatusUnprocessableEntity, Message: msg, Fields: []FieldError{{Field: field, Message: msg}}}
}

// FieldErrors collects validation failures; Err returns nil when there are none.
type FieldErrors []FieldError

// Add records one failure.
func (f *FieldErrors) Add(field, msg string) { *f = append(*f, FieldError{Field: field, Message: msg}) }

// Err returns a 422 listing every failure, the first one as the message.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Status: http.StatusUnprocessableEntity, Message: f[0].Message, Fields: f}
}

// WriteJSON writes v with the given status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		slog.Error("encode response", "err", err)
		status = http.StatusInternalServerError
		b = []byte(`{"success":false,"message":"Internal server error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// OK writes a success envelope.
func OK(w http.ResponseWriter, status int, msg string, data any) {
	WriteJSON(w, status, Envelope{Success: true, Message: msg, Data: data})
}

// RetryAfterSeconds is the Retry-After of a 503 answered because the database
// was unreachable or the request ran out of time.
const RetryAfterSeconds = 5

// Messages of the 503 answers; they never carry a driver's text.
const (
	MsgUnavailable = "Service temporarily unavailable: the database cannot be reached, please retry shortly"
	MsgTimeout     = "Request timed out: the database did not answer in time, please retry shortly"
)

// WriteError answers err in the envelope. Errors that are not *Error are
// logged and answered with a bare 500, never with their text, except those
// that db.IsUnavailable recognises (an unreachable database, a deadline that
// passed): they answer 503 with a Retry-After. A response already started is
// left as it is.
func WriteError(w http.ResponseWriter, r *http.Request, err error) {
	if rs, ok := w.(interface{ ResponseStarted() bool }); ok && rs.ResponseStarted() {
		slog.Error("request failed after its response started", "method", r.Method, "path", r.URL.Path,
			"request_id", RequestID(r.Context()), "err", err)
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			e = &Error{Status: http.StatusRequestEntityTooLarge, Message: "Request body too large"}
		} else if db.IsUnavailable(err) {
			msg := MsgUnavailable
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(r.Context().Err(), context.DeadlineExceeded) {
				msg = MsgTimeout
			}
			if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
				slog.Info("request canceled by the client", "method", r.Method, "path", r.URL.Path, "request_id", RequestID(r.Context()))
			} else {
				slog.Warn("database unavailable", "method", r.Method, "path", r.URL.Path, "request_id", RequestID(r.Context()), "err", err)
			}
			w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds))
			e = &Error{Status: http.StatusServiceUnavailable, Message: msg}
		} else {
			slog.Error("request failed", "method", r.Method, "path", r.URL.Path, "request_id", RequestID(r.Context()), "err", err)
			e = &Error{Status: http.StatusInternalServerError, Message: "Internal server error"}
		}
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	WriteJSON(w, e.Status, struct {
		Success bool         `json:"success"`
		Message string       `json:"message"`
		Errors  []FieldError `json:"errors,omitempty"`
	}{false, e.Message, e.Fields})
}

// ReadObject reads a JSON object body into a map of raw values. An empty body
// is an empty object. Anything else that is not a JSON object is a 400.
func ReadObject(r *http.Request) (map[string]json.RawMessage, error) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &Error{Status: http.StatusRequestEntityTooLarge, Message: "Request body too large"}
		}
		return nil, BadRequest("Could not read request body")
	}
	if len(strings.TrimSpace(string(b))) == 0 {
		return map[string]json.RawMessage{}, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil || m == nil {
		if !json.Valid(b) {
			return nil, BadRequest("Malformed JSON body")
		}
		return nil, BadRequest("Request body must be a JSON object")
	}
	return m, nil
}

// Decode reads a JSON object body into v (unknown keys are ignored).
func Decode(r *http.Request, v any) error {
	m, err := ReadObject(r)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(m)
	if err := json.Unmarshal(b, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return Invalid(te.Field, fmt.Sprintf("\"%s\" has the wrong type", te.Field))
		}
		return BadRequest("Malformed JSON body")
	}
	return nil
}
