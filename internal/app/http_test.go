package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/testkit"
)

// answer is one raw HTTP answer.
type answer struct {
	Status int
	Header http.Header
	Raw    []byte
	Body   map[string]any
}

// send serves one request with the given headers; body is sent as is.
// contentLength -1 sends the body without a length (as a chunked upload does).
func send(t *testing.T, h http.Handler, method, path string, hdr map[string]string, body string, contentLength int64) *answer {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if contentLength != 0 {
		req.ContentLength = contentLength
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	a := &answer{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.Bytes()}
	if len(a.Raw) > 0 {
		if err := json.Unmarshal(a.Raw, &a.Body); err != nil {
			t.Fatalf("%s %s: answer is not a JSON object (status %d): %q", method, path, a.Status, a.Raw)
		}
	}
	return a
}

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

// wantJSONError checks an error answer in the envelope, with a JSON content type.
func wantJSONError(t *testing.T, what string, a *answer, status int) {
	t.Helper()
	if a.Status != status {
		t.Fatalf("%s: status %d, want %d: %s", what, a.Status, status, a.Raw)
	}
	if a.Body["success"] != false || a.Body["message"] == "" || a.Body["message"] == nil {
		t.Fatalf("%s: not an error envelope: %s", what, a.Raw)
	}
	if ct := a.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("%s: content type %q", what, ct)
	}
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// server builds a second server over the test database with its own options.
func server(t *testing.T, o app.Options) http.Handler {
	t.Helper()
	o.JWTSecret, o.SuperAdminKey, o.BcryptCost, o.Logger = testkit.Secret, testkit.SuperAdminKey, bcrypt.MinCost, quiet()
	o.AllowSuperAdminSignup = true // like testkit's server
	s, err := app.New(testkit.DB(t), o)
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler
}

func TestTrailingSlashes(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	r := send(t, h, "POST", "/api/v1/departments/", bearer(co.Token), `{"department_name":"Slashed"}`, 0)
	if r.Status != 201 {
		t.Fatalf("POST with a slash: %d %s", r.Status, r.Raw)
	}
	id := r.Body["data"].(map[string]any)["id"].(string)
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/api/v1/departments/", ""},
		{"GET", "/api/v1/departments", ""},
		{"GET", "/api/v1/departments/" + id + "/", ""},
		{"PUT", "/api/v1/departments/" + id + "/", `{"description":"x"}`},
		{"GET", "/api/v1/departments//", ""},
		{"GET", "/api/v1/auth/me/", ""},
	} {
		if a := send(t, h, c.method, c.path, bearer(co.Token), c.body, 0); a.Status != 200 {
			t.Errorf("%s %s: %d %s", c.method, c.path, a.Status, a.Raw)
		}
	}
	u := "sl" + testkit.Unique()
	e.Must(201, "POST", "/api/v1/employees/", co.Token, map[string]any{"username": u, "email": u + "@example.com", "password": testkit.Password})
	if a := send(t, h, "POST", "/api/v1/auth/login/", nil, `{"login":"`+u+`","password":"`+testkit.Password+`"}`, 0); a.Status != 200 {
		t.Errorf("login with a slash: %d %s", a.Status, a.Raw)
	}
	if a := send(t, h, "DELETE", "/api/v1/departments/"+id+"/", bearer(co.Token), "", 0); a.Status != 200 {
		t.Errorf("DELETE with a slash: %d %s", a.Status, a.Raw)
	}
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	for _, method := range []string{"GET", "POST", "PUT", "DELETE", "PATCH"} {
		for _, path := range []string{"/nope", "/api/v1/nope", "/api/v1/nope/", "/api/v2/departments", "/api/v1/departments/a/b", "/api/v1/auth/login/extra"} {
			for _, hdr := range []map[string]string{nil, bearer(co.Token)} {
				a := send(t, h, method, path, hdr, `{}`, 0)
				wantJSONError(t, method+" "+path, a, 404)
				if a.Body["message"] != "Route not found" {
					t.Errorf("%s %s: message %v", method, path, a.Body["message"])
				}
				if a.Header.Get("Access-Control-Allow-Origin") != "*" {
					t.Errorf("%s %s: no CORS header on 404", method, path)
				}
			}
		}
	}
	// Paths that are not canonical are not found, never redirected with an HTML body.
	for _, path := range []string{"//api/v1/departments", "/api/v1//departments", "/api/v1/./departments", "/api/v1/departments/../roles", "/api/v1/x/../departments/"} {
		for _, method := range []string{"GET", "POST"} {
			a := send(t, h, method, path, bearer(co.Token), `{"department_name":"Dotted"}`, 0)
			wantJSONError(t, method+" "+path, a, 404)
			if a.Header.Get("Location") != "" {
				t.Errorf("%s %s: redirected to %s", method, path, a.Header.Get("Location"))
			}
		}
	}
	for _, c := range []struct{ method, path string }{
		{"PATCH", "/api/v1/departments"}, {"DELETE", "/api/v1/departments"}, {"PUT", "/api/v1/departments/"},
		{"POST", "/api/v1/departments/AAAAAAAAAAAAAAAAAAAAAAA"}, {"PATCH", "/api/v1/departments/AAAAAAAAAAAAAAAAAAAAAAA"},
		{"POST", "/api/v1/auth"}, {"POST", "/api/v1/users"}, {"POST", "/api/v1/activities"}, {"PUT", "/api/v1/activities/AAAAAAAAAAAAAAAAAAAAAAA"},
		{"POST", "/api/v1/openapi.json"}, {"POST", "/healthz"}, {"DELETE", "/"},
	} {
		a := send(t, h, c.method, c.path, bearer(co.Token), `{}`, 0)
		wantJSONError(t, c.method+" "+c.path, a, 405)
		if a.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s %s: no CORS header on 405", c.method, c.path)
		}
	}
}

