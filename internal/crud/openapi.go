package crud

import (
	"sort"
	"strconv"
	"strings"
)

// Operation documents a hand-written endpoint in the OpenAPI document.
type Operation struct {
	Method, Path string // Path under /api/v1, with {param} segments
	ID           string
	Tag          string
	Summary      string
	Description  string
	// Access is "public", "token" (any signed-in caller, permission checks in
	// the handler) or "super-admin".
	Access     string
	Permission string         // "module.entity.action" when one applies
	Body       map[string]any // JSON schema of the request body, if any
	Status     int            // success status (200 when zero)
	Query      []Param        // query-string parameters
}

// Param is a query-string parameter of a hand-written operation.
type Param struct {
	Name     string
	Required bool
	Schema   map[string]any // JSON schema ({"type": "string"} when nil)
}

// OpenAPI builds the OpenAPI 3.1 document for the given resources and
// hand-written operations.
func OpenAPI(version string, res []Mountable, ops []Operation) map[string]any {
	paths := map[string]map[string]any{}
	schemas := map[string]any{
		"Error": map[string]any{"type": "object", "required": []string{"success", "message"}, "properties": map[string]any{
			"success": map[string]any{"type": "boolean", "const": false},
			"message": map[string]any{"type": "string"},
			"errors": map[string]any{"type": "array", "items": map[string]any{"type": "object", "properties": map[string]any{
				"field": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"}}}},
		}},
		"Pagination": map[string]any{"type": "object", "properties": map[string]any{
			"page": map[string]any{"type": "integer"}, "limit": map[string]any{"type": "integer"},
			"total": map[string]any{"type": "integer"}, "pages": map[string]any{"type": "integer"}}},
	}
	add := func(path, method string, op map[string]any) {
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][method] = op
	}
	errResp := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
	}
	stdErrors := func(op map[string]any, codes ...string) {
		resp := op["responses"].(map[string]any)
		for _, c := range codes {
			resp[c] = errResp(map[string]string{"400": "Malformed request", "401": "Missing, malformed, expired or wrongly signed token",
				"403": "Not allowed", "404": "Not found (or another company's)", "409": "Conflicts with an existing row",
				"413": "Body too large", "422": "Validation failed"}[c])
		}
	}
	envelope := func(data any, paged bool) map[string]any {
		props := map[string]any{"success": map[string]any{"type": "boolean"}, "message": map[string]any{"type": "string"}, "data": data}
		if paged {
			props["pagination"] = ref("Pagination")
		}
		return map[string]any{"type": "object", "required": []string{"success", "message", "data"}, "properties": props}
	}
	for _, mo := range res {
		m := mo.Describe()
		name := schemaName(m.Name)
		schemas[name] = rowSchema(m)
		schemas[name+"Input"] = inputSchema(m)
		tag := m.Tag
		base := m.Path
		item := base + "/{id}"
		perm := m.Perm.Key()
		access := "Requires the `" + perm + "` permission (a company owner holds all of its company's permissions; a super-admin acts on every company)."
		if m.Scope == Platform {
			access = "Super-admin only (platform catalogue)."
			perm = ""
		}
		idParam := []any{map[string]any{"name": "id", "in": "path", "required": true, "schema": map[string]any{"type": "string", "pattern": "^[A-Za-z0-9]{23}$"}}}
		opID := strings.ToLower(strings.ReplaceAll(strings.Trim(m.Path, "/"), "/", "-"))
		mk := func(verb, summary, action string, status string, data any, paged bool) map[string]any {
			op := map[string]any{"operationId": opID + "-" + verb, "tags": []string{tag}, "summary": summary,
				"description": strings.TrimSpace(access + " " + m.Doc), "security": []any{map[string]any{"bearer": []string{}}},
				"responses": map[string]any{status: map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": envelope(data, paged)}}}}}
			if perm != "" {
				op["x-permission"] = perm + "." + action
			}
			return op
		}
		if m.Ops&OpList != 0 {
			op := mk("list", "List "+strings.ToLower(m.Plural), "view", "200", map[string]any{"type": "array", "items": ref(name)}, true)
			op["parameters"] = listParams(m)
			op["description"] = op["description"].(string) + " Without `page`/`limit` every row is returned (newest first, up to the server's cap); with them the list is paged and `pagination` reports the total. Unknown parameters are a 400."
			stdErrors(op, "400", "401", "403")
			add(base, "get", op)
		}
		if m.Ops&OpCreate != 0 {
			op := mk("create", "Create a "+strings.ToLower(m.Name), "create", "201", ref(name), false)
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref(name + "Input"), "example": m.Example}}}
			stdErrors(op, "400", "401", "403", "409", "413", "422")
			if m.Parent != nil {
				op["summary"] = "Create a " + strings.ToLower(m.Name) + " under a parent"
				op["parameters"] = []any{map[string]any{"name": "id", "in": "path", "required": true, "description": "The parent's id (" + parentKindsDoc(m) + ").",
					"schema": map[string]any{"type": "string", "pattern": "^[A-Za-z0-9]{23}$"}}}
				op["description"] = op["description"].(string) + " `{id}` is the parent's id; the new row's `" + m.Parent.Column + "` is set from it (never from the body). " +
					"404 when the parent does not exist in the caller's company (another company's parent answers the same 404); 422 naming `" + m.Parent.Column + "` when `{id}` is a row of the company of a kind not accepted here."
				idempotent(op, "201", false)
				add(item, "post", op)
			} else {
				idempotent(op, "201", false)
				add(base, "post", op)
			}
		}
		if m.Ops&OpGet != 0 && m.Parent != nil {
			op := mk("get", "Get a "+strings.ToLower(m.Name)+", or list a parent's "+strings.ToLower(m.Plural), "view", "200",
				map[string]any{"oneOf": []any{ref(name), map[string]any{"type": "array", "items": ref(name)}}}, true)
			op["parameters"] = append([]any{map[string]any{"name": "id", "in": "path", "required": true, "description": "A row's own id, or a parent's id.",
				"schema": map[string]any{"type": "string", "pattern": "^[A-Za-z0-9]{23}$"}}}, listParams(m)...)
			op["description"] = op["description"].(string) + " When `{id}` is the id of one of these rows visible to the caller, `data` is that row. " +
				"Otherwise `{id}` is taken as a parent's id (" + parentKindsDoc(m) + ") and `data` lists the caller's company's rows whose `" + m.Parent.Column +
				"` is `{id}`, newest first, with `page`/`limit`/`sort`/filters/`q` as on the plain list (an unknown or another company's parent gives an empty list). " +
				"Ids are random and unique across tables, so the two readings never collide."
			stdErrors(op, "400", "401", "403", "404")
			add(item, "get", op)
		} else if m.Ops&OpGet != 0 {
			op := mk("get", "Get a "+strings.ToLower(m.Name), "view", "200", ref(name), false)
			op["parameters"] = idParam
			stdErrors(op, "401", "403", "404")
			add(item, "get", op)
		}
		if m.Ops&OpUpdate != 0 {
			op := mk("update", "Update a "+strings.ToLower(m.Name)+" (partial: absent fields keep their values)", "update", "200", ref(name), false)
			op["parameters"] = idParam
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref(name + "Input")}}}
			stdErrors(op, "400", "401", "403", "404", "409", "413", "422")
			add(item, "put", op)
		}
		if m.Ops&OpDelete != 0 {
			op := mk("delete", "Delete a "+strings.ToLower(m.Name), "delete", "200", ref(name), false)
			op["parameters"] = idParam
			stdErrors(op, "401", "403", "404")
			add(item, "delete", op)
		}
	}
	for _, o := range ops {
		status := "200"
		if o.Status != 0 {
			status = strconv.Itoa(o.Status)
		}
		desc := o.Description
		switch o.Access {
		case "public":
			desc = strings.TrimSpace(desc + " No token required.")
		case "super-admin":
			desc = strings.TrimSpace(desc + " Super-admin only.")
		}
		op := map[string]any{"operationId": o.ID, "tags": []string{o.Tag}, "summary": o.Summary, "description": desc,
			"responses": map[string]any{status: map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": envelope(map[string]any{}, false)}}}}}
		if o.Access != "public" {
			op["security"] = []any{map[string]any{"bearer": []string{}}}
		}
		if o.Permission != "" {
			op["x-permission"] = o.Permission
		}
		if o.Body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": o.Body}}}
		}
		var params []any
		for _, seg := range strings.Split(o.Path, "/") {
			if strings.HasPrefix(seg, "{") {
				params = append(params, map[string]any{"name": strings.Trim(seg, "{}"), "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
			}
		}
		for _, q := range o.Query {
			schema := q.Schema
			if schema == nil {
				schema = map[string]any{"type": "string"}
			}
			params = append(params, map[string]any{"name": q.Name, "in": "query", "required": q.Required, "schema": schema})
		}
		if params != nil {
			op["parameters"] = params
		}
		stdErrors(op, "400", "401", "403", "404", "422")
		if o.Method == "POST" {
			idempotent(op, status, o.Access == "public")
		}
		add(o.Path, strings.ToLower(o.Method), op)
	}
	var tags []string
	seen := map[string]bool{}
	for _, p := range paths {
		for _, op := range p {
			for _, t := range op.(map[string]any)["tags"].([]string) {
				if !seen[t] {
					seen[t] = true
					tags = append(tags, t)
				}
			}
		}
	}
	sort.Strings(tags)
	var tagObjs []any
	for _, t := range tags {
		tagObjs = append(tagObjs, map[string]any{"name": t})
	}
	pathsOut := map[string]any{}
	for p, v := range paths {
		pathsOut[p] = v
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "CRM / HRM / billing API", "version": version,
			"description": "Every response is the envelope {success, message, data}. Errors keep the envelope with success=false and a status code: 400 malformed, 401 no valid token, 403 not allowed, 404 unknown (or another company's) id, 409 conflict, 413 body too large, 422 validation (all failures listed in `errors`) or an Idempotency-Key reused for a different request. Every POST that needs a token accepts an `Idempotency-Key` header that makes it safe to retry. Send `Authorization: Bearer <jwt>` (the token may be wrapped in double quotes). Paths tolerate a trailing slash."},
		"servers":    []any{map[string]any{"url": "/api/v1"}},
		"tags":       tagObjs,
		"paths":      pathsOut,
		"components": map[string]any{"schemas": schemas, "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
	}
}

// idempotent documents the Idempotency-Key header on a POST operation whose
// success status is status; public operations accept and ignore it.
func idempotent(op map[string]any, status string, public bool) {
	p := map[string]any{"name": "Idempotency-Key", "in": "header", "required": false,
		"schema": map[string]any{"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x20-\\x7E]+$"}}
	if public {
		p["description"] = "Ignored here: this route takes no token, and its answer is never stored."
	} else {
		p["description"] = "Makes the request safe to retry. The first request with a key runs once and its success answer " +
			"is stored with the key, in the same transaction as the write, for `IDEMPOTENCY_TTL` (24 h by default). " +
			"A retry with the same key and the same method, path and body gets the same status and body again, " +
			"with `Idempotency-Replayed: true`; the same key with a different request is a 422. Error answers are " +
			"not stored: the request can be fixed and sent again with the same key. Keys are per account and are " +
			"1 to 255 printable ASCII characters (400 otherwise)."
		resp := op["responses"].(map[string]any)
		if ok, _ := resp[status].(map[string]any); ok != nil {
			ok["headers"] = map[string]any{"Idempotency-Replayed": map[string]any{
				"description": "`true` when the answer is a stored one, replayed for a repeated Idempotency-Key.",
				"schema":      map[string]any{"type": "string", "enum": []string{"true"}}}}
		}
		resp["422"] = map[string]any{"description": "Validation failed, or the Idempotency-Key was already used with a different request",
			"content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
	}
	params, _ := op["parameters"].([]any)
	op["parameters"] = append(params, p)
}

func ref(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }

// SchemaName is the name of a resource's row schema in the OpenAPI document
// (components/schemas); its input schema is SchemaName+"Input".
func SchemaName(n string) string { return schemaName(n) }

func schemaName(n string) string {
	var b strings.Builder
	for _, w := range strings.Fields(n) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

func fieldSchema(f *Field) map[string]any {
	if f.File == "file" {
		return fileFieldSchema(f)
	}
	s := map[string]any{}
	switch f.Kind {
	case KString, KText, KPassword:
		s["type"] = "string"
		if f.Max > 0 {
			s["maxLength"] = f.Max
		}
		if f.Min > 0 {
			s["minLength"] = f.Min
		}
		if len(f.Enum) > 0 {
			s["enum"] = f.Enum
		}
		if f.Email {
			s["format"] = "email"
		}
		if f.Pattern != "" {
			s["pattern"] = Patterns[f.Pattern].Re.String()
		}
		if f.Kind == KPassword {
			s["writeOnly"] = true
			s["format"] = "password"
		}
	case KInt:
		s["type"] = "integer"
		s["minimum"] = f.Min
		if f.Max > 0 {
			s["maximum"] = f.Max
		}
	case KFloat:
		s["type"] = "number"
	case KAmount:
		s["type"] = "string"
		s["pattern"] = `^-?[0-9]+(\.[0-9]+)?$`
		s["description"] = "Exact decimal with the currency's digits (\"80.30\" USD, \"1099\" JPY), stored as an integer of 10^-4 units."
	case KMoney:
		s["type"] = "number"
		s["multipleOf"] = 0.01
		s["description"] = "Exact amount with at most two decimals (stored in minor units)."
	case KBool:
		s["type"] = "boolean"
	case KTime:
		s["type"] = "string"
		s["format"] = "date-time"
	case KDate:
		s["type"] = "string"
		s["format"] = "date"
	case KJSON:
		switch f.Shape {
		case "object":
			s["type"] = "object"
		case "array":
			s["type"] = "array"
		}
	}
	if f.Nullable {
		if t, ok := s["type"].(string); ok {
			s["type"] = []string{t, "null"}
		}
		if len(f.Enum) > 0 {
			// An enum lists every allowed value, null included.
			s["enum"] = append(anySlice(f.Enum), nil)
		}
	}
	if f.ReadOnly {
		s["readOnly"] = true
	}
	if f.Default != "" {
		s["default"] = f.Default
	}
	return s
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, v := range ss {
		out[i] = v
	}
	return out
}

func rowSchema(m *Meta) map[string]any {
	props := map[string]any{}
	for _, f := range m.Fields {
		if f.Hidden || f.Kind == KPassword || f.Name == "" {
			continue
		}
		props[f.Name] = rowFieldSchema(f)
	}
	return map[string]any{"type": "object", "properties": props}
}

func inputSchema(m *Meta) map[string]any {
	props := map[string]any{}
	var req []string
	for _, f := range m.Fields {
		if f.ReadOnly || f.Base || f.Name == "" || m.Fixed[f.Column] != "" {
			continue
		}
		props[f.Name] = inputFieldSchema(f)
		if f.Required {
			req = append(req, f.Name)
		}
	}
	if m.Scope == Company {
		props["company_id"] = map[string]any{"type": "string", "description": "Only read when a super-admin creates a row: the company it belongs to."}
	}
	req, either := aliasSchemas(m, props, req)
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": true,
		"description": "Unknown fields are ignored. On update every field is optional; a required field may not be cleared."}
	if len(req) > 0 {
		s["required"] = req
	}
	if either != nil {
		s["allOf"] = either
	}
	return s
}

func listParams(m *Meta) []any {
	ps := []any{
		map[string]any{"name": "page", "in": "query", "schema": map[string]any{"type": "integer", "minimum": 1}},
		map[string]any{"name": "limit", "in": "query", "schema": map[string]any{"type": "integer", "minimum": 1, "maximum": MaxLimit}},
		map[string]any{"name": "sort", "in": "query", "description": "Comma-separated fields, '-' for descending: " + strings.Join(m.names(func(f *Field) bool { return f.Sort || f.Filter }), ", "), "schema": map[string]any{"type": "string"}},
	}
	if s := m.names(func(f *Field) bool { return f.Search }); len(s) > 0 {
		ps = append(ps, map[string]any{"name": "q", "in": "query", "description": "Case-insensitive text search in: " + strings.Join(s, ", "), "schema": map[string]any{"type": "string", "maxLength": 200}})
	}
	for _, f := range m.Fields {
		if f.Filter && f.Name != "" {
			ps = append(ps, map[string]any{"name": f.Name, "in": "query", "description": "Exact match", "schema": fieldSchema(f)})
		}
	}
	return ps
}

// parentKindsDoc lists a parent-scoped resource's accepted kinds for the docs.
func parentKindsDoc(m *Meta) string {
	var out []string
	for _, k := range m.Parent.Kinds {
		if k == Self {
			out = append(out, "the caller's own account id")
			continue
		}
		out = append(out, "a "+k)
	}
	if len(out) == 0 {
		return "any record's id"
	}
	return strings.Join(out, ", ")
}
