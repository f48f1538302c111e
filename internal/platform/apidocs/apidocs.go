// Package apidocs serves the interactive API reference (GET /api/docs) and
// generates the Postman collection, both from the service's live OpenAPI
// document.
//
// The reference is Redoc (the npm package redoc, see UIVersion): its
// standalone bundle is embedded in the binary as published, with its licences
// (ui/LICENSE, ui/redoc.standalone.js.LICENSE.txt). Nothing is loaded from
// elsewhere at run time.
package apidocs

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"sync"
	"time"

	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// UIVersion is the version of redoc whose bundle is ui/redoc.standalone.js.
const UIVersion = "2.5.2"

// Path is where the reference page is served; its files live under it.
const Path = "/api/docs"

// PageCSP is the Content-Security-Policy of the reference page: scripts,
// styles, images and API calls from this server only (no inline script, no
// other origin, no framing). Redoc writes its styles at run time, hence
// 'unsafe-inline' for styles alone; its search index runs in a worker it
// starts from a blob: URL; its icons are data: images.
const PageCSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

//go:embed ui
var embedded embed.FS

// asset is one served file.
type asset struct {
	body []byte
	etag string
	ct   string
}

// assets loads the served files at the first request for them, not at
// start: the page is rarely opened and Redoc is a megabyte.
var assets = sync.OnceValue(func() map[string]asset {
	out := map[string]asset{}
	ui, err := fs.Sub(embedded, "ui")
	if err != nil {
		panic(err)
	}
	types := map[string]string{".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
		".css": "text/css; charset=utf-8", ".txt": "text/plain; charset=utf-8", "": "text/plain; charset=utf-8"}
	err = fs.WalkDir(ui, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(ui, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[p] = asset{body: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`, ct: types[path.Ext(p)]}
		return nil
	})
	if err != nil {
		panic(err)
	}
	return out
})

// Mount serves the page at GET /api/docs and its files (Redoc, its
// start-up script and licences) under it.
func Mount(rt *httpapi.Router) {
	rt.HandleFunc("GET "+Path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", PageCSP)
		serve(w, r, "index.html")
	})
	rt.HandleFunc("GET "+Path+"/{file}", func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		if name == "index.html" {
			w.Header().Set("Content-Security-Policy", PageCSP)
		}
		serve(w, r, name)
	})
}

func serve(w http.ResponseWriter, r *http.Request, name string) {
	a, ok := assets()[name]
	if !ok {
		httpapi.WriteError(w, r, httpapi.NotFound("Route not found"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.ct)
	h.Set("ETag", a.etag)
	// Revalidate every time: the files change with the binary, and an
	// unchanged one costs a 304.
	h.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}
