package apidocs_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/apidocs"
	"github.com/crmhrm/crm/internal/testkit"
)

func get(t *testing.T, url string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestDocsRoutes checks what the server answers around the reference page:
// the page and its files, revalidation, unknown files, the links on GET /,
// and the Postman collection's base URL.
func TestDocsRoutes(t *testing.T) {
	e := testkit.New(t)
	srv := httptest.NewServer(e.Server.Handler)
	defer srv.Close()

	resp, body := get(t, srv.URL+"/api/docs/")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") ||
		resp.Header.Get("Content-Security-Policy") != apidocs.PageCSP || !strings.Contains(body, `src="/api/docs/redoc.standalone.js"`) {
		t.Fatalf("page: %d %v\n%s", resp.StatusCode, resp.Header, body)
	}
	resp, body = get(t, srv.URL+"/api/docs/redoc.standalone.js")
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || etag == "" || len(body) < 100000 {
		t.Fatalf("bundle: %d %v (%d bytes)", resp.StatusCode, resp.Header, len(body))
	}
	if resp, _ := get(t, srv.URL+"/api/docs/redoc.standalone.js", "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
		t.Fatalf("revalidation answered %d", resp.StatusCode)
	}
	if resp, body := get(t, srv.URL+"/api/docs/LICENSE"); resp.StatusCode != 200 || !strings.Contains(body, "MIT License") {
		t.Fatalf("licence: %d %q", resp.StatusCode, body)
	}
	resp, body = get(t, srv.URL+"/api/docs/secret.txt")
	if resp.StatusCode != 404 || !strings.Contains(body, `"success":false`) {
		t.Fatalf("unknown file: %d %s", resp.StatusCode, body)
	}

	resp, body = get(t, srv.URL+"/")
	if body != `{"success":true,"message":"Server is running successfully","data":null}` ||
		!strings.Contains(resp.Header.Get("Link"), `</api/docs>; rel="service-doc"`) ||
		!strings.Contains(resp.Header.Get("Link"), `</api/v1/openapi.json>; rel="service-desc"`) {
		t.Fatalf("GET /: %v %s", resp.Header, body)
	}

	resp, body = get(t, srv.URL+"/api/v1/postman.json")
	var c apidocs.Collection
	if err := json.Unmarshal([]byte(body), &c); err != nil || resp.StatusCode != 200 {
		t.Fatalf("postman.json: %d %v", resp.StatusCode, err)
	}
	if c.Variable[0].Key != "baseUrl" || c.Variable[0].Value != srv.URL+"/api/v1" {
		t.Fatalf("baseUrl %v, want %s/api/v1", c.Variable, srv.URL)
	}
	if !strings.Contains(resp.Header.Get("Content-Disposition"), "crm.postman_collection.json") {
		t.Fatalf("Content-Disposition %q", resp.Header.Get("Content-Disposition"))
	}
}

// TestErrorExampleIsWhatTheServerAnswers: the error envelope's example in the
// reference is the server's real answer to that mistake.
func TestErrorExampleIsWhatTheServerAnswers(t *testing.T) {
	e := testkit.New(t)
	co := e.NewCompany()
	r := e.Must(422, "POST", "/api/v1/departments", co.Token, map[string]any{})
	want, _ := json.Marshal(apidocs.ErrorExample)
	got, _ := json.Marshal(r.Body)
	if string(got) != string(want) {
		t.Fatalf("answer %s, example %s", got, want)
	}
}
