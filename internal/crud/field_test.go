package crud

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
)

type sample struct {
	Base
	Name   string    `db:"name" json:"name" v:"required,min=2,max=10"`
	Kind   *string   `db:"kind" json:"kind" v:"enum=a|b"`
	Mail   *string   `db:"mail" json:"mail" v:"email"`
	Count  int64     `db:"count" json:"count" v:"max=100"`
	Ratio  float64   `db:"ratio" json:"ratio"`
	OK     bool      `db:"ok" json:"ok"`
	When   *db.Time  `db:"at" json:"when"`
	Day    *db.Date  `db:"day" json:"day"`
	Amount *db.Money `db:"amount" json:"amount"`
	Doc    db.JSON   `db:"doc" json:"doc" v:"shape=object"`
	Clock  *string   `db:"clock" json:"clock" v:"pattern=time"`
	Level  string    `db:"level" json:"level" v:"enum=low|high,default=low"`
}

func fieldOf(t *testing.T, name string) (*Field, reflect.Value) {
	t.Helper()
	fields, err := parseFields(reflect.TypeOf(sample{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		if f.Name == name {
			return f, reflect.ValueOf(&sample{})
		}
	}
	t.Fatalf("no field %s", name)
	return nil, reflect.Value{}
}

func TestDecode(t *testing.T) {
	cases := []struct {
		field, in string
		want      any    // value stored (via arg) when ok
		err       string // substring of the message; "" when ok
	}{
		{"name", `"Bob"`, "Bob", ""},
		{"name", `"  Bob  "`, "Bob", ""},
		{"name", `""`, nil, "not allowed to be empty"},
		{"name", `null`, nil, "is required"},
		{"name", `"B"`, nil, "at least 2"},
		{"name", `"Bobbybobbybob"`, nil, "less than or equal to 10"},
		{"name", `12`, nil, "must be a string"},
		{"name", `{"a":1}`, nil, "must be a string"},
		{"name", `"a\u0000b"`, nil, "invalid characters"},
		{"kind", `"a"`, "a", ""},
		{"kind", `"c"`, nil, "must be one of [a, b]"},
		{"kind", `""`, nil, ""},
		{"kind", `null`, nil, ""},
		{"mail", `"Ann@Example.com"`, "ann@example.com", ""},
		{"mail", `"not-an-email"`, nil, "valid email"},
		{"mail", `"a@b"`, nil, "valid email"},
		{"count", `42`, int64(42), ""},
		{"count", `"42"`, int64(42), ""},
		{"count", `4.5`, nil, "integer"},
		{"count", `101`, nil, "less than or equal to 100"},
		{"count", `-1`, nil, "greater than or equal to 0"},
		{"count", `"abc"`, nil, "must be a number"},
		{"count", `12345678901234567890`, nil, "safe number"},
		{"ratio", `0.25`, 0.25, ""},
		{"ratio", `"x"`, nil, "must be a number"},
		{"ok", `true`, true, ""},
		{"ok", `"false"`, false, ""},
		{"ok", `1`, nil, "boolean"},
		{"when", `"2025-01-01"`, int64(1735689600000), ""},
		{"when", `"2025-01-01T05:30:00+05:30"`, int64(1735689600000), ""},
		{"when", `1735689600000`, int64(1735689600000), ""},
		{"when", `"yesterday"`, nil, "valid date"},
		{"when", `""`, nil, ""},
		{"when", `99999999999999999`, nil, "valid date"},
		{"day", `"2025-02-03"`, "2025-02-03", ""},
		{"day", `"2025-02-03T23:00:00Z"`, "2025-02-03", ""},
		{"day", `"2025-02-30"`, nil, "valid date"},
		{"amount", `9.99`, int64(999), ""},
		{"amount", `"0.10"`, int64(10), ""},
		{"amount", `1.005`, nil, "two decimal"},
		{"amount", `-1`, nil, "negative"},
		{"amount", `1e3`, nil, "must be a number"},
		{"doc", `{"a":[1, 2]}`, `{"a":[1,2]}`, ""},
		{"doc", `[1]`, nil, "must be an object"},
		{"amount", `"` + strings.Repeat("0", 36) + `1.00"`, int64(100), ""},
		{"amount", `"` + strings.Repeat("0", 37) + `1.00"`, nil, "at most 40 characters"},
		{"amount", strings.Repeat("9", 1<<20), nil, "at most 40 characters"},
		{"count", `"` + strings.Repeat("0", 39) + `7"`, int64(7), ""},
		{"count", strings.Repeat("0", 40) + "7", nil, "at most 40 characters"},
		{"ratio", "0." + strings.Repeat("5", 1<<20), nil, "at most 40 characters"},
		{"clock", `"09:30"`, "09:30", ""},
		{"clock", `"25:00"`, nil, "time of day"},
	}
	for _, c := range cases {
		t.Run(c.field+" "+c.in, func(t *testing.T) {
			f, row := fieldOf(t, c.field)
			msg := f.decode(row, json.RawMessage(c.in))
			if c.err != "" {
				if !strings.Contains(msg, c.err) {
					t.Fatalf("message %q, want it to contain %q", msg, c.err)
				}
				return
			}
			if msg != "" {
				t.Fatalf("unexpected error %q", msg)
			}
			if got := f.arg(row); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("stored %#v, want %#v", got, c.want)
			}
		})
	}
}

// An enum that cannot be null keeps its value when a body sends null or "",
// so a row never holds a value outside its enum.
func TestDecodeEnumKeepsValue(t *testing.T) {
	f, _ := fieldOf(t, "level")
	for _, in := range []string{`null`, `""`, `"  "`} {
		row := &sample{Level: "high"}
		if msg := f.decode(reflect.ValueOf(row), json.RawMessage(in)); msg != "" {
			t.Fatalf("%s: %q", in, msg)
		}
		if row.Level != "high" {
			t.Fatalf("%s changed level to %q", in, row.Level)
		}
	}
	row := &sample{Level: "high"}
	if msg := f.decode(reflect.ValueOf(row), json.RawMessage(`"mid"`)); !strings.Contains(msg, "must be one of [low, high]") {
		t.Fatalf(`"mid": %q`, msg)
	}
}

func TestParseList(t *testing.T) {
	r := &Resource[sample]{Name: "Sample", Path: "/samples", Table: "samples"}
	m := r.Describe()
	for _, f := range m.Fields {
		if f.Name == "kind" {
			f.Filter = true
		}
	}
	good := []string{"", "page=2&limit=5", "sort=-createdAt", "kind=a", "limit=1000"}
	for _, q := range good {
		if _, err := m.ParseList(mustQuery(q)); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
	good = append(good, "sort=createdAt,-updatedAt,name,count,-ratio")
	bad := []string{"page=0", "limit=1001", "page=x", "sort=nope", "nope=1", "kind=zzz", "q=x", "page=1000001",
		"sort=createdAt,-updatedAt,name,count,-ratio,when", "sort=name,-name", "sort=" + strings.Repeat("name,", 2099) + "name"}
	for _, q := range bad {
		if _, err := m.ParseList(mustQuery(q)); err == nil {
			t.Errorf("%q: accepted, want 400", q)
		}
	}
	lq, _ := m.ParseList(mustQuery("page=3"))
	if lq.Limit != 20 || lq.Page != 3 {
		t.Errorf("page without limit: %+v", lq)
	}
}

// FuzzDecode checks that no input makes a field decoder panic.
// Run longer with: go test -fuzz FuzzDecode ./internal/crud/
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`"x"`, `1`, `1.5`, `null`, `{"a":1}`, `[1]`, `"2025-01-01"`, `true`, `"9.99"`, `1e400`, `"\ud800"`} {
		f.Add(s)
	}
	fields, err := parseFields(reflect.TypeOf(sample{}))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, fl := range fields {
			if fl.Base {
				continue
			}
			row := reflect.ValueOf(&sample{})
			if fl.decode(row, json.RawMessage(in)) == "" {
				_ = fl.arg(row)
			}
		}
	})
}
