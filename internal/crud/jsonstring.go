package crud

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
)

// JSONString is an opaque JSON document stored as text, like db.JSON, but
// written in responses as a JSON-encoded string ("{\"a\":1}") instead of the
// document itself. The original served JSON columns that way from MariaDB, and
// some web-client screens JSON.parse what they read (training links). Input
// may be the document itself or a string holding one; either is validated
// (shape=object|array applies to the document) and stored as the document.
//
// Example:
//
//	type Training struct {
//		crud.Base
//		Links crud.JSONString `db:"links" json:"links" v:"required,shape=object"`
//	}
type JSONString []byte

var jsonStringType = reflect.TypeOf(JSONString(nil))

// MarshalJSON writes the document as a JSON string, or null when empty.
func (j JSONString) MarshalJSON() ([]byte, error) {
	if len(j) == 0 {
		return []byte("null"), nil
	}
	return json.Marshal(string(j))
}

// Value stores the document as text.
func (j JSONString) Value() (driver.Value, error) {
	if len(j) == 0 {
		return nil, nil
	}
	return string(j), nil
}

// Scan reads the document from a text or byte column.
func (j *JSONString) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*j = nil
	case string:
		*j = JSONString(v)
	case []byte:
		*j = append(JSONString(nil), v...)
	default:
		return fmt.Errorf("crud: cannot scan %T into JSONString", src)
	}
	return nil
}

// Decode unmarshals the document into v.
func (j JSONString) Decode(v any) error {
	if len(j) == 0 {
		return nil
	}
	return json.Unmarshal(j, v)
}

// encodedAsString reports a JSONString field.
func (f *Field) encodedAsString() bool { return f.typ == jsonStringType }

// rowFieldSchema is a field's schema in responses.
func rowFieldSchema(f *Field) map[string]any {
	if f.encodedAsString() {
		return map[string]any{"type": []string{"string", "null"}, "contentMediaType": "application/json",
			"description": "A JSON document written as a JSON-encoded string (parse it with JSON.parse), as the original service served it."}
	}
	return fieldSchema(f)
}

// inputFieldSchema is a field's schema in request bodies.
func inputFieldSchema(f *Field) map[string]any {
	s := fieldSchema(f)
	if f.encodedAsString() {
		doc := map[string]any{}
		if t, ok := s["type"]; ok {
			doc["type"] = t
			delete(s, "type")
		}
		s["anyOf"] = []any{doc, map[string]any{"type": "string", "contentMediaType": "application/json"}}
		s["description"] = "The JSON document, or a string holding it. Responses write it as a JSON-encoded string."
	}
	return s
}