func TestCORS(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	t.Run("preflight on any path answers 204 with the original's headers", func(t *testing.T) {
		for _, path := range []string{"/api/v1/auth/login", "/api/v1/employees/", "/api/v1/leads/", "/api/v1/departments/AAAAAAAAAAAAAAAAAAAAAAA", "/nope"} {
			a := send(t, h, "OPTIONS", path, map[string]string{"Origin": "http://127.0.0.1:3000", "Access-Control-Request-Method": "PUT",
				"Access-Control-Request-Headers": "authorization,content-type,x-custom"}, "", 0)
			if a.Status != 204 || len(a.Raw) != 0 {
				t.Fatalf("%s: %d %q", path, a.Status, a.Raw)
			}
			hd := a.Header
			if hd.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s: allow-origin %q", path, hd.Get("Access-Control-Allow-Origin"))
			}
			methods := hd.Get("Access-Control-Allow-Methods")
			for _, m := range []string{"GET", "POST", "PUT", "DELETE"} {
				if !strings.Contains(methods, m) {
					t.Errorf("%s: allow-methods %q lacks %s", path, methods, m)
				}
			}
			if hd.Get("Access-Control-Allow-Headers") != "authorization,content-type,x-custom" {
				t.Errorf("%s: allow-headers %q", path, hd.Get("Access-Control-Allow-Headers"))
			}
		}
		// Without requested headers the ones the client needs are allowed.
		a := send(t, h, "OPTIONS", "/api/v1/departments", map[string]string{"Origin": "http://x.test", "Access-Control-Request-Method": "POST"}, "", 0)
		if ah := strings.ToLower(a.Header.Get("Access-Control-Allow-Headers")); !strings.Contains(ah, "authorization") || !strings.Contains(ah, "content-type") {
			t.Errorf("allow-headers %q", ah)
		}
	})
	t.Run("answers carry the header, errors too", func(t *testing.T) {
		for _, c := range []struct {
			method, path string
			hdr          map[string]string
			body         string
			status       int
		}{
			{"GET", "/api/v1/departments", bearer(co.Token), "", 200},
			{"GET", "/api/v1/departments", nil, "", 401},
			{"GET", "/api/v1/clients", bearer(co.Token), "", 403},
			{"GET", "/api/v1/departments/AAAAAAAAAAAAAAAAAAAAAAA", bearer(co.Token), "", 404},
			{"POST", "/api/v1/departments", bearer(co.Token), `{`, 400},
			{"POST", "/api/v1/departments", bearer(co.Token), `{}`, 422},
			{"POST", "/api/v1/auth/login", nil, `{"login":"nobody` + testkit.Unique() + `","password":"x"}`, 401},
			{"GET", "/", nil, "", 200},
		} {
			a := send(t, h, c.method, c.path, c.hdr, c.body, 0)
			if a.Status != c.status {
				t.Fatalf("%s %s: %d, want %d: %s", c.method, c.path, a.Status, c.status, a.Raw)
			}
			if a.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s %s (%d): allow-origin %q", c.method, c.path, c.status, a.Header.Get("Access-Control-Allow-Origin"))
			}
		}
	})
	t.Run("with an allow-list, a listed origin is echoed and others get no header", func(t *testing.T) {
		h := server(t, app.Options{AllowedOrigins: []string{"https://app.example.com", "http://localhost:3000/"}})
		for _, method := range []string{"OPTIONS", "GET"} {
			for origin, want := range map[string]string{
				"https://app.example.com":           "https://app.example.com",
				"http://localhost:3000":             "http://localhost:3000",
				"https://evil.example.com":          "",
				"https://app.example.com.evil.test": "",
				"":                                  "",
			} {
				hdr := map[string]string{"Access-Control-Request-Method": "GET"}
				if origin != "" {
					hdr["Origin"] = origin
				}
				a := send(t, h, method, "/api/v1/departments", hdr, "", 0)
				if got := a.Header.Get("Access-Control-Allow-Origin"); got != want {
					t.Errorf("%s from %q: allow-origin %q, want %q", method, origin, got, want)
				}
				if want != "" && !strings.Contains(strings.Join(a.Header.Values("Vary"), ","), "Origin") {
					t.Errorf("%s from %q: no Vary: Origin", method, origin)
				}
			}
		}
	})
}

