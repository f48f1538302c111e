package apidocs

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// PostmanSchema is the collection format the generated collection follows.
const PostmanSchema = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"

// LoginOperation is the operationId of the request whose test script stores
// the answered token in the collection's token variable.
const LoginOperation = "auth-login"

// LoginScript is the test script of the login request.
var LoginScript = []string{
	"// Keeps the token of a successful login for every other request ({{token}}).",
	"const body = pm.response.json();",
	"pm.test(\"logged in\", function () { pm.expect(body.success).to.eql(true); });",
	"if (body.success && body.data && body.data.token) {",
	"    pm.collectionVariables.set(\"token\", body.data.token);",
	"}",
}

// Collection is a Postman collection (format v2.1).
type Collection struct {
	Info     Info       `json:"info"`
	Auth     *Auth      `json:"auth,omitempty"`
	Variable []Variable `json:"variable"`
	Item     []Item     `json:"item"`
}

// Info names the collection.
type Info struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Version     string `json:"version,omitempty"`
	Schema      string `json:"schema"`
}

// Auth is a collection's, folder's or request's authentication.
type Auth struct {
	Type   string          `json:"type"`
	Bearer []AuthAttribute `json:"bearer,omitempty"`
}

// AuthAttribute is one setting of an Auth.
type AuthAttribute struct {
	Key   string `json:"key"`
	Value string `json:"value"`
	Type  string `json:"type"`
}

// Variable is a collection or URL variable.
type Variable struct {
	Key         string `json:"key"`
	Value       string `json:"value"`
	Type        string `json:"type,omitempty"`
	Description string `json:"description,omitempty"`
}

// Item is a folder (Item set) or a request (Request set).
type Item struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Item        []Item   `json:"item,omitempty"`
	Request     *Request `json:"request,omitempty"`
	Event       []Event  `json:"event,omitempty"`
}

// Request is one HTTP request of the collection.
type Request struct {
	Method      string     `json:"method"`
	Auth        *Auth      `json:"auth,omitempty"`
	Header      []KeyValue `json:"header"`
	URL         URL        `json:"url"`
	Body        *Body      `json:"body,omitempty"`
	Description string     `json:"description,omitempty"`
}

// KeyValue is a header or a query parameter.
type KeyValue struct {
	Key         string `json:"key"`
	Value       string `json:"value"`
	Disabled    bool   `json:"disabled,omitempty"`
	Description string `json:"description,omitempty"`
}

// URL is a request's address, relative to {{baseUrl}}.
type URL struct {
	Raw      string     `json:"raw"`
	Host     []string   `json:"host"`
	Path     []string   `json:"path"`
	Query    []KeyValue `json:"query,omitempty"`
	Variable []Variable `json:"variable,omitempty"`
}

// Body is a raw JSON request body.
type Body struct {
	Mode    string         `json:"mode"`
	Raw     string         `json:"raw"`
	Options map[string]any `json:"options,omitempty"`
}

// Event is a script run around a request.
type Event struct {
	Listen string `json:"listen"`
	Script Script `json:"script"`
}

// Script is JavaScript run by Postman.
type Script struct {
	Type string   `json:"type"`
	Exec []string `json:"exec"`
}

// openAPI is the part of an OpenAPI document the collection is made from.
type openAPI struct {
	Info struct {
		Title, Version, Description string
	} `json:"info"`
	Tags []struct {
		Name, Description string
	} `json:"tags"`
	Paths      map[string]map[string]operation `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

type operation struct {
	OperationID string           `json:"operationId"`
	Tags        []string         `json:"tags"`
	Summary     string           `json:"summary"`
	Description string           `json:"description"`
	Permission  string           `json:"x-permission"`
	Security    []map[string]any `json:"security"`
	Parameters  []struct {
		Name, In, Description string
		Required              bool
		Schema                map[string]any
	} `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Schema  map[string]any `json:"schema"`
			Example any            `json:"example"`
		} `json:"content"`
	} `json:"requestBody"`
}

// methodOrder sorts the requests of one path as a reader expects them.
var methodOrder = map[string]int{"get": 0, "post": 1, "put": 2, "patch": 3, "delete": 4}

