package crud

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// File fields
//
// A field tagged `v:"file"` (of type FileRef or *FileRef) holds one uploaded
// file or a text such as a URL; a field tagged `v:"files"` (a db.JSON array
// or object) holds documents among which are uploaded files. In a create or
// update body:
//
//   - a string that is a file id (23 letters and digits) attaches that file:
//     it must be a file of the caller's company, uploaded by the caller and
//     not attached elsewhere, or already attached to this row (422 otherwise);
//   - an object {"id": <file id>, …} (a file as the API answers it) does the
//     same, so a row read and sent back keeps its files;
//   - any other string (a URL) is kept as text, as the original did;
//   - in a `files` document, only the array's elements (or the object's
//     values, and the elements of arrays among them) are looked at; other
//     values are kept as they are.
//
// An attached file is stored in the row as its metadata document, and
// answered as {"id","name","size","contentType","url"}. When a write drops a
// file from the row, or the row is deleted, the file is deleted in the same
// transaction (its bytes after commit, see FileHook). The engine does this
// through Deps.Files; without one, file ids are refused.

// FileRef is the value of a `v:"file"` field: the metadata document of an
// attached file, or a text (a URL) kept as the client sent it.
type FileRef string

var fileRefType = reflect.TypeOf(FileRef(""))

// MarshalJSON writes an attached file as its object, a text as a string.
func (f FileRef) MarshalJSON() ([]byte, error) { return appendFileRef(nil, string(f)), nil }

// FileID returns the id of the attached file, or "" for a text.
func (f FileRef) FileID() string { return fileDocID(string(f)) }

func appendFileRef(b []byte, s string) []byte {
	if fileDocID(s) != "" {
		return append(b, s...)
	}
	return appendString(b, s)
}

// FileDoc is the metadata of an attached file, as rows store and answer it.
type FileDoc struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Size        int64  `json:"size"`
	ContentType string `json:"contentType"`
	URL         string `json:"url"`
}

// FileURL is the download path of file id.
func FileURL(id string) string { return "/api/v1/files/" + id }

// maxFileDoc bounds a stored document (columns of the original are
// VARCHAR(255) on MySQL): a long name is shortened in the row's copy.
const maxFileDoc = 255

// Encode returns the compact document, its name shortened to fit maxFileDoc
// characters.
func (d FileDoc) Encode() string {
	d.URL = FileURL(d.ID)
	for {
		b, _ := json.Marshal(d)
		if utf8.RuneCount(b) <= maxFileDoc || d.Name == "" {
			return string(b)
		}
		r := []rune(d.Name)
		cut := utf8.RuneCount(b) - maxFileDoc
		if cut < 1 {
			cut = 1
		}
		if cut > len(r) {
			cut = len(r)
		}
		d.Name = string(r[:len(r)-cut])
	}
}

// fileDocID returns the id of a stored file document, "" for anything else.
func fileDocID(s string) string {
	if len(s) < 2 || s[0] != '{' || !strings.Contains(s, `"url":"/api/v1/files/`) {
		return ""
	}
	var d FileDoc
	if json.Unmarshal([]byte(s), &d) != nil || !db.ValidID(d.ID) || d.URL != FileURL(d.ID) {
		return ""
	}
	return d.ID
}

// FileUse names the row (and field) a file is attached to.
type FileUse struct {
	Table, RowID, CompanyID, Field string
}

// FileHook is what the engine needs from the file service. Both methods run
// inside the row's write transaction.
type FileHook interface {
	// Attach checks that file id may be attached to use by the caller (see
	// the rules above), records the attachment and returns the file's
	// metadata. A refusal is an *httpapi.Error naming use.Field.
	Attach(ctx context.Context, c *Call, id string, use FileUse) (FileDoc, error)
	// Release deletes the files attached to the row of use (Table, RowID)
	// whose ids are not in keep: their metadata now, their bytes after
	// commit.
	Release(ctx context.Context, c *Call, use FileUse, keep []string) error
}

// hasFiles reports whether the resource declares file fields.
func (m *Meta) hasFiles() bool {
	for _, f := range m.Fields {
		if f.File != "" {
			return true
		}
	}
	return false
}

