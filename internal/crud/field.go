package crud

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/mail"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/password"
)

// Kind is the logical type of a field; it decides the column type, the JSON
// schema and how input is parsed.
type Kind int

// Field kinds.
const (
	KString   Kind = iota // short text, VARCHAR(255) by default
	KText                 // long text
	KInt                  // 64-bit integer
	KFloat                // non-money decimal
	KBool                 // boolean
	KTime                 // instant (db.Time)
	KDate                 // calendar day (db.Date)
	KMoney                // exact amount (db.Money)
	KJSON                 // opaque JSON document (db.JSON)
	KPassword             // write-only secret, stored as a bcrypt hash
	KAmount               // money in the row's currency (Amount), stored as BIGINT units of 10^-4
)

var (
	timeType  = reflect.TypeOf(db.Time(0))
	dateType  = reflect.TypeOf(db.Date(""))
	moneyType = reflect.TypeOf(db.Money(0))
	jsonType  = reflect.TypeOf(db.JSON(nil))
)

// Field describes one column of a resource, read once from its struct tags.
//
// Tags: `db:"column"` names the column, `json:"name"` the wire name, and
// `v:"..."` holds comma-separated rules: required, readonly, text, password,
// file (one uploaded file or a text, on a FileRef), files (uploaded files
// inside a JSON document; see FileRef), unique (per company; unique=global across companies), ci (case-insensitive uniqueness), email, filter, sort, search,
// min=N, max=N, enum=a|b|c, pattern=NAME, default=VALUE, shape=object|array,
// in=NAME (the input name of a field not written in responses),
// alias=NAME|NAME (other names create and update bodies may use for the field:
// read when the canonical name is absent, refused with 422 naming the alias
// when both are sent with different values; answers use the canonical name).
type Field struct {
	Name     string // wire name
	Column   string
	Kind     Kind
	Nullable bool // pointer field: NULL allowed
	Required bool
	ReadOnly bool // server-owned: input ignored
	Unique   bool
	Global   bool // unique across every company, not only inside one
	CI       bool // uniqueness ignores case
	Email    bool
	Filter   bool
	Sort     bool
	Search   bool
	Min, Max int
	Enum     []string
	Pattern  string
	Default  string
	Shape    string   // for KJSON: "object", "array" or "" (any)
	Hidden   bool     // never written in responses (json:"-")
	Base     bool     // one of the columns every row has
	Aliases  []string // other input names of the field
	// File is "file" for a field holding one uploaded file or a text,
	// "files" for a JSON document holding files (see FileRef).
	File string

	index []int
	typ   reflect.Type
}

// MaxNumberLen bounds the text of a number (integer, decimal or money) before
// it is parsed, so that a huge numeral costs nothing to refuse.
const MaxNumberLen = 40