// Postman builds a Postman v2.1 collection from an OpenAPI document (JSON):
// one folder per tag (business area), the collection variables baseUrl (set
// to baseURL, the API root such as http://127.0.0.1:5353/api/v1) and token,
// bearer authentication with {{token}} on every request that needs a token,
// a login request first whose test script stores the answered token, and
// request bodies from the operations' examples (or, where an operation has
// none, from its schema's required fields).
func Postman(openapiJSON []byte, baseURL string) (*Collection, error) {
	var doc openAPI
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		return nil, fmt.Errorf("postman: read the OpenAPI document: %w", err)
	}
	// An example declared on a create applies to the update of the same
	// input schema too.
	examples := map[string]any{}
	for _, ops := range doc.Paths {
		for _, op := range ops {
			if c, ok := jsonContent(op); ok && c.Example != nil {
				if r, _ := c.Schema["$ref"].(string); r != "" {
					examples[r] = c.Example
				}
			}
		}
	}
	type entry struct {
		path, method string
		op           operation
	}
	var entries []entry
	for p, ops := range doc.Paths {
		for m, op := range ops {
			entries = append(entries, entry{p, m, op})
		}
	}
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.path != b.path {
			return a.path < b.path
		}
		return methodOrder[a.method] < methodOrder[b.method]
	})
	folders := map[string]*Item{}
	var login *Item
	for _, e := range entries {
		it := request(e.path, e.method, e.op, doc.Components.Schemas, examples)
		if e.op.OperationID == LoginOperation {
			it.Event = []Event{{Listen: "test", Script: Script{Type: "text/javascript", Exec: LoginScript}}}
			login = &it
			continue
		}
		tag := "Other"
		if len(e.op.Tags) > 0 {
			tag = e.op.Tags[0]
		}
		f := folders[tag]
		if f == nil {
			f = &Item{Name: tag}
			for _, t := range doc.Tags {
				if t.Name == tag {
					f.Description = t.Description
				}
			}
			folders[tag] = f
		}
		f.Item = append(f.Item, it)
	}
	c := &Collection{
		Info: Info{Name: doc.Info.Title, Version: doc.Info.Version, Schema: PostmanSchema,
			Description: "Generated from the service's OpenAPI document. Set `baseUrl` to the API root, run \"Log in\" " +
				"(its test script stores the answered token in `token`), then any request.\n\n" + doc.Info.Description},
		Auth: bearerAuth(),
		Variable: []Variable{
			{Key: "baseUrl", Value: baseURL, Type: "string", Description: "The API root, ending in /api/v1."},
			{Key: "token", Value: "", Type: "string", Description: "The JWT of the signed-in account; \"Log in\" sets it."},
		},
	}
	if login != nil {
		c.Item = append(c.Item, *login)
	}
	var tags []string
	for t := range folders {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	for _, t := range tags {
		c.Item = append(c.Item, *folders[t])
	}
	return c, nil
}

func bearerAuth() *Auth {
	return &Auth{Type: "bearer", Bearer: []AuthAttribute{{Key: "token", Value: "{{token}}", Type: "string"}}}
}

func jsonContent(op operation) (c struct {
	Schema  map[string]any `json:"schema"`
	Example any            `json:"example"`
}, ok bool) {
	if op.RequestBody == nil {
		return c, false
	}
	c, ok = op.RequestBody.Content["application/json"]
	return c, ok
}

