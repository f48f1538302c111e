package httpapi_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/httpapi"
)

func decode(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &m); err != nil {
		t.Fatalf("answer is not JSON (status %d): %q", rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q", ct)
	}
	return m
}

func TestWriteError(t *testing.T) {
	var logs bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	defer slog.SetDefault(old)
	for _, tc := range []struct {
		err     error
		status  int
		message string
	}{
		{httpapi.BadRequest("bad"), 400, "bad"},
		{httpapi.Unauthorized("who"), 401, "who"},
		{httpapi.Forbidden("no"), 403, "no"},
		{httpapi.NotFound("gone"), 404, "gone"},
		{httpapi.Conflict("twice"), 409, "twice"},
		{httpapi.Invalid("name", `"name" is required`), 422, `"name" is required`},
		{httpapi.Errorf(418, "tea %d", 1), 418, "tea 1"},
		{fmt.Errorf("wrapped: %w", httpapi.NotFound("deep")), 404, "deep"},
		{&http.MaxBytesError{Limit: 10}, 413, "Request body too large"},
		{errors.New(`pq: relation "secret_table" does not exist`), 500, "Internal server error"},
	} {
		rec := httptest.NewRecorder()
		httpapi.WriteError(rec, httptest.NewRequest("GET", "/x", nil), tc.err)
		body := decode(t, rec)
		if rec.Code != tc.status || body["success"] != false || body["message"] != tc.message {
			t.Errorf("%v: %d %v", tc.err, rec.Code, body)
		}
		if _, has := body["data"]; has {
			t.Errorf("%v: error answer has data", tc.err)
		}
		if strings.Contains(rec.Body.String(), "secret_table") {
			t.Errorf("internal error leaked: %s", rec.Body)
		}
	}
	if !strings.Contains(logs.String(), "secret_table") {
		t.Error("internal error was not logged")
	}
	rec := httptest.NewRecorder()
	var fe httpapi.FieldErrors
	if fe.Err() != nil {
		t.Fatal("empty FieldErrors is an error")
	}
	fe.Add("a", "first")
	fe.Add("b", "second")
	httpapi.WriteError(rec, httptest.NewRequest("GET", "/x", nil), fe.Err())
	body := decode(t, rec)
	errs, _ := body["errors"].([]any)
	if rec.Code != 422 || body["message"] != "first" || len(errs) != 2 || errs[1].(map[string]any)["field"] != "b" {
		t.Fatalf("field errors: %d %s", rec.Code, rec.Body)
	}
}

