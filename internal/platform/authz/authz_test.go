package authz_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
)

var (
	lead = authz.Perm{Module: "crm", Entity: "lead"}
	deal = authz.Perm{Module: "crm", Entity: "deal"}
	dept = authz.Perm{Module: "hrm", Entity: "departments"}
)

func TestCovers(t *testing.T) {
	viewLead := authz.Grant([]string{authz.View}, lead)
	for _, tc := range []struct {
		name    string
		p, q    authz.Perms
		ok      bool
		missing string
	}{
		{"everything covers everything", authz.All(), authz.All(), true, ""},
		{"everything covers one grant", authz.All(), viewLead, true, ""},
		{"nothing covers nothing", authz.Perms{}, authz.Perms{}, true, ""},
		{"nil covers nothing", nil, authz.Perms{}, true, ""},
		{"anything covers false grants", authz.Perms{}, authz.Perms{"crm": {"lead": {"view": false, "create": false}}}, true, ""},
		{"same grant", viewLead, viewLead, true, ""},
		{"more covers less", authz.Grant(authz.Actions, lead), viewLead, true, ""},
		{"less does not cover more", viewLead, authz.Grant([]string{authz.View, authz.Delete}, lead), false, "crm.lead.delete"},
		{"another entity", viewLead, authz.Grant([]string{authz.View}, deal), false, "crm.deal.view"},
		{"nothing does not cover a grant", nil, viewLead, false, "crm.lead.view"},
		{"first missing in a stable order", authz.Perms{}, authz.Grant(authz.Actions, dept, lead), false, "crm.lead.create"},
		{"grants outside the catalogue count too", authz.All(), authz.Perms{"x": {"y": {"view": true}}}, false, "x.y.view"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, missing := tc.p.Covers(tc.q)
			if ok != tc.ok || missing != tc.missing {
				t.Fatalf("Covers = %v %q, want %v %q", ok, missing, tc.ok, tc.missing)
			}
		})
	}
}

func TestAllAndAllows(t *testing.T) {
	all := authz.All()
	for m, ents := range authz.Catalogue {
		for _, e := range ents {
			if !authz.Known(m, e) {
				t.Errorf("%s.%s not known", m, e)
			}
			for _, a := range authz.Actions {
				if !all.Allows(authz.Perm{Module: m, Entity: e}, a) {
					t.Errorf("All lacks %s.%s.%s", m, e, a)
				}
			}
		}
	}
	if authz.Known("crm", "unicorn") || authz.Known("sales", "lead") {
		t.Error("unknown entity known")
	}
	var none authz.Perms
	if none.Allows(lead, authz.View) || all.Allows(lead, "approve") || all.Allows(authz.Perm{Module: "x", Entity: "y"}, authz.View) {
		t.Error("Allows granted too much")
	}
	if lead.Key() != "crm.lead" {
		t.Errorf("Key %q", lead.Key())
	}
}

func TestGrantAndMerge(t *testing.T) {
	g := authz.Grant([]string{authz.View, authz.Create}, lead, dept)
	want := authz.Perms{"crm": {"lead": {"view": true, "create": true}}, "hrm": {"departments": {"view": true, "create": true}}}
	if !reflect.DeepEqual(g, want) {
		t.Fatalf("Grant %v", g)
	}
	p := authz.Grant([]string{authz.View}, lead)
	p.Merge(authz.Perms{"crm": {"lead": {"delete": true, "update": false}, "deal": {"view": true}}})
	want = authz.Perms{"crm": {"lead": {"view": true, "delete": true}, "deal": {"view": true}}}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("Merge %v", p)
	}
	// Merging a false grant never removes a true one.
	p.Merge(authz.Perms{"crm": {"lead": {"view": false}}})
	if !p.Allows(lead, authz.View) {
		t.Fatal("false grant removed a permission")
	}
}

func TestParseIsTolerant(t *testing.T) {
	doc := `{"crm":{"lead":{"view":true,"create":false}}}`
	for _, tc := range []struct {
		name, raw string
		want      authz.Perms
	}{
		{"object form", doc, authz.Perms{"crm": {"lead": {"view": true, "create": false}}}},
		{"empty", "", authz.Perms{}},
		{"null", "null", authz.Perms{}},
		{"empty object", "{}", authz.Perms{}},
		{"the original's array of strings", `["crm.lead.view"]`, authz.Perms{}},
		{"garbage", "not json", authz.Perms{}},
		{"a string", `"crm.lead.view"`, authz.Perms{}},
		{"a non-boolean action", `{"crm":{"lead":{"view":"yes"}}}`, authz.Perms{}},
		{"a malformed entity", `{"crm":{"lead":true}}`, authz.Perms{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := authz.Parse([]byte(tc.raw))
			if got == nil || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Parse = %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	ok := `{"staff":{"customer_support":{"create":true,"view":true,"update":true,"delete":true}},"crm":{"lead":{"view":false}},"hrm":{}}`
	p, err := authz.Validate(json.RawMessage(ok))
	if err != nil {
		t.Fatal(err)
	}
	want := authz.Perms{"staff": {"customer_support": {"create": true, "view": true, "update": true, "delete": true}}, "crm": {"lead": {"view": false}}, "hrm": {}}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("Validate = %v", p)
	}
	if p, err := authz.Validate(json.RawMessage(`{}`)); err != nil || len(p) != 0 {
		t.Fatalf("empty: %v %v", p, err)
	}
	if _, err := authz.Validate(json.RawMessage(mustJSON(authz.All()))); err != nil {
		t.Fatalf("All does not validate: %v", err)
	}
	for _, tc := range []struct{ raw, mention string }{
		{`{"sales":{"lead":{"view":true}}}`, "sales"},
		{`{"crm":{"unicorn":{"view":true}}}`, "unicorn"},
		{`{"crm":{"lead":{"approve":true}}}`, "approve"},
		{`{"crm":{"lead":{"view":"yes"}}}`, "crm.lead.view"},
		{`{"crm":{"lead":{"view":1}}}`, "crm.lead.view"},
		{`{"crm":{"lead":{"view":null}}}`, "crm.lead.view"},
		{`{"crm":{"lead":true}}`, "crm"},
		{`{"crm":[]}`, "crm"},
		{`{"crm":"lead"}`, "crm"},
		{`["crm.lead.view"]`, "object"},
		{`null`, "object"},
		{`"x"`, "object"},
		{`7`, "object"},
		{`{`, "object"},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			_, err := authz.Validate(json.RawMessage(tc.raw))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Fatalf("error %q does not mention %q", err, tc.mention)
			}
		})
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
