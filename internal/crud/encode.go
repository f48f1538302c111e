package crud

import (
	"bytes"
	"context"
	"encoding"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"unicode/utf8"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// rowCodec writes a row struct as JSON without reflection per row: it is
// built once per resource from the struct's type, and a list binds it to one
// reused row (see bind), whose field addresses are both the scan targets and
// the encoders' sources. Its output is byte for byte what encoding/json
// writes for the struct; a type it cannot prove that for (unusual json tags,
// fields without a column, custom marshalers) gets a codec that falls back to
// encoding/json for each row.
type rowCodec struct {
	fallback bool
	keys     []codecKey
}

// codecKey is one member of the row's JSON object, in encoding/json's order.
type codecKey struct {
	prefix []byte // `"name":` preceded by ',' except for the first member
	field  int    // index in Meta.Fields, hence in the scan targets
	enc    func(b []byte, p any) ([]byte, error)
}

var (
	marshalerType     = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	textMarshalerType = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
)

// newRowCodec builds the codec of row type t with fields (parseFields(t)).
func newRowCodec(t reflect.Type, fields []*Field) *rowCodec {
	c, ok := buildCodec(t, fields)
	if !ok || !c.selfCheck(t, fields) {
		return &rowCodec{fallback: true}
	}
	return c
}

func buildCodec(t reflect.Type, fields []*Field) (*rowCodec, bool) {
	if implementsMarshaler(t) {
		return nil, false
	}
	byIndex := map[string]int{}
	for i, f := range fields {
		byIndex[fmt.Sprint(f.index)] = i
	}
	c := &rowCodec{}
	seen := map[string]bool{}
	var walk func(t reflect.Type, prefix []int) bool
	walk = func(t reflect.Type, prefix []int) bool {
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			idx := append(append([]int{}, prefix...), i)
			tag := sf.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := bytes.Cut([]byte(tag), []byte(","))
			if sf.Anonymous {
				ft := sf.Type
				if ft.Kind() == reflect.Pointer {
					return false
				}
				if ft.Kind() == reflect.Struct && len(name) == 0 {
					if implementsMarshaler(ft) || !walk(ft, idx) {
						return false
					}
					continue
				}
			}
			if !sf.IsExported() {
				continue
			}
			if len(opts) > 0 {
				return false // omitempty, string: left to encoding/json
			}
			n := string(name)
			if n == "" {
				n = sf.Name
			}
			for _, r := range n {
				if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
					return false
				}
			}
			fi, ok := byIndex[fmt.Sprint(idx)]
			if !ok || seen[n] {
				return false // a field without a column, or a name used twice
			}
			seen[n] = true
			enc := encoderFor(sf.Type)
			if enc == nil {
				return false
			}
			p := []byte{}
			if len(c.keys) > 0 {
				p = append(p, ',')
			}
			p = appendString(p, n)
			c.keys = append(c.keys, codecKey{prefix: append(p, ':'), field: fi, enc: enc})
		}
		return true
	}
	if !walk(t, nil) {
		return nil, false
	}
	return c, true
}

func implementsMarshaler(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(marshalerType) || pt.Implements(marshalerType) || t.Implements(textMarshalerType) || pt.Implements(textMarshalerType)
}

// selfCheck compares the codec with encoding/json on a zero row and on a row
// whose every field holds a value (pointers set, characters JSON escapes).
func (c *rowCodec) selfCheck(t reflect.Type, fields []*Field) bool {
	for _, full := range []bool{false, true} {
		rv := reflect.New(t)
		if full {
			for _, f := range fields {
				fillSample(f.value(rv))
			}
		}
		want, err := json.Marshal(rv.Interface())
		if err != nil {
			return false
		}
		got, err := c.append(nil, c.targets(rv, fields))
		if err != nil || !bytes.Equal(got, want) {
			return false
		}
	}
	return true
}

func fillSample(v reflect.Value) {
	if v.Kind() == reflect.Pointer {
		v.Set(reflect.New(v.Type().Elem()))
		v = v.Elem()
	}
	switch v.Type() {
	case jsonType, jsonStringType:
		v.SetBytes([]byte(`{"a":"<b>&\u2028","n":[1,2.5,null]}`))
		return
	case dateType:
		v.SetString("2025-01-31")
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("é<>&\"\\\n\t\x01\u2028\xff")
	case reflect.Int, reflect.Int64:
		v.SetInt(-123456789)
	case reflect.Float64:
		v.SetFloat(1.5e-7)
	case reflect.Bool:
		v.SetBool(true)
	}
}

