package sales

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/money"
)

// itemsObject mounts a parent-scoped priced resource whose create and update
// bodies may carry `items` as a JSON object keyed by item name, the
// original's quotation shape: the object is rewritten into the array of its
// values, in the order sent, before the resource's own handlers (which check
// the token first) read the body. With undefinedLists set, GET
// <path>/undefined answers the company's list, as GET <path> does: the web
// client calls that URL from pages whose route has no parent id.
type itemsObject struct {
	crud.Mountable
	undefinedLists bool
}

// Mount registers the resource's routes through a router of its own.
func (o *itemsObject) Mount(rt *httpapi.Router, d *crud.Deps) {
	inner := httpapi.NewRouter()
	o.Mountable.Mount(inner, d)
	m := o.Describe()
	base := "/api/v1" + m.Path
	rewrite := func(w http.ResponseWriter, r *http.Request) {
		itemsAsArray(r)
		inner.ServeHTTP(w, r)
	}
	for _, route := range []struct {
		op      crud.Op
		pattern string
		h       http.HandlerFunc
	}{
		{crud.OpList, "GET " + base, inner.ServeHTTP},
		{crud.OpCreate, "POST " + base + "/{id}", rewrite},
		{crud.OpGet, "GET " + base + "/{id}", inner.ServeHTTP},
		{crud.OpUpdate, "PUT " + base + "/{id}", rewrite},
		{crud.OpDelete, "DELETE " + base + "/{id}", inner.ServeHTTP},
	} {
		if m.Ops&route.op != 0 {
			rt.HandleFunc(route.pattern, route.h)
		}
	}
	if o.undefinedLists && m.Ops&crud.OpList != 0 {
		// More specific than {id}, so ServeMux prefers it whatever the order.
		rt.HandleFunc("GET "+base+"/undefined", func(w http.ResponseWriter, r *http.Request) {
			list := r.Clone(r.Context())
			list.URL.Path, list.URL.RawPath = base, ""
			inner.ServeHTTP(w, list)
		})
	}
}

// Document adds GET <path>/undefined to the OpenAPI document doc, described
// as the list it answers.
func (o *itemsObject) Document(doc map[string]any) {
	if !o.undefinedLists {
		return
	}
	paths, _ := doc["paths"].(map[string]any)
	m := o.Describe()
	if paths == nil {
		return
	}
	var list map[string]any
	switch p := paths[m.Path].(type) {
	case map[string]any:
		list, _ = p["get"].(map[string]any)
	case map[string]map[string]any:
		list = p["get"]
	}
	if list == nil {
		return
	}
	op := map[string]any{}
	for k, v := range list {
		op[k] = v
	}
	op["operationId"] = "list-" + m.Table + "-undefined"
	op["summary"] = "List every " + m.Name + " of the company (the web client's URL for pages without a parent)"
	paths[m.Path+"/undefined"] = map[string]any{"get": op}
}

// itemsAsArray rewrites the body's `items` from an object to an array. A body
// that is not a JSON object, or cannot be read, is passed on as it was, for
// the resource to refuse once the caller is authenticated.
func itemsAsArray(r *http.Request) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b), errReader{err}))
		return
	}
	var body map[string]json.RawMessage
	if json.Unmarshal(b, &body) == nil && body != nil {
		if items := bytes.TrimSpace(body["items"]); len(items) > 0 && items[0] == '{' {
			if arr, ok := objectToArray(items); ok {
				body["items"] = arr
				b, _ = json.Marshal(body)
			}
		}
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
}

// objectToArray lists the values of a JSON object of objects in order; a
// value with neither name nor item gets its key as name. Any other object is
// left alone (ok false), for the engine to refuse as not an array. It stops
// past money.MaxItems values, which the item parser refuses anyway.
func objectToArray(raw []byte) (json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	out := []json.RawMessage{}
	for dec.More() && len(out) <= money.MaxItems {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		key, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(v, &obj) != nil || obj == nil {
			return nil, false
		}
		_, hasName := obj["name"]
		_, hasItem := obj["item"]
		if !hasName && !hasItem {
			obj["name"], _ = json.Marshal(key)
			v, _ = json.Marshal(obj)
		}
		out = append(out, v)
	}
	arr, err := json.Marshal(out)
	return arr, err == nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