// Patterns are the named input patterns a field may require. Password fields
// follow the password policy (package password) instead.
var Patterns = map[string]struct {
	Re  *regexp.Regexp
	Msg string
}{
	"letters":  {regexp.MustCompile(`^[\p{L} ]+$`), "must contain only letters and spaces"},
	"username": {regexp.MustCompile(`^[^@\x00-\x1f\x7f]+$`), "must not contain '@' or control characters"},
	"phone":    {regexp.MustCompile(`^\+?[0-9 ()-]{3,30}$`), "must be a phone number"},
	"time":     {regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$`), "must be a time of day (HH:MM or HH:MM:SS)"},
}

func parseFields(t reflect.Type) ([]*Field, error) {
	var out []*Field
	var walk func(t reflect.Type, prefix []int, base bool) error
	walk = func(t reflect.Type, prefix []int, base bool) error {
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			idx := append(append([]int{}, prefix...), i)
			if sf.Anonymous && sf.Type.Kind() == reflect.Struct {
				if err := walk(sf.Type, idx, sf.Type == reflect.TypeOf(Base{})); err != nil {
					return err
				}
				continue
			}
			col := sf.Tag.Get("db")
			if col == "" || col == "-" {
				continue
			}
			f := &Field{Column: col, index: idx, typ: sf.Type, Base: base}
			jn, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if jn == "-" {
				f.Hidden = true
			} else {
				f.Name = jn
			}
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				f.Nullable = true
				ft = ft.Elem()
			}
			switch {
			case ft == timeType:
				f.Kind = KTime
			case ft == dateType:
				f.Kind = KDate
			case ft == moneyType:
				f.Kind = KMoney
			case ft == amountType:
				f.Kind = KAmount
			case ft == jsonType || ft == jsonStringType:
				f.Kind = KJSON
				f.Nullable = true
			case ft.Kind() == reflect.String:
				f.Kind = KString
			case ft.Kind() == reflect.Int64 || ft.Kind() == reflect.Int:
				f.Kind = KInt
			case ft.Kind() == reflect.Float64:
				f.Kind = KFloat
			case ft.Kind() == reflect.Bool:
				f.Kind = KBool
			default:
				return fmt.Errorf("crud: field %s: unsupported type %s", sf.Name, sf.Type)
			}
			for _, rule := range strings.Split(sf.Tag.Get("v"), ",") {
				k, v, _ := strings.Cut(strings.TrimSpace(rule), "=")
				switch k {
				case "":
				case "required":
					f.Required = true
				case "readonly":
					f.ReadOnly = true
				case "text":
					f.Kind = KText
				case "password":
					f.Kind = KPassword
				case "unique":
					f.Unique = true
					f.Global = v == "global"
				case "ci":
					f.CI = true
				case "email":
					f.Email = true
				case "filter":
					f.Filter = true
				case "sort":
					f.Sort = true
				case "search":
					f.Search = true
				case "min":
					f.Min, _ = strconv.Atoi(v)
				case "max":
					f.Max, _ = strconv.Atoi(v)
				case "enum":
					f.Enum = strings.Split(v, "|")
				case "pattern":
					if _, ok := Patterns[v]; !ok {
						return fmt.Errorf("crud: field %s: unknown pattern %q", sf.Name, v)
					}
					f.Pattern = v
				case "default":
					f.Default = v
				case "shape":
					f.Shape = v
				case "in":
					f.Name = v
				case "file":
					if ft != fileRefType {
						return fmt.Errorf("crud: field %s: a file field must be a crud.FileRef", sf.Name)
					}
					f.File = "file"
				case "files":
					if f.Kind != KJSON {
						return fmt.Errorf("crud: field %s: a files field must be a JSON document", sf.Name)
					}
					f.File = "files"
				case "alias":
					for _, a := range strings.Split(v, "|") {
						if a = strings.TrimSpace(a); a == "" {
							return fmt.Errorf("crud: field %s: empty alias", sf.Name)
						}
						f.Aliases = append(f.Aliases, a)
					}
				default:
					return fmt.Errorf("crud: field %s: unknown rule %q", sf.Name, k)
				}
			}
			if f.Max == 0 {
				switch f.Kind {
				case KString:
					f.Max = 255
				case KText:
					f.Max = 20000
				case KPassword:
					f.Max = password.MaxBytes // documents bcrypt's limit; the policy counts bytes
				}
			}
			if len(f.Aliases) > 0 && (f.ReadOnly || f.Base || f.Name == "") {
				return fmt.Errorf("crud: field %s: an alias needs a writable field with an input name", sf.Name)
			}
			if f.Kind == KPassword && f.Min == 0 {
				f.Min = password.MinLength
			}
			out = append(out, f)
		}
		return nil
	}
	if err := walk(t, nil, false); err != nil {
		return nil, err
	}
	return out, nil
}

// value returns the field of row (a pointer to the struct).
func (f *Field) value(row reflect.Value) reflect.Value { return row.Elem().FieldByIndex(f.index) }

// arg converts the field's value into a plain driver argument.
func (f *Field) arg(row reflect.Value) any {
	v := f.value(row)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch f.Kind {
	case KJSON:
		b := v.Bytes()
		if len(b) == 0 {
			return nil
		}
		return string(b)
	case KString, KText, KDate, KPassword:
		return v.String()
	case KInt, KTime, KMoney:
		return v.Int()
	case KFloat:
		return v.Float()
	case KBool:
		return v.Bool()
	}
	return v.Interface()
}

// isEmpty reports a value that does not satisfy "required".
func (f *Field) isEmpty(row reflect.Value) bool {
	v := f.value(row)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return true
		}
		v = v.Elem()
	}
	switch f.Kind {
	case KString, KText, KDate, KPassword:
		return strings.TrimSpace(v.String()) == ""
	case KJSON:
		return len(v.Bytes()) == 0 || string(v.Bytes()) == "null"
	case KTime:
		return v.Int() == 0
	}
	return false
}

func quoted(name string) string { return `"` + name + `"` }

// decode parses raw input for the field and stores it in row. It returns a
// user-facing message when the input is not acceptable.
func (f *Field) decode(row reflect.Value, raw json.RawMessage) string {
	if f.File == "file" {
		return f.decodeFileRef(row, raw)
	}
	n := quoted(f.Name)
	v := f.value(row)
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		if f.Required {
			return n + " is required"
		}
		if len(f.Enum) > 0 && !f.Nullable {
			return "" // like "": an enum that cannot be empty keeps its value
		}
		v.Set(reflect.Zero(v.Type()))
		return ""
	}
	target := v
	if v.Kind() == reflect.Pointer {
		target = reflect.New(v.Type().Elem()).Elem()
	}
	var s string
	isString := len(raw) > 0 && raw[0] == '"'
	if isString {
		if err := json.Unmarshal(raw, &s); err != nil {
			return n + " must be a string"
		}
	}
	switch f.Kind {
	case KString, KText, KPassword:
		if !isString {
			return n + " must be a string"
		}
		if f.Kind != KPassword {
			s = strings.TrimSpace(s)
		}
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return n + " contains invalid characters"
		}
		l := utf8.RuneCountInString(s)
		if s == "" {
			if f.Required {
				return n + " is not allowed to be empty"
			}
			if f.Nullable && (len(f.Enum) > 0 || f.Email) {
				v.Set(reflect.Zero(v.Type()))
				return ""
			}
			break
		}
		if f.Kind == KPassword {
			// Without the account: the resource checks the account-specific
			// rules (username, super-admin length) with password.Check too.
			if err := password.Check(s, password.Account{}); err != nil {
				return n + " " + err.Error()
			}
			target.SetString(s)
			break
		}
		if f.Max > 0 && l > f.Max {
			return fmt.Sprintf("%s length must be less than or equal to %d characters long", n, f.Max)
		}
		if f.Min > 0 && l < f.Min {
			return fmt.Sprintf("%s length must be at least %d characters long", n, f.Min)
		}
		if len(f.Enum) > 0 && !contains(f.Enum, s) {
			return fmt.Sprintf("%s must be one of [%s]", n, strings.Join(f.Enum, ", "))
		}
		if f.Email {
			if a, err := mail.ParseAddress(s); err != nil || a.Address != s || !strings.Contains(s[strings.LastIndex(s, "@"):], ".") {
				return n + " must be a valid email"
			}
			s = strings.ToLower(s)
		}
		if f.Pattern != "" && !Patterns[f.Pattern].Re.MatchString(s) {
			return n + " " + Patterns[f.Pattern].Msg
		}
		target.SetString(s)
	case KDate:
		if !isString {
			return n + " must be a valid date"
		}
		if s == "" {
			if f.Required {
				return n + " is not allowed to be empty"
			}
			v.Set(reflect.Zero(v.Type()))
			return ""
		}
		d, err := db.ParseDate(s)
		if err != nil {
			return n + " must be a valid date"
		}
		target.SetString(string(d))
	case KTime:
		var t db.Time
		if isString {
			if s == "" {
				if f.Required {
					return n + " is not allowed to be empty"
				}
				v.Set(reflect.Zero(v.Type()))
				return ""
			}
			var err error
			if t, err = db.ParseTime(s); err != nil {
				return n + " must be a valid date"
			}
		} else {
			ms, err := strconv.ParseInt(string(raw), 10, 64)
			if err != nil || ms < -62135596800000 || ms > 253402300799999 { // years 1 to 9999
				return n + " must be a valid date"
			}
			t = db.Time(ms)
		}
		target.SetInt(int64(t))
	case KInt:
		num := string(raw)
		if isString {
			num = strings.TrimSpace(s)
		}
		if len(num) > MaxNumberLen {
			return fmt.Sprintf("%s must be a number of at most %d characters", n, MaxNumberLen)
		}
		i, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			fl, ferr := strconv.ParseFloat(num, 64)
			if ferr != nil || math.IsNaN(fl) || math.IsInf(fl, 0) {
				return n + " must be a number"
			}
			if fl != math.Trunc(fl) {
				return n + " must be an integer"
			}
			return n + " must be a safe number"
		}
		if i > 1<<53 || i < -(1<<53) {
			return n + " must be a safe number"
		}
		if i < int64(f.Min) {
			return fmt.Sprintf("%s must be greater than or equal to %d", n, f.Min)
		}
		if f.Max > 0 && i > int64(f.Max) {
			return fmt.Sprintf("%s must be less than or equal to %d", n, f.Max)
		}
		target.SetInt(i)
	case KFloat:
		num := string(raw)
		if isString {
			num = strings.TrimSpace(s)
		}
		if len(num) > MaxNumberLen {
			return fmt.Sprintf("%s must be a number of at most %d characters", n, MaxNumberLen)
		}
		fl, err := strconv.ParseFloat(num, 64)
		if err != nil || math.IsNaN(fl) || math.IsInf(fl, 0) {
			return n + " must be a number"
		}
		target.SetFloat(fl)
	case KMoney:
		num := string(raw)
		if isString {
			num = strings.TrimSpace(s)
		}
		if num == "" || strings.ContainsAny(num, "eE") {
			return n + " must be a number"
		}
		if len(num) > MaxNumberLen {
			return fmt.Sprintf("%s must be a number of at most %d characters", n, MaxNumberLen)
		}
		m, err := db.ParseMoney(num)
		if err != nil {
			return n + " must be a number with at most two decimal places"
		}
		if m < 0 && !f.allowsNegative() {
			return n + " must not be negative"
		}
		target.SetInt(int64(m))
	case KBool:
		switch {
		case string(raw) == "true" || isString && s == "true":
			target.SetBool(true)
		case string(raw) == "false" || isString && s == "false":
			target.SetBool(false)
		default:
			return n + " must be a boolean"
		}
	case KJSON:
		if isString && f.encodedAsString() {
			raw = bytes.TrimSpace([]byte(s)) // a string holding the document
		}
		if !json.Valid(raw) {
			return n + " must be valid JSON"
		}
		switch f.Shape {
		case "object":
			if raw[0] != '{' {
				return n + " must be an object"
			}
		case "array":
			if raw[0] != '[' {
				return n + " must be an array"
			}
		}
		if f.Max > 0 && len(raw) > f.Max {
			return fmt.Sprintf("%s must be at most %d bytes", n, f.Max)
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return n + " must be valid JSON"
		}
		target.SetBytes(buf.Bytes())
	}
	if v.Kind() == reflect.Pointer {
		p := reflect.New(v.Type().Elem())
		p.Elem().Set(target)
		v.Set(p)
	}
	return ""
}

// allowsNegative is true for numbers declared with a negative minimum.
func (f *Field) allowsNegative() bool { return f.Min < 0 }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
