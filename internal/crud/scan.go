package crud

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/crmhrm/crm/internal/platform/db"
)

// Scan targets without reflection. database/sql converts a column into a
// *string or *[]byte directly, but into a *db.Time, a *int64 or any pointer
// field (**string, ...) by reflection, allocating a new pointee per row and,
// for a MySQL integer (sent as text), formatting and parsing it again. These
// scanners take the driver's value as it comes; a nullable field reuses its
// pointee from the previous row (the list encodes each row before the next
// Scan).

// scanTargets returns what to hand rows.Scan for the field addresses ptrs
// (see rowCodec.targets): ptrs itself where database/sql is already direct.
func scanTargets(ptrs []any) []any {
	out := make([]any, len(ptrs))
	for i, p := range ptrs {
		switch p := p.(type) {
		case **string:
			out[i] = nullStringScan{p}
		case *int64:
			out[i] = int64Scan{p}
		case **int64:
			out[i] = nullInt64Scan{p}
		case *db.Time:
			out[i] = timeScan{p}
		case **db.Time:
			out[i] = nullTimeScan{p}
		default:
			out[i] = p
		}
	}
	return out
}

type nullStringScan struct{ p **string }

func (s nullStringScan) Scan(src any) error {
	if src == nil {
		*s.p = nil
		return nil
	}
	v, err := asString(src)
	if err != nil {
		return err
	}
	if *s.p == nil {
		*s.p = new(string)
	}
	**s.p = v
	return nil
}

type int64Scan struct{ p *int64 }

func (s int64Scan) Scan(src any) (err error) {
	*s.p, err = asInt64(src)
	return err
}

type nullInt64Scan struct{ p **int64 }

func (s nullInt64Scan) Scan(src any) error {
	if src == nil {
		*s.p = nil
		return nil
	}
	v, err := asInt64(src)
	if err != nil {
		return err
	}
	if *s.p == nil {
		*s.p = new(int64)
	}
	**s.p = v
	return nil
}

type timeScan struct{ p *db.Time }

func (s timeScan) Scan(src any) error {
	v, err := asInt64(src)
	*s.p = db.Time(v)
	return err
}

type nullTimeScan struct{ p **db.Time }

func (s nullTimeScan) Scan(src any) error {
	if src == nil {
		*s.p = nil
		return nil
	}
	v, err := asInt64(src)
	if err != nil {
		return err
	}
	if *s.p == nil {
		*s.p = new(db.Time)
	}
	**s.p = db.Time(v)
	return nil
}

// asInt64 reads an integer column as database/sql would into an *int64.
func asInt64(src any) (int64, error) {
	switch v := src.(type) {
	case int64:
		return v, nil
	case []byte:
		return parseInt(string(v))
	case string:
		return parseInt(v)
	case nil:
		return 0, fmt.Errorf("converting NULL to int64 is unsupported")
	}
	rv := reflect.ValueOf(src)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if u := rv.Uint(); u <= 1<<63-1 {
			return int64(u), nil
		}
	}
	return 0, fmt.Errorf("converting driver.Value type %T (%v) to a int64: invalid syntax", src, src)
}

func parseInt(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("converting driver.Value type string (%q) to a int64: %w", s, err)
	}
	return n, nil
}

// asString reads a column as database/sql would into a *string.
func asString(src any) (string, error) {
	switch v := src.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), nil
	case bool:
		return strconv.FormatBool(v), nil
	}
	return "", fmt.Errorf("unsupported Scan, storing driver.Value type %T into type *string", src)
}