// decodeFileRef parses the input of a `v:"file"` field: null, a string (a
// file id or a text) or a file object; it stores the id or the text, and
// attachFiles turns an id into the file's document.
func (f *Field) decodeFileRef(row reflect.Value, raw json.RawMessage) string {
	n := quoted(f.Name)
	v := f.value(row)
	raw = bytes.TrimSpace(raw)
	var s string
	switch {
	case string(raw) == "null":
		if f.Required {
			return n + " is required"
		}
		v.Set(reflect.Zero(v.Type()))
		return ""
	case len(raw) > 0 && raw[0] == '"':
		if err := json.Unmarshal(raw, &s); err != nil {
			return n + " must be a file id, a URL or null"
		}
		s = strings.TrimSpace(s)
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return n + " contains invalid characters"
		}
		if strings.HasPrefix(s, "{") {
			return n + " must be a file id, a URL or null"
		}
		if f.Max > 0 && utf8.RuneCountInString(s) > f.Max {
			return n + " length must be less than or equal to " + itoa(f.Max) + " characters long"
		}
		if s == "" && f.Required {
			return n + " is not allowed to be empty"
		}
	case len(raw) > 0 && raw[0] == '{':
		var obj struct {
			ID string `json:"id"`
		}
		if json.Unmarshal(raw, &obj) != nil || !db.ValidID(obj.ID) {
			return n + " must be a file id, a URL or null"
		}
		s = obj.ID
	default:
		return n + " must be a file id, a URL or null"
	}
	if v.Kind() == reflect.Pointer {
		p := reflect.New(v.Type().Elem())
		p.Elem().SetString(s)
		v.Set(p)
	} else {
		v.SetString(s)
	}
	return ""
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func fileRefValue(v reflect.Value) (string, bool) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", false
		}
		v = v.Elem()
	}
	return v.String(), true
}

// attachFiles resolves, inside the write transaction, the file ids the
// row's file fields hold into attached files, and (on update, when the body
// touched a file field) releases the files the row no longer holds.
func (r *Resource[T]) attachFiles(ctx context.Context, c *Call, row *T, updating bool) error {
	if !r.meta.hasFiles() {
		return nil
	}
	b := baseOf(row)
	company := b.CompanyID
	if company == "" {
		company = c.companyID
	}
	rv := reflect.ValueOf(row)
	var keep []string
	touched := false
	for _, f := range r.meta.Fields {
		if f.File == "" {
			continue
		}
		use := FileUse{Table: r.Table, RowID: b.ID, CompanyID: company, Field: f.Name}
		if c.Present(f.Name) {
			touched = true
		}
		attach := func(id string) (FileDoc, error) {
			if c.Deps.Files == nil {
				return FileDoc{}, httpapi.Invalid(f.Name, quoted(f.Name)+" cannot hold a file: file storage is not configured")
			}
			return c.Deps.Files.Attach(ctx, c, id, use)
		}
		v := f.value(rv)
		if f.File == "file" {
			s, ok := fileRefValue(v)
			if !ok {
				continue
			}
			if id := fileDocID(s); id != "" {
				keep = append(keep, id)
				continue
			}
			if !db.ValidID(s) {
				continue // a text
			}
			d, err := attach(s)
			if err != nil {
				return err
			}
			keep = append(keep, d.ID)
			enc := d.Encode()
			if v.Kind() == reflect.Pointer {
				p := reflect.New(v.Type().Elem())
				p.Elem().SetString(enc)
				v.Set(p)
			} else {
				v.SetString(enc)
			}
			continue
		}
		doc := v.Bytes()
		if len(doc) == 0 || string(doc) == "null" {
			continue
		}
		var tree any
		dec := json.NewDecoder(bytes.NewReader(doc))
		dec.UseNumber()
		if err := dec.Decode(&tree); err != nil {
			return httpapi.Invalid(f.Name, quoted(f.Name)+" must be valid JSON")
		}
		changed := false
		var walkErr error
		visit := func(x any) any {
			if walkErr != nil {
				return x
			}
			var id string
			isObj := false
			switch t := x.(type) {
			case string:
				if db.ValidID(t) {
					id = t
				}
			case map[string]any:
				s, _ := t["id"].(string)
				if u, _ := t["url"].(string); db.ValidID(s) && u == FileURL(s) {
					id, isObj = s, true
				}
			}
			if id == "" {
				return x
			}
			d, err := attach(id)
			if err != nil {
				walkErr = err
				return x
			}
			keep = append(keep, d.ID)
			if !isObj || !sameDoc(x.(map[string]any), d) {
				changed = true
			}
			d.URL = FileURL(d.ID)
			return d
		}
		switch t := tree.(type) {
		case []any:
			for i := range t {
				t[i] = visit(t[i])
			}
		case map[string]any:
			for k, val := range t {
				if arr, ok := val.([]any); ok {
					for i := range arr {
						arr[i] = visit(arr[i])
					}
					continue
				}
				t[k] = visit(val)
			}
		}
		if walkErr != nil {
			return walkErr
		}
		if changed {
			out, err := json.Marshal(tree)
			if err != nil {
				return err
			}
			v.SetBytes(out)
		}
	}
	if updating && touched && c.Deps.Files != nil {
		return c.Deps.Files.Release(ctx, c, FileUse{Table: r.Table, RowID: b.ID, CompanyID: company}, keep)
	}
	return nil
}

