package sales

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/httpapi"
	"github.com/crmhrm/crm/internal/platform/money"
)

// undefinedList mounts a parent-scoped resource with one more route: GET
// <path>/undefined answers the company's list, as GET <path> does. The web
// client calls that URL from pages whose route has no parent id.
type undefinedList struct {
	crud.Mountable
}

// Mount registers the resource's own routes and the extra one, which the
// resource's list handler answers.
func (o *undefinedList) Mount(rt *httpapi.Router, d *crud.Deps) {
	o.Mountable.Mount(rt, d)
	m := o.Describe()
	if m.Ops&crud.OpList == 0 {
		return
	}
	base := "/api/v1" + m.Path
	// More specific than {id}, so ServeMux prefers it whatever the order.
	rt.HandleFunc("GET "+base+"/undefined", func(w http.ResponseWriter, r *http.Request) {
		list := r.Clone(r.Context())
		list.URL.Path, list.URL.RawPath = base, ""
		rt.ServeHTTP(w, list)
	})
}

// Operations lists the package's routes that are not generated.
func Operations() []crud.Operation {
	return []crud.Operation{{Method: "GET", Path: "/estimates/undefined", ID: "list-estimates-undefined", Tag: "Sales",
		Access: "token", Permission: "crm.estimate.view",
		Summary: "List every estimate of the company, as GET /estimates (the web client's URL for pages without a parent)",
		Description: "The web client's Sales › Estimates page has no project in its route and calls this URL. It answers the " +
			"company's estimates under every parent, with the paging, sort, filters and q of GET /estimates."}}
}

// itemsAsArray is the Normalize hook of quotations and estimates: an
// `items` object (the original's shape) becomes the array of its values.
func itemsAsArray(raw map[string]json.RawMessage) {
	if items := bytes.TrimSpace(raw["items"]); len(items) > 0 && items[0] == '{' {
		if arr, ok := objectToArray(items); ok {
			raw["items"] = arr
		}
	}
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