// request is the collection item of one operation.
func request(p, method string, op operation, schemas map[string]map[string]any, examples map[string]any) Item {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	u := URL{Host: []string{"{{baseUrl}}"}}
	for _, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			name := strings.Trim(s, "{}")
			s = ":" + name
			v := Variable{Key: name, Value: ""}
			for _, prm := range op.Parameters {
				if prm.In == "path" && prm.Name == name {
					v.Description = prm.Description
				}
			}
			u.Variable = append(u.Variable, v)
		}
		u.Path = append(u.Path, s)
	}
	u.Raw = "{{baseUrl}}/" + strings.Join(u.Path, "/")
	req := &Request{Method: strings.ToUpper(method), Header: []KeyValue{}}
	// Query parameters are listed disabled: the user turns on those wanted.
	for _, prm := range op.Parameters {
		switch prm.In {
		case "query":
			u.Query = append(u.Query, KeyValue{Key: prm.Name, Value: queryExample(prm.Name), Disabled: true, Description: prm.Description})
		case "header":
			if prm.Name == "Idempotency-Key" && len(op.Security) > 0 {
				req.Header = append(req.Header, KeyValue{Key: prm.Name, Value: "{{$guid}}", Disabled: true,
					Description: "Enable to make the request safe to retry (a new random key each time)."})
			}
		}
	}
	req.URL = u
	if c, ok := jsonContent(op); ok {
		ex := c.Example
		if ex == nil {
			if r, _ := c.Schema["$ref"].(string); r != "" {
				ex = examples[r]
			}
		}
		if ex == nil {
			ex = exampleOf(c.Schema, schemas, 0)
		}
		b, _ := json.MarshalIndent(ex, "", "  ")
		req.Header = append([]KeyValue{{Key: "Content-Type", Value: "application/json"}}, req.Header...)
		req.Body = &Body{Mode: "raw", Raw: string(b), Options: map[string]any{"raw": map[string]any{"language": "json"}}}
	}
	if len(op.Security) == 0 {
		req.Auth = &Auth{Type: "noauth"}
	}
	desc := op.Description
	if op.Permission != "" {
		desc += "\n\nPermission: `" + op.Permission + "`."
	}
	req.Description = strings.TrimSpace(desc)
	name := op.Summary
	if name == "" {
		name = strings.ToUpper(method) + " " + p
	}
	return Item{Name: name, Request: req}
}

func queryExample(name string) string {
	switch name {
	case "page":
		return "1"
	case "limit":
		return "20"
	}
	return ""
}

// exampleOf makes a body from a JSON schema: its example, or its required
// properties (all of them when none is required) with placeholder values.
func exampleOf(s map[string]any, schemas map[string]map[string]any, depth int) any {
	if depth > 4 || s == nil {
		return nil
	}
	if r, _ := s["$ref"].(string); r != "" {
		return exampleOf(schemas[strings.TrimPrefix(r, "#/components/schemas/")], schemas, depth+1)
	}
	if ex, ok := s["example"]; ok {
		return ex
	}
	if d, ok := s["default"]; ok {
		return d
	}
	if e, ok := s["enum"].([]any); ok && len(e) > 0 {
		return e[0]
	}
	typ := s["type"]
	if ts, ok := typ.([]any); ok && len(ts) > 0 {
		typ = ts[0]
	}
	switch typ {
	case "object":
		props, _ := s["properties"].(map[string]any)
		var names []string
		if req, ok := s["required"].([]any); ok && len(req) > 0 {
			for _, r := range req {
				names = append(names, r.(string))
			}
		} else {
			for n, p := range props {
				if pm, _ := p.(map[string]any); pm["readOnly"] != true && n != "company_id" {
					names = append(names, n)
				}
			}
			sort.Strings(names)
		}
		out := map[string]any{}
		for _, n := range names {
			pm, _ := props[n].(map[string]any)
			out[n] = placeholder(n, pm, schemas, depth)
		}
		return out
	case "array":
		return []any{}
	case "integer":
		if m, ok := s["minimum"].(float64); ok && m > 0 {
			return m
		}
		return 1
	case "number":
		return 0
	case "boolean":
		return false
	case "string":
		switch s["format"] {
		case "email":
			return "user@example.com"
		case "date":
			return "2026-01-31"
		case "date-time":
			return "2026-01-31T09:00:00.000Z"
		}
		return ""
	}
	return nil
}

func placeholder(name string, s map[string]any, schemas map[string]map[string]any, depth int) any {
	switch name {
	case "login", "email":
		return "user@example.com"
	}
	if v := exampleOf(s, schemas, depth+1); v != nil {
		return v
	}
	return ""
}

// WithBaseURL is a copy of c whose baseUrl variable is u.
func (c *Collection) WithBaseURL(u string) *Collection {
	out := *c
	out.Variable = append([]Variable(nil), c.Variable...)
	for i := range out.Variable {
		if out.Variable[i].Key == "baseUrl" {
			out.Variable[i].Value = u
		}
	}
	return &out
}
