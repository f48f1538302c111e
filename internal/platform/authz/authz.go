// Package authz holds the permission model of the original service: a role
// carries a JSON document module → entity → action → bool, and every route
// names the (module, entity) it touches and the action it performs.
package authz

import (
	"encoding/json"
	"fmt"
	"sort"
)

// The four actions a permission grants. HTTP methods map onto them as in the
// original's checkPermission: POST→create, GET→view, PUT→update, DELETE→delete.
const (
	Create = "create"
	View   = "view"
	Update = "update"
	Delete = "delete"
)

// Actions lists the actions in their canonical order.
var Actions = []string{Create, View, Update, Delete}

// Perm names what a route touches: a module ("staff", "crm", "hrm") and an entity.
type Perm struct {
	Module string
	Entity string
}

// Key is "module.entity".
func (p Perm) Key() string { return p.Module + "." + p.Entity }

// Catalogue lists every module and its entities: the original's list
// (src/config/featurs.js) plus the entities this service adds.
var Catalogue = map[string][]string{
	"staff": {"users", "roles", "sub_clients", "contacts", "meetings", "permissions", "customer_support"},
	"crm": {"lead", "deal", "task", "task_calender", "sales", "customer", "invoice", "billing", "payment",
		"revenue", "estimate", "expense", "credit_note", "project", "project_report", "contract", "customer_support",
		"pipeline", "stage", "label", "source", "product", "quotation", "proposal", "milestone", "note", "activity"},
	"hrm": {"employee", "meetings", "attendance", "leaves", "leave_approval", "departments", "payroll", "performance",
		"designation", "announcement", "job", "events", "customer_support", "branch", "training", "appreciation",
		"skill", "job_application", "interview", "salary"},
}

// Known reports whether the catalogue has module.entity.
func Known(module, entity string) bool {
	for _, e := range Catalogue[module] {
		if e == entity {
			return true
		}
	}
	return false
}

// Perms is a role's permission document.
type Perms map[string]map[string]map[string]bool

// Allows reports whether the document grants action on module.entity.
func (p Perms) Allows(perm Perm, action string) bool {
	return p[perm.Module][perm.Entity][action]
}

// Covers reports whether p grants everything q grants; it returns the first
// permission of q that p lacks.
func (p Perms) Covers(q Perms) (bool, string) {
	for _, m := range sortedKeys(q) {
		for _, e := range sortedKeys(q[m]) {
			for _, a := range Actions {
				if q[m][e][a] && !p[m][e][a] {
					return false, m + "." + e + "." + a
				}
			}
		}
	}
	return true, ""
}

// All returns a document granting every action on every catalogue entity.
func All() Perms {
	out := Perms{}
	for m, ents := range Catalogue {
		out[m] = map[string]map[string]bool{}
		for _, e := range ents {
			out[m][e] = map[string]bool{Create: true, View: true, Update: true, Delete: true}
		}
	}
	return out
}

// Parse reads a stored document. Anything that is not the expected shape
// (for example the array of strings the original's PUT /roles stored) grants
// nothing rather than failing the request.
func Parse(raw []byte) Perms {
	if len(raw) == 0 {
		return Perms{}
	}
	var p Perms
	if err := json.Unmarshal(raw, &p); err != nil || p == nil {
		return Perms{}
	}
	return p
}

// Validate checks a document sent by a client: an object of known modules,
// each an object of known entities, each an object of known actions with
// boolean values.
func Validate(raw json.RawMessage) (Perms, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil || top == nil {
		return nil, fmt.Errorf("permissions must be an object of modules")
	}
	out := Perms{}
	for m, rawEnts := range top {
		if _, ok := Catalogue[m]; !ok {
			return nil, fmt.Errorf("unknown permission module %q", m)
		}
		var ents map[string]map[string]json.RawMessage
		if err := json.Unmarshal(rawEnts, &ents); err != nil {
			return nil, fmt.Errorf("permissions.%s must be an object of entities, each an object of actions", m)
		}
		out[m] = map[string]map[string]bool{}
		for e, acts := range ents {
			if !Known(m, e) {
				return nil, fmt.Errorf("unknown permission entity %q in module %q", e, m)
			}
			out[m][e] = map[string]bool{}
			for a, v := range acts {
				if a != Create && a != View && a != Update && a != Delete {
					return nil, fmt.Errorf("unknown permission action %q on %s.%s", a, m, e)
				}
				var b bool
				if err := json.Unmarshal(v, &b); err != nil || string(v) == "null" {
					return nil, fmt.Errorf("permissions.%s.%s.%s must be true or false", m, e, a)
				}
				out[m][e][a] = b
			}
		}
	}
	return out, nil
}

// Grant returns a document with the given actions on the given entities.
func Grant(actions []string, perms ...Perm) Perms {
	out := Perms{}
	for _, p := range perms {
		if out[p.Module] == nil {
			out[p.Module] = map[string]map[string]bool{}
		}
		if out[p.Module][p.Entity] == nil {
			out[p.Module][p.Entity] = map[string]bool{}
		}
		for _, a := range actions {
			out[p.Module][p.Entity][a] = true
		}
	}
	return out
}

// Merge adds every grant of q to p.
func (p Perms) Merge(q Perms) Perms {
	for m, ents := range q {
		if p[m] == nil {
			p[m] = map[string]map[string]bool{}
		}
		for e, acts := range ents {
			if p[m][e] == nil {
				p[m][e] = map[string]bool{}
			}
			for a, v := range acts {
				if v {
					p[m][e][a] = true
				}
			}
		}
	}
	return p
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
