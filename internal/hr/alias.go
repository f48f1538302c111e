package hr

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"sort"
	"strings"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Aliased mounts a declared resource whose create and update bodies also
// accept other names (the web client's) for some input fields. An alias sent
// without its canonical field is read as that field; when both are sent they
// must agree, which the resource checks with aliasConflicts in its Validate
// hook. Answers keep the canonical names.
type Aliased struct {
	crud.Mountable
	Aliases map[string]string // alias → canonical input name
}

// Mount registers the resource's routes: its POST and PUT bodies are
// rewritten (alias → canonical), then every request is served by the
// resource's own handlers, which check the token before reading the body.
func (a *Aliased) Mount(rt *httpapi.Router, d *crud.Deps) {
	inner := httpapi.NewRouter()
	a.Mountable.Mount(inner, d)
	m := a.Describe()
	base := "/api/v1" + m.Path
	rewrite := func(w http.ResponseWriter, r *http.Request) {
		a.rewrite(r)
		inner.ServeHTTP(w, r)
	}
	for _, route := range []struct {
		op      crud.Op
		pattern string
		h       http.HandlerFunc
	}{
		{crud.OpList, "GET " + base, inner.ServeHTTP},
		{crud.OpCreate, "POST " + base, rewrite},
		{crud.OpGet, "GET " + base + "/{id}", inner.ServeHTTP},
		{crud.OpUpdate, "PUT " + base + "/{id}", rewrite},
		{crud.OpDelete, "DELETE " + base + "/{id}", inner.ServeHTTP},
	} {
		if m.Ops&route.op != 0 {
			rt.HandleFunc(route.pattern, route.h)
		}
	}
}

// rewrite copies each alias the body carries to its canonical name when that
// is absent. A body that is not a JSON object, or cannot be read, is passed
// on as it was, for the resource to refuse once the caller is authenticated.
func (a *Aliased) rewrite(r *http.Request) {
	b, err := io.ReadAll(r.Body)
	if err != nil {
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(b), errReader{err}))
		return
	}
	var body map[string]json.RawMessage
	if json.Unmarshal(b, &body) == nil && body != nil {
		changed := false
		for alias, canon := range a.Aliases {
			v, sent := body[alias]
			if _, has := body[canon]; sent && !has {
				body[canon] = v
				changed = true
			}
		}
		if changed {
			b, _ = json.Marshal(body)
		}
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// aliasConflicts answers 422, naming the alias, for each alias sent together
// with its canonical field but with another value (strings compared without
// surrounding spaces, as the engine stores them).
func aliasConflicts(c *crud.Call, aliases map[string]string) error {
	var errs httpapi.FieldErrors
	for alias, canon := range aliases {
		av, sentA := c.Raw[alias]
		cv, sentC := c.Raw[canon]
		if sentA && sentC && !sameInput(av, cv) {
			errs.Add(alias, `"`+alias+`" is another name for "`+canon+`" and must not differ from it`)
		}
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].Field < errs[j].Field })
	return errs.Err()
}

func sameInput(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return bytes.Equal(bytes.TrimSpace(a), bytes.TrimSpace(b))
	}
	if s, ok := x.(string); ok {
		x = strings.TrimSpace(s)
	}
	if s, ok := y.(string); ok {
		y = strings.TrimSpace(s)
	}
	return reflect.DeepEqual(x, y)
}

// Document adds the aliases to the resource's input schema in the OpenAPI
// document doc: each alias is a property like its canonical field, and a
// required canonical field may be sent under either name.
func (a *Aliased) Document(doc map[string]any) {
	comps, _ := doc["components"].(map[string]any)
	schemas, _ := comps["schemas"].(map[string]any)
	in, _ := schemas[crud.SchemaName(a.Describe().Name)+"Input"].(map[string]any)
	props, _ := in["properties"].(map[string]any)
	if props == nil {
		return
	}
	req, _ := in["required"].([]string)
	var either []any
	aliases := make([]string, 0, len(a.Aliases))
	for alias := range a.Aliases {
		aliases = append(aliases, alias)
	}
	sort.Strings(aliases)
	for _, alias := range aliases {
		canon := a.Aliases[alias]
		p := map[string]any{}
		if cp, ok := props[canon].(map[string]any); ok {
			for k, v := range cp {
				p[k] = v
			}
		}
		p["description"] = "Another name for `" + canon + "` (the web client's). When both are sent they must be equal " +
			"(422 naming `" + alias + "` otherwise). Answers use `" + canon + "`."
		props[alias] = p
		for i, r := range req {
			if r == canon {
				req = append(req[:i:i], req[i+1:]...)
				either = append(either, map[string]any{"anyOf": []any{
					map[string]any{"required": []string{canon}}, map[string]any{"required": []string{alias}}}})
				break
			}
		}
	}
	if len(req) > 0 {
		in["required"] = req
	} else {
		delete(in, "required")
	}
	if either != nil {
		in["allOf"] = either
	}
}