func TestOK(t *testing.T) {
	rec := httptest.NewRecorder()
	httpapi.OK(rec, 201, "made", nil)
	if rec.Code != 201 || rec.Body.String() != `{"success":true,"message":"made","data":null}` {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	httpapi.WriteJSON(rec, 200, httpapi.Envelope{Success: true, Message: "m", Data: []int{}, Pagination: &httpapi.Pagination{Page: 1, Limit: 2, Total: 3, Pages: 2}})
	if rec.Body.String() != `{"success":true,"message":"m","data":[],"pagination":{"page":1,"limit":2,"total":3,"pages":2}}` {
		t.Fatalf("%s", rec.Body)
	}
	rec = httptest.NewRecorder()
	httpapi.WriteJSON(rec, 200, map[string]any{"f": func() {}})
	if rec.Code != 500 || decode(t, rec)["success"] != false {
		t.Fatalf("unencodable value: %d %s", rec.Code, rec.Body)
	}
}

func TestReadObject(t *testing.T) {
	for _, tc := range []struct {
		body   string
		status int
		keys   int
	}{
		{"", 0, 0}, {"   \n", 0, 0}, {"{}", 0, 0}, {`{"a":1,"b":[2]}`, 0, 2},
		{"{", 400, 0}, {"[1]", 400, 0}, {"null", 400, 0}, {`"x"`, 400, 0}, {"12", 400, 0}, {`{"a":1}{"b":2}`, 400, 0}, {`{"a":1} x`, 400, 0},
	} {
		m, err := httpapi.ReadObject(httptest.NewRequest("POST", "/", strings.NewReader(tc.body)))
		var e *httpapi.Error
		switch {
		case tc.status == 0 && (err != nil || len(m) != tc.keys):
			t.Errorf("%q: %v %v", tc.body, m, err)
		case tc.status != 0 && (!errors.As(err, &e) || e.Status != tc.status):
			t.Errorf("%q: %v, want %d", tc.body, err, tc.status)
		}
	}
	req := httptest.NewRequest("POST", "/", strings.NewReader(`{"a":"`+strings.Repeat("x", 100)+`"}`))
	req.Body = http.MaxBytesReader(httptest.NewRecorder(), req.Body, 10)
	_, err := httpapi.ReadObject(req)
	var e *httpapi.Error
	if !errors.As(err, &e) || e.Status != 413 {
		t.Fatalf("over the limit: %v", err)
	}
}

func TestDecode(t *testing.T) {
	var in struct {
		Name  string `json:"name"`
		Count int    `json:"count"`
	}
	if err := httpapi.Decode(httptest.NewRequest("POST", "/", strings.NewReader(`{"name":"x","count":2,"extra":true}`)), &in); err != nil || in.Name != "x" || in.Count != 2 {
		t.Fatalf("%+v %v", in, err)
	}
	err := httpapi.Decode(httptest.NewRequest("POST", "/", strings.NewReader(`{"count":"two"}`)), &in)
	var e *httpapi.Error
	if !errors.As(err, &e) || e.Status != 422 || len(e.Fields) != 1 || e.Fields[0].Field != "count" {
		t.Fatalf("wrong type: %v", err)
	}
	if err := httpapi.Decode(httptest.NewRequest("POST", "/", strings.NewReader(`{`)), &in); !errors.As(err, &e) || e.Status != 400 {
		t.Fatalf("malformed: %v", err)
	}
}

func wrap(h http.Handler, o httpapi.Options) http.Handler {
	o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	return httpapi.Wrap(h, o)
}

func TestPanicsAreRecovered(t *testing.T) {
	rt := httpapi.NewRouter()
	rt.HandleFunc("GET /boom", func(w http.ResponseWriter, r *http.Request) { panic("secret panic text") })
	rt.HandleFunc("GET /late", func(w http.ResponseWriter, r *http.Request) {
		httpapi.OK(w, 200, "partial", nil)
		panic("after writing")
	})
	h := wrap(rt, httpapi.Options{})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	body := decode(t, rec)
	if rec.Code != 500 || body["message"] != "Internal server error" || strings.Contains(rec.Body.String(), "secret") || strings.Contains(rec.Body.String(), "goroutine") {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Fatal("500 without CORS header")
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/late", nil))
	if rec.Code != 200 || rec.Body.String() != `{"success":true,"message":"partial","data":null}` {
		t.Fatalf("a panic after the answer was written added to it: %d %s", rec.Code, rec.Body)
	}
}

func TestRouter(t *testing.T) {
	rt := httpapi.NewRouter()
	rt.HandleFunc("GET /api/v1/things", func(w http.ResponseWriter, r *http.Request) { httpapi.OK(w, 200, "list", nil) })
	rt.HandleFunc("GET /api/v1/things/{id}", func(w http.ResponseWriter, r *http.Request) { httpapi.OK(w, 200, r.PathValue("id"), nil) })
	rt.HandleFunc("POST /api/v1/things", func(w http.ResponseWriter, r *http.Request) { httpapi.OK(w, 201, "made", nil) })
	h := wrap(rt, httpapi.Options{MaxBodyBytes: 64})
	for _, tc := range []struct {
		method, path string
		status       int
		message      string
	}{
		{"GET", "/api/v1/things", 200, "list"},
		{"GET", "/api/v1/things/", 200, "list"},
		{"GET", "/api/v1/things///", 200, "list"},
		{"GET", "/api/v1/things/abc", 200, "abc"},
		{"GET", "/api/v1/things/abc/", 200, "abc"},
		{"POST", "/api/v1/things/", 201, "made"},
		{"DELETE", "/api/v1/things", 405, "Method not allowed"},
		{"PUT", "/api/v1/things/abc", 405, "Method not allowed"},
		{"GET", "/api/v1/other", 404, "Route not found"},
		{"DELETE", "/api/v1/other", 404, "Route not found"},
		{"GET", "/", 404, "Route not found"},
		{"GET", "/api/v1//things", 404, "Route not found"},
		{"GET", "/api/v1/x/../things", 404, "Route not found"},
		{"GET", "/api/v1/./things/abc", 404, "Route not found"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		if body := decode(t, rec); rec.Code != tc.status || body["message"] != tc.message {
			t.Errorf("%s %s: %d %v", tc.method, tc.path, rec.Code, body)
		}
	}
	// Body limit, announced and unannounced.
	for _, cl := range []int64{0, -1} {
		req := httptest.NewRequest("POST", "/api/v1/things", strings.NewReader(strings.Repeat("x", 100)))
		if cl != 0 {
			req.ContentLength = cl
		}
		rec := httptest.NewRecorder()
		rt2 := httpapi.NewRouter()
		rt2.HandleFunc("POST /api/v1/things", func(w http.ResponseWriter, r *http.Request) {
			if _, err := httpapi.ReadObject(r); err != nil {
				httpapi.WriteError(w, r, err)
				return
			}
			httpapi.OK(w, 201, "made", nil)
		})
		wrap(rt2, httpapi.Options{MaxBodyBytes: 64}).ServeHTTP(rec, req)
		if decode(t, rec); rec.Code != 413 {
			t.Errorf("content length %d: %d %s", cl, rec.Code, rec.Body)
		}
	}
}

func TestCORSHeaders(t *testing.T) {
	rt := httpapi.NewRouter()
	rt.HandleFunc("GET /x", func(w http.ResponseWriter, r *http.Request) { httpapi.OK(w, 200, "x", nil) })
	open := wrap(rt, httpapi.Options{})
	star := wrap(rt, httpapi.Options{AllowedOrigins: []string{"*"}})
	listed := wrap(rt, httpapi.Options{AllowedOrigins: []string{"https://a.example.com/"}})
	for _, tc := range []struct {
		name   string
		h      http.Handler
		origin string
		want   string
	}{
		{"open", open, "https://any.example.com", "*"},
		{"star", star, "https://any.example.com", "*"},
		{"listed", listed, "https://a.example.com", "https://a.example.com"},
		{"unlisted", listed, "https://b.example.com", ""},
		{"no origin", listed, "", ""},
	} {
		for _, method := range []string{"GET", "OPTIONS"} {
			req := httptest.NewRequest(method, "/x", nil)
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			req.Header.Set("Access-Control-Request-Headers", "authorization")
			rec := httptest.NewRecorder()
			tc.h.ServeHTTP(rec, req)
			if got := rec.Header().Get("Access-Control-Allow-Origin"); got != tc.want {
				t.Errorf("%s %s: allow-origin %q, want %q", tc.name, method, got, tc.want)
			}
			if method == "OPTIONS" && (rec.Code != 204 || rec.Body.Len() != 0 || rec.Header().Get("Access-Control-Allow-Headers") != "authorization" ||
				!strings.Contains(rec.Header().Get("Access-Control-Allow-Methods"), "DELETE")) {
				t.Errorf("%s preflight: %d %v", tc.name, rec.Code, rec.Header())
			}
			if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("%s %s: no nosniff", tc.name, method)
			}
			expose := rec.Header().Get("Access-Control-Expose-Headers")
			if tc.want != "" && (!strings.Contains(expose, "Retry-After") || !strings.Contains(expose, "Idempotency-Replayed")) {
				t.Errorf("%s %s: expose-headers %q lacks Retry-After or Idempotency-Replayed", tc.name, method, expose)
			}
			if tc.want == "" && expose != "" {
				t.Errorf("%s %s: expose-headers %q for a refused origin", tc.name, method, expose)
			}
		}
	}
}

func TestBodyLimitsPerPath(t *testing.T) {
	rt := httpapi.NewRouter()
	read := func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			httpapi.WriteError(w, r, err)
			return
		}
		httpapi.OK(w, 201, strconv.Itoa(len(b)), nil)
	}
	rt.HandleFunc("POST /api/v1/files", read)
	rt.HandleFunc("POST /api/v1/things", read)
	h := wrap(rt, httpapi.Options{MaxBodyBytes: 64, BodyLimits: map[string]int64{"/api/v1/files": 1000}})
	for _, tc := range []struct {
		path   string
		size   int
		status int
	}{
		{"/api/v1/files", 1000, 201}, {"/api/v1/files", 1001, 413}, {"/api/v1/things", 64, 201}, {"/api/v1/things", 65, 413},
	} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", tc.path, strings.NewReader(strings.Repeat("x", tc.size)))
		req.ContentLength = -1 // unannounced: the limit applies while reading
		h.ServeHTTP(rec, req)
		if rec.Code != tc.status {
			t.Errorf("%s with %d bytes: %d %s", tc.path, tc.size, rec.Code, rec.Body)
		}
	}
}