func sameDoc(m map[string]any, d FileDoc) bool {
	size, _ := m["size"].(json.Number)
	return len(m) == 5 && m["name"] == d.Name && m["contentType"] == d.ContentType && size.String() == itoa(int(d.Size))
}

// releaseFiles deletes the files of a row being deleted.
func (r *Resource[T]) releaseFiles(ctx context.Context, c *Call, row *T) error {
	if !r.meta.hasFiles() || c.Deps.Files == nil {
		return nil
	}
	b := baseOf(row)
	return c.Deps.Files.Release(ctx, c, FileUse{Table: r.Table, RowID: b.ID, CompanyID: b.CompanyID}, nil)
}

// fileOwners maps a table to the resources over it that hold files: the
// download of an attached file asks them whether the caller may see its row.
var fileOwners = struct {
	sync.Mutex
	m    map[string][]func(ctx context.Context, d *Deps, req *http.Request, id string) error
	seen map[any]bool
}{m: map[string][]func(context.Context, *Deps, *http.Request, string) error{}, seen: map[any]bool{}}

func (r *Resource[T]) registerFileOwner() {
	if !r.meta.hasFiles() || r.meta.Ops&OpGet == 0 {
		return
	}
	fileOwners.Lock()
	defer fileOwners.Unlock()
	if fileOwners.seen[r] {
		return
	}
	fileOwners.seen[r] = true
	fileOwners.m[r.Table] = append(fileOwners.m[r.Table], func(ctx context.Context, d *Deps, req *http.Request, id string) error {
		c, err := r.authorize(d, req, authz.View)
		if err != nil {
			return err
		}
		_, err = r.Find(ctx, c, id, false)
		return err
	})
}

// CanViewRow reports (nil) whether the caller of req may read row id of
// table through one of the resources over it that hold files: 403 when
// none grants the permission, 404 when none finds the row in the caller's
// reach.
func CanViewRow(ctx context.Context, d *Deps, req *http.Request, table, id string) error {
	fileOwners.Lock()
	checks := append([]func(context.Context, *Deps, *http.Request, string) error(nil), fileOwners.m[table]...)
	fileOwners.Unlock()
	var denied error
	for _, check := range checks {
		err := check(ctx, d, req, id)
		if err == nil {
			return nil
		}
		var he *httpapi.Error
		if !errors.As(err, &he) {
			return err
		}
		if he.Status == http.StatusForbidden && denied == nil {
			denied = err
		}
	}
	if denied != nil {
		return denied
	}
	return httpapi.NotFound("File not found")
}

// fileFieldSchema is the OpenAPI schema of a `v:"file"` field.
func fileFieldSchema(f *Field) map[string]any {
	text := map[string]any{"type": "string", "description": "A file id to attach, or a text (a URL) kept as it is"}
	if f.Max > 0 {
		text["maxLength"] = f.Max
	}
	file := map[string]any{"type": "object", "description": "An attached file (uploaded with POST /files)",
		"properties": map[string]any{"id": map[string]any{"type": "string"}, "name": map[string]any{"type": "string"},
			"size": map[string]any{"type": "integer"}, "contentType": map[string]any{"type": "string"},
			"url": map[string]any{"type": "string"}}}
	alts := []any{text, file}
	if f.Nullable {
		alts = append(alts, map[string]any{"type": "null"})
	}
	return map[string]any{"oneOf": alts}
}