func TestBodyLimit(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := server(t, app.Options{MaxBodyBytes: 1024})
	big := `{"department_name":"Big","description":"` + strings.Repeat("x", 2000) + `"}`
	for _, c := range []struct {
		name, method, path string
		hdr                map[string]string
	}{
		{"create", "POST", "/api/v1/departments", bearer(co.Token)},
		{"login", "POST", "/api/v1/auth/login", nil},
		{"super-admin", "POST", "/api/v1/super-admin", nil},
		{"signup", "POST", "/api/v1/auth/signup", bearer(co.Token)},
	} {
		for _, length := range []int64{0, -1} {
			a := send(t, h, c.method, c.path, c.hdr, big, length)
			wantJSONError(t, c.name, a, 413)
			if a.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s: no CORS header on 413", c.name)
			}
		}
	}
	dept := send(t, h, "POST", "/api/v1/departments", bearer(co.Token), `{"department_name":"Small"}`, 0)
	if dept.Status != 201 {
		t.Fatalf("small body: %d %s", dept.Status, dept.Raw)
	}
	id := dept.Body["data"].(map[string]any)["id"].(string)
	wantJSONError(t, "update", send(t, h, "PUT", "/api/v1/departments/"+id, bearer(co.Token), big, -1), 413)
	e.Must(200, "GET", "/api/v1/departments/"+id, co.Token, nil)
	if got := e.Must(200, "GET", "/api/v1/departments/"+id, co.Token, nil).Data()["description"]; got != nil {
		t.Fatalf("oversized update was applied: %v", got)
	}
	for _, r := range e.Must(200, "GET", "/api/v1/departments", co.Token, nil).List() {
		if r["department_name"] == "Big" {
			t.Fatal("oversized create was stored")
		}
	}
}

func TestHealth(t *testing.T) {
	e := testkit.New(t)
	h := e.Server.Handler
	a := send(t, h, "GET", "/", nil, "", 0)
	if a.Status != 200 || string(a.Raw) != `{"success":true,"message":"Server is running successfully","data":null}` {
		t.Fatalf("GET /: %d %s", a.Status, a.Raw)
	}
	if ct := a.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q", ct)
	}
	for _, p := range []string{"/healthz", "/readyz"} {
		if a := send(t, h, "GET", p, nil, "", 0); a.Status != 200 || a.Body["success"] != true {
			t.Fatalf("%s: %d %s", p, a.Status, a.Raw)
		}
	}
}

func TestRequestID(t *testing.T) {
	h := testkit.New(t).Server.Handler
	a := send(t, h, "GET", "/healthz", nil, "", 0)
	b := send(t, h, "GET", "/healthz", nil, "", 0)
	if id := a.Header.Get("X-Request-Id"); id == "" || id == b.Header.Get("X-Request-Id") {
		t.Fatalf("request ids %q and %q", id, b.Header.Get("X-Request-Id"))
	}
	if got := send(t, h, "GET", "/nope", map[string]string{"X-Request-Id": "abc-123"}, "", 0).Header.Get("X-Request-Id"); got != "abc-123" {
		t.Fatalf("request id not kept: %q", got)
	}
	if got := send(t, h, "GET", "/", map[string]string{"X-Request-Id": strings.Repeat("a", 65)}, "", 0).Header.Get("X-Request-Id"); len(got) > 64 {
		t.Fatalf("over-long request id kept")
	}
}

