package crud

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// checkAliases panics when an alias (tag option alias=NAME) collides with
// another input name of the resource.
func (m *Meta) checkAliases() {
	names := map[string]bool{"company_id": true}
	for _, f := range m.Fields {
		if f.Name != "" {
			names[f.Name] = true
		}
	}
	for _, f := range m.Fields {
		for _, a := range f.Aliases {
			if names[a] {
				panic("crud: " + m.Path + ": alias " + a + " of " + f.Name + " is already an input name")
			}
			names[a] = true
		}
	}
}

// canonical returns the body with each field alias read as its field: an
// alias sent without its canonical name takes its place, and an alias sent
// with a different value than the canonical name (or an earlier alias) is a
// field error naming the alias. Strings are compared without surrounding
// spaces, as they are stored. raw itself is left untouched.
func (m *Meta) canonical(raw map[string]json.RawMessage) (map[string]json.RawMessage, httpapi.FieldErrors) {
	var errs httpapi.FieldErrors
	var out map[string]json.RawMessage
	for _, f := range m.Fields {
		for _, a := range f.Aliases {
			v, sent := raw[a]
			if !sent {
				continue
			}
			if out == nil {
				out = make(map[string]json.RawMessage, len(raw))
				for k, x := range raw {
					out[k] = x
				}
			}
			delete(out, a)
			if cv, has := out[f.Name]; !has {
				out[f.Name] = v
			} else if !sameInput(v, cv) {
				errs.Add(a, quoted(a)+" is another name for "+quoted(f.Name)+" and must not differ from it")
			}
		}
	}
	if out == nil {
		return raw, nil
	}
	return out, errs
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

// aliasSchemas adds each alias of m's input fields to an input schema's
// properties; a required field named in req may then be sent under any of its
// names, which the returned anyOf constraints (one per such field) express.
func aliasSchemas(m *Meta, props map[string]any, req []string) ([]string, []any) {
	var either []any
	for _, f := range m.Fields {
		if len(f.Aliases) == 0 || props[f.Name] == nil {
			continue
		}
		for _, a := range f.Aliases {
			p := inputFieldSchema(f)
			desc := "Another name for `" + f.Name + "`, read when `" + f.Name + "` is absent. When both are sent they " +
				"must be equal (422 naming `" + a + "` otherwise). Answers use `" + f.Name + "`."
			if d, ok := p["description"].(string); ok && d != "" {
				desc += " " + d
			}
			p["description"] = desc
			props[a] = p
		}
		for i, r := range req {
			if r == f.Name {
				req = append(req[:i:i], req[i+1:]...)
				alts := []any{map[string]any{"required": []string{f.Name}}}
				for _, a := range f.Aliases {
					alts = append(alts, map[string]any{"required": []string{a}})
				}
				either = append(either, map[string]any{"anyOf": alts})
				break
			}
		}
	}
	return req, either
}
