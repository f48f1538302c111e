package crud

import (
	"database/sql/driver"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/crmhrm/crm/internal/platform/money"
)

// Amount is a money amount held as the exact decimal string the wire shows,
// with the row's currency's digits ("80.30" in USD, "1099" in JPY, "12.345"
// in KWD), and stored as a BIGINT of AmountScale units: 10^-4 of the
// currency's major unit, whatever the currency (803000, 10990000, 123450).
// Its column therefore sorts numerically and holds the same integer on the
// three databases; nothing passes through floating point.
//
// A field of this type (kind KAmount) must be read-only (the resource computes
// it) and the row must have a `db:"currency"` field (string or *string): a
// scanned amount is written with that currency's digits (see money.Currency).
type Amount string

// AmountScale is the number of decimals an Amount column keeps: 4, the most
// any ISO 4217 currency has (CLF, UYW).
const AmountScale = 4

const amountUnit = 10_000 // 10^AmountScale

var amountType = reflect.TypeOf(Amount(""))

// Units returns the amount in units of 10^-4; it fails on anything but a
// plain decimal with at most four decimals that fits an int64.
func (a Amount) Units() (int64, error) {
	s := string(a)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > AmountScale || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" ||
		strings.Contains(s, ".") && frac == "" {
		return 0, fmt.Errorf("crud: amount %q is not a decimal with at most %d decimals", string(a), AmountScale)
	}
	frac += strings.Repeat("0", AmountScale-len(frac))
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("crud: amount %q is out of range", string(a))
	}
	if neg {
		n = -n
	}
	return n, nil
}

// Value stores the amount as its units (driver.Valuer).
func (a Amount) Value() (driver.Value, error) { return a.Units() }

// Scan reads a stored amount with all four decimals ("80.3000"); the row's
// reader then trims it to its currency's digits (see Meta.amounts).
func (a *Amount) Scan(src any) error {
	var n int64
	switch v := src.(type) {
	case int64:
		n = v
	case []byte:
		x, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return fmt.Errorf("crud: scan amount %q: %w", v, err)
		}
		n = x
	case string:
		x, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return fmt.Errorf("crud: scan amount %q: %w", v, err)
		}
		n = x
	default:
		return fmt.Errorf("crud: scan amount from %T", src)
	}
	*a = AmountOfUnits(n)
	return nil
}

// AmountOfUnits writes n units of 10^-4 with four decimals.
func AmountOfUnits(n int64) Amount {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = -u
	}
	s := strconv.FormatUint(u/amountUnit, 10) + "." + strconv.FormatUint(u%amountUnit+amountUnit, 10)[1:]
	if neg {
		s = "-" + s
	}
	return Amount(s)
}

// amountField pairs an amount with its row's currency, as indexes in
// Meta.Fields (hence in a row's scan targets).
type amountField struct{ amount, currency int }

// amountFields finds the amount fields of a row and its currency field.
func amountFields(path string, fields []*Field) []amountField {
	cur := -1
	for i, f := range fields {
		if f.Column == "currency" && f.Kind == KString {
			cur = i
		}
	}
	var out []amountField
	for i, f := range fields {
		if f.Kind != KAmount {
			continue
		}
		if f.Nullable || !f.ReadOnly || f.Filter || cur < 0 {
			panic("crud: " + path + ": amount field " + f.Column + " must be a read-only, unfiltered crud.Amount of a row with a currency column")
		}
		out = append(out, amountField{amount: i, currency: cur})
	}
	return out
}

// fixAmounts trims the amounts a row was just scanned into (dest, its scan
// targets) to the digits of the row's currency: "80.3000" becomes "80.30" in
// USD, "1099" in JPY. Decimals beyond the currency's are kept (never
// rounded), and an unknown currency keeps two.
func (m *Meta) fixAmounts(dest []any) {
	for _, a := range m.amounts {
		var code string
		switch c := dest[a.currency].(type) {
		case *string:
			code = *c
		case **string:
			if *c != nil {
				code = **c
			}
		}
		p := dest[a.amount].(*Amount)
		*p = Amount(trimDecimals(string(*p), currencyDigits(code)))
	}
}

func trimDecimals(s string, digits int) string {
	dot := strings.IndexByte(s, '.')
	if dot < 0 {
		return s
	}
	end := len(s)
	for end > dot+1+digits && s[end-1] == '0' {
		end--
	}
	if end == dot+1 {
		end = dot
	}
	return s[:end]
}

var digitsByCode sync.Map // currency code -> int

func currencyDigits(code string) int {
	if d, ok := digitsByCode.Load(code); ok {
		return d.(int)
	}
	c, err := money.ParseCurrency(code)
	if err != nil {
		return 2
	}
	digitsByCode.Store(code, c.Digits)
	return c.Digits
}