func TestMalformedBodiesAreJSONErrors(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	h := e.Server.Handler
	for _, body := range []string{`{`, `{"department_name":}`, `[]`, `"text"`, `null`, `12`, "\x00\x01", `{"a":1}{"b":2}`} {
		a := send(t, h, "POST", "/api/v1/departments", bearer(co.Token), body, 0)
		wantJSONError(t, "body "+body, a, 400)
		if strings.Contains(string(a.Raw), "<") || strings.Contains(string(a.Raw), "goroutine") {
			t.Fatalf("leaks internals: %s", a.Raw)
		}
	}
}

func TestOpenAPIDocument(t *testing.T) {
	e := testkit.New(t)
	a := send(t, e.Server.Handler, "GET", "/api/v1/openapi.json", nil, "", 0)
	if a.Status != 200 {
		t.Fatalf("status %d", a.Status)
	}
	if !json.Valid(a.Raw) || !bytes.Equal(a.Raw, e.Server.OpenAPIDocument()) {
		t.Fatal("served document is not the server's valid JSON document")
	}
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
		Info    map[string]any                        `json:"info"`
	}
	if err := json.Unmarshal(a.Raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" || doc.Info["title"] == nil {
		t.Fatalf("openapi %q, info %v", doc.OpenAPI, doc.Info)
	}
	opIDs := map[string]string{}
	check := func(path, method string) {
		t.Helper()
		op, ok := doc.Paths[path][method]
		if !ok {
			t.Errorf("no %s %s in the document", strings.ToUpper(method), path)
			return
		}
		var o struct {
			OperationID string         `json:"operationId"`
			Responses   map[string]any `json:"responses"`
		}
		if err := json.Unmarshal(op, &o); err != nil || o.OperationID == "" || len(o.Responses) == 0 {
			t.Errorf("%s %s: operation %s", method, path, op)
			return
		}
		if prev, dup := opIDs[o.OperationID]; dup {
			t.Errorf("operationId %s used by %s and %s %s", o.OperationID, prev, method, path)
		}
		opIDs[o.OperationID] = method + " " + path
	}
	handWritten := map[string]bool{}
	for _, op := range app.Operations() {
		handWritten[strings.ToLower(op.Method)+" "+op.Path] = true
	}
	for _, r := range app.Resources() {
		m := r.Describe()
		if m.Ops&crud.OpList != 0 {
			check(m.Path, "get")
		}
		if m.Ops&crud.OpCreate != 0 && m.Parent != nil {
			check(m.Path+"/{id}", "post") // under a parent
			if _, has := doc.Paths[m.Path]["post"]; has {
				t.Errorf("post %s documented, but parent-scoped rows are created under /{id}", m.Path)
			}
		} else if m.Ops&crud.OpCreate != 0 {
			check(m.Path, "post")
		}
		if m.Ops&crud.OpGet != 0 {
			check(m.Path+"/{id}", "get")
		}
		if m.Ops&crud.OpUpdate != 0 {
			check(m.Path+"/{id}", "put")
		}
		if m.Ops&crud.OpDelete != 0 {
			check(m.Path+"/{id}", "delete")
		}
		// And nothing that is not mounted.
		for verb, op := range map[string]crud.Op{"post": crud.OpCreate, "get": crud.OpList} {
			if m.Ops&op == 0 {
				if _, has := doc.Paths[m.Path][verb]; has && !handWritten[verb+" "+m.Path] {
					t.Errorf("%s %s documented but not mounted", verb, m.Path)
				}
			}
		}
	}
	for _, op := range app.Operations() {
		check(op.Path, strings.ToLower(op.Method))
	}
	// Every documented operation answers something other than 404/405 on the server.
	co := e.NewCompany()
	var missing []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if path == "/stream" && method == "get" {
				continue // an endless event stream, tested in internal/platform/stream
			}
			p := strings.ReplaceAll(path, "{id}", "AAAAAAAAAAAAAAAAAAAAAAA")
			r := send(t, e.Server.Handler, strings.ToUpper(method), "/api/v1"+p, bearer(co.Token), `{}`, 0)
			if r.Status == 405 || r.Status == 404 && r.Body["message"] == "Route not found" {
				missing = append(missing, strings.ToUpper(method)+" "+path)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("documented but not served: %v", missing)
	}
}
