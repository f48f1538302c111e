package files_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"testing"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/files"
	"github.com/crmhrm/crm/internal/platform/blob"
	"github.com/crmhrm/crm/internal/testkit"
	"golang.org/x/crypto/bcrypt"
)

func TestMain(m *testing.M) { testkit.Main(m) }

// part is one multipart part of an upload.
type part struct {
	field, name, contentType string
	body                     []byte
}

func multipartBody(t testing.TB, parts ...part) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		field := p.field
		if field == "" {
			field = "file"
		}
		h.Set("Content-Disposition", `form-data; name="`+field+`"; filename="`+p.name+`"`)
		ct := p.contentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
		w, err := mw.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(p.body)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.FormDataContentType()
}

// server is an HTTP handler with its own file settings, over the package's
// test database (tokens of testkit companies are valid on it).
type server struct {
	h     http.Handler
	files *files.Service
}

func newServer(t testing.TB, o files.Options) *server {
	t.Helper()
	e := testkit.New(t)
	if o.Store == nil {
		st, err := blob.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		o.Store = st
	}
	o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := app.New(e.DB, app.Options{JWTSecret: testkit.Secret, SuperAdminKey: testkit.SuperAdminKey, AllowSuperAdminSignup: true,
		MaxBodyBytes: 1 << 20, ListCap: 5000, BcryptCost: bcrypt.MinCost, Logger: o.Logger, Files: o})
	if err != nil {
		t.Fatal(err)
	}
	return &server{h: s.Handler, files: s.Files}
}

func shared(t testing.TB) *server {
	e := testkit.Warm(t)
	return &server{h: e.Server.Handler, files: e.Server.Files}
}

type answer struct {
	Status int
	Header http.Header
	Raw    []byte
	Body   map[string]any
}

func (a *answer) list() []map[string]any {
	arr, _ := a.Body["data"].([]any)
	var out []map[string]any
	for _, v := range arr {
		m, _ := v.(map[string]any)
		out = append(out, m)
	}
	return out
}

func (a *answer) data() map[string]any { m, _ := a.Body["data"].(map[string]any); return m }

func (s *server) do(t testing.TB, req *http.Request, token string) *answer {
	t.Helper()
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	a := &answer{Status: rec.Code, Header: rec.Header(), Raw: rec.Body.Bytes()}
	if ct := rec.Header().Get("Content-Type"); len(a.Raw) > 0 && ct == "application/json; charset=utf-8" {
		if err := json.Unmarshal(a.Raw, &a.Body); err != nil {
			t.Fatalf("answer is not JSON: %q", a.Raw)
		}
	}
	return a
}

func (s *server) upload(t testing.TB, token string, parts ...part) *answer {
	t.Helper()
	body, ct := multipartBody(t, parts...)
	req := httptest.NewRequest("POST", "/api/v1/files", body)
	req.Header.Set("Content-Type", ct)
	return s.do(t, req, token)
}

// uploadOne uploads one file and returns its id, failing unless 201.
func (s *server) uploadOne(t testing.TB, token, name string, body []byte) string {
	t.Helper()
	a := s.upload(t, token, part{name: name, body: body})
	if a.Status != 201 || len(a.list()) != 1 {
		t.Fatalf("upload %s: %d %s", name, a.Status, a.Raw)
	}
	return a.list()[0]["id"].(string)
}

func (s *server) get(t testing.TB, token, path string, hdr map[string]string) *answer {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return s.do(t, req, token)
}

func (s *server) del(t testing.TB, token, path string) *answer {
	t.Helper()
	return s.do(t, httptest.NewRequest("DELETE", path, nil), token)
}

// storageUsed reads the company's live subscription counter and the sum of
// its files' sizes.
func storageUsed(t testing.TB, e *testkit.Env, company string) (counter, sum int64) {
	t.Helper()
	ctx := t.Context()
	if err := e.DB.Q(ctx).QueryRowContext(ctx, `SELECT current_storage_used FROM client_subscriptions WHERE company_id = ? AND status = 'active'`, company).Scan(&counter); err != nil {
		t.Fatal(err)
	}
	if err := e.DB.Q(ctx).QueryRowContext(ctx, `SELECT COALESCE(SUM(size), 0) FROM files WHERE company_id = ?`, company).Scan(&sum); err != nil {
		t.Fatal(err)
	}
	return counter, sum
}

func countFiles(t testing.TB, e *testkit.Env, company string) int {
	t.Helper()
	var n int
	if err := e.DB.Q(t.Context()).QueryRowContext(t.Context(), `SELECT COUNT(*) FROM files WHERE company_id = ?`, company).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