// targets returns the addresses of row rv's fields (rv a pointer to the row
// struct): the scan targets of the row, which the encoders read.
func (c *rowCodec) targets(rv reflect.Value, fields []*Field) []any {
	dest := make([]any, len(fields))
	for i, f := range fields {
		dest[i] = f.value(rv).Addr().Interface()
	}
	return dest
}

// append writes the row whose fields dest points to.
func (c *rowCodec) append(b []byte, dest []any) ([]byte, error) {
	b = append(b, '{')
	var err error
	for i := range c.keys {
		k := &c.keys[i]
		b = append(b, k.prefix...)
		if b, err = k.enc(b, dest[k.field]); err != nil {
			return b, err
		}
	}
	return append(b, '}'), nil
}

// encoderFor returns the encoder of a field of type t, or nil when only
// encoding/json knows how to write it.
func encoderFor(t reflect.Type) func(b []byte, p any) ([]byte, error) {
	switch t {
	case reflect.TypeOf(""):
		return func(b []byte, p any) ([]byte, error) { return appendString(b, *p.(*string)), nil }
	case amountType:
		return func(b []byte, p any) ([]byte, error) { return appendString(b, string(*p.(*Amount))), nil }
	case reflect.TypeOf((*string)(nil)):
		return func(b []byte, p any) ([]byte, error) {
			if s := *p.(**string); s != nil {
				return appendString(b, *s), nil
			}
			return append(b, "null"...), nil
		}
	case dateType:
		return func(b []byte, p any) ([]byte, error) { return appendString(b, string(*p.(*db.Date))), nil }
	case reflect.PointerTo(dateType):
		return func(b []byte, p any) ([]byte, error) {
			if s := *p.(**db.Date); s != nil {
				return appendString(b, string(*s)), nil
			}
			return append(b, "null"...), nil
		}
	case reflect.TypeOf(int64(0)):
		return func(b []byte, p any) ([]byte, error) { return strconv.AppendInt(b, *p.(*int64), 10), nil }
	case reflect.TypeOf((*int64)(nil)):
		return func(b []byte, p any) ([]byte, error) {
			if n := *p.(**int64); n != nil {
				return strconv.AppendInt(b, *n, 10), nil
			}
			return append(b, "null"...), nil
		}
	case reflect.TypeOf(0):
		return func(b []byte, p any) ([]byte, error) { return strconv.AppendInt(b, int64(*p.(*int)), 10), nil }
	case reflect.TypeOf((*int)(nil)):
		return func(b []byte, p any) ([]byte, error) {
			if n := *p.(**int); n != nil {
				return strconv.AppendInt(b, int64(*n), 10), nil
			}
			return append(b, "null"...), nil
		}
	case reflect.TypeOf(0.0):
		return func(b []byte, p any) ([]byte, error) { return appendFloat(b, *p.(*float64)) }
	case reflect.TypeOf((*float64)(nil)):
		return func(b []byte, p any) ([]byte, error) {
			if f := *p.(**float64); f != nil {
				return appendFloat(b, *f)
			}
			return append(b, "null"...), nil
		}
	case reflect.TypeOf(false):
		return func(b []byte, p any) ([]byte, error) { return strconv.AppendBool(b, *p.(*bool)), nil }
	case reflect.TypeOf((*bool)(nil)):
		return func(b []byte, p any) ([]byte, error) {
			if v := *p.(**bool); v != nil {
				return strconv.AppendBool(b, *v), nil
			}
			return append(b, "null"...), nil
		}
	case timeType:
		return func(b []byte, p any) ([]byte, error) { return appendTime(b, *p.(*db.Time)), nil }
	case reflect.PointerTo(timeType):
		return func(b []byte, p any) ([]byte, error) {
			if t := *p.(**db.Time); t != nil {
				return appendTime(b, *t), nil
			}
			return append(b, "null"...), nil
		}
	case moneyType:
		return func(b []byte, p any) ([]byte, error) { return appendMoney(b, *p.(*db.Money)), nil }
	case reflect.PointerTo(moneyType):
		return func(b []byte, p any) ([]byte, error) {
			if m := *p.(**db.Money); m != nil {
				return appendMoney(b, *m), nil
			}
			return append(b, "null"...), nil
		}
	case jsonType:
		return func(b []byte, p any) ([]byte, error) { return appendDocument(b, *p.(*db.JSON)) }
	case fileRefType:
		return func(b []byte, p any) ([]byte, error) { return appendFileRef(b, string(*p.(*FileRef))), nil }
	case reflect.PointerTo(fileRefType):
		return func(b []byte, p any) ([]byte, error) {
			if s := *p.(**FileRef); s != nil {
				return appendFileRef(b, string(*s)), nil
			}
			return append(b, "null"...), nil
		}
	case jsonStringType:
		return func(b []byte, p any) ([]byte, error) {
			j := *p.(*JSONString)
			if len(j) == 0 {
				return append(b, "null"...), nil
			}
			return appendString(b, string(j)), nil
		}
	}
	return nil
}

// appendTime writes t as a JSON string in db.TimeLayout, as
// Time.MarshalJSON does; instants from 1970 to 9999 are written without
// time.Time (its formatting was a tenth of a list's time).
func appendTime(b []byte, t db.Time) []byte {
	ms := int64(t)
	if ms < 0 || ms >= 253402300800000 {
		b = append(b, '"')
		b = t.Std().AppendFormat(b, db.TimeLayout)
		return append(b, '"')
	}
	days, rem := ms/86400000, ms%86400000
	// Civil date of a day count (Howard Hinnant's days_from_civil inverse).
	z := days + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	h, mi, s, milli := rem/3600000, rem/60000%60, rem/1000%60, rem%1000
	return append(b, '"',
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10), 'T',
		byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':',
		byte('0'+s/10), byte('0'+s%10), '.', byte('0'+milli/100), byte('0'+milli/10%10), byte('0'+milli%10), 'Z', '"')
}

// appendMoney writes what Money.MarshalJSON does, without allocating.
func appendMoney(b []byte, m db.Money) []byte {
	v := int64(m)
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/100, 10)
	c := v % 100
	return append(b, '.', byte('0'+c/10), byte('0'+c%10))
}

// appendFloat writes f as encoding/json does.
func appendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, fmt.Errorf("crud: unsupported value %v", f)
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		n := len(b) // e-09 becomes e-9
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// appendDocument writes a stored JSON document as encoding/json writes the
// output of db.JSON.MarshalJSON: compacted, with <, >, & and U+2028/U+2029
// escaped. A document that needs neither (the usual case: documents are
// compacted on input) is copied as it is.
func appendDocument(b []byte, j db.JSON) ([]byte, error) {
	if len(j) == 0 {
		return append(b, "null"...), nil
	}
	inString, escaped, plain := false, false, true
	for _, c := range j {
		switch {
		case c == '<' || c == '>' || c == '&' || c == 0xE2:
			plain = false
		case inString:
			if escaped {
				escaped = false
			} else if c == '\\' {
				escaped = true
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			plain = false
		}
		if !plain {
			break
		}
	}
	if plain {
		return append(b, j...), nil
	}
	var compact, out bytes.Buffer
	if err := json.Compact(&compact, j); err != nil {
		return b, err
	}
	json.HTMLEscape(&out, compact.Bytes())
	return append(b, out.Bytes()...), nil
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string exactly as encoding/json does (with
// HTML escaping, invalid UTF-8 replaced by U+FFFD).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// EncodeLegacy is for tests comparing encoders: it reads the rows with the
// given ids through the reflective scan into row structs and returns what a
// list answer holding them, in that order, was before lists streamed: the
// envelope encoded by encoding/json. The resource must be mounted on store's
// dialect.
func (m *Meta) EncodeLegacy(ctx context.Context, store *db.DB, ids []string, msg string, page *httpapi.Pagination) ([]byte, error) {
	rows, err := m.legacy(ctx, store, ids)
	if err != nil {
		return nil, err
	}
	return json.Marshal(httpapi.Envelope{Success: true, Message: msg, Data: rows, Pagination: page})
}

// Streams reports whether the resource's lists are encoded without
// encoding/json (false: its row type needs encoding/json for each row).
func (m *Meta) Streams() bool { return !m.codec.fallback }

// rowsByID loads rows by id, in the order of ids, with scan.
func (r *Resource[T]) rowsByID(ctx context.Context, store *db.DB, ids []string) (any, error) {
	out := make([]*T, 0, len(ids))
	for _, id := range ids {
		row, err := r.scan(store.Q(ctx).QueryRowContext(ctx, r.meta.selectSQL+" WHERE "+store.Dialect.Quote("id")+" = ?", id))
		if err != nil {
			return nil, fmt.Errorf("crud: load %s %s: %w", r.Table, id, err)
		}
		out = append(out, row)
	}
	return out, nil
}
