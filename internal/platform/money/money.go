// Package money does exact decimal arithmetic for priced documents
// (proposals, and quotations, estimates and invoices to come): it parses
// decimal input without floating point, validates ISO 4217 currency codes,
// bounds and validates line items, and computes line amounts and document
// totals rounded half-up to the currency's minor unit.
//
// Amounts are math/big rationals while they are computed and int64 minor units
// once rounded (every rounded amount is below MaxMinor, so sums of them fit).
// They are written as decimal strings in plain notation with exactly the
// currency's number of decimals ("1234.50" in USD, "1235" in JPY, "1.235" in
// KWD): see Currency.Format.
package money

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"golang.org/x/text/currency"
)

// MaxNumberLen bounds the text of a number before it is parsed.
const MaxNumberLen = 40

// MaxMinor bounds every amount in minor units (unit prices, line amounts and
// totals): 10^15 minor units, ten trillion dollars. Amounts below it are exact
// as JSON numbers too (below 2^53).
const MaxMinor int64 = 1_000_000_000_000_000

// MaxMajor bounds every amount in major units: 10^14, so that it fits a
// BIGINT in units of 10^-4 of the major unit (below 10^18; see crud.Amount).
const MaxMajor int64 = 100_000_000_000_000

// Limit is the bound on every amount in c, in minor units: MaxMinor, or
// MaxMajor major units when that is less (currencies without minor unit, such
// as JPY, stop at 10^14). Sums of three such amounts still fit an int64.
func (c Currency) Limit() int64 {
	if c.Digits == 0 {
		return MaxMajor
	}
	return MaxMinor
}

// Currency is an ISO 4217 currency and its number of minor-unit digits.
type Currency struct {
	Code   string // "USD"
	Digits int    // 2 for USD, 0 for JPY, 3 for KWD
}

// ParseCurrency accepts an ISO 4217 code (letters in any case, surrounding
// spaces ignored) and returns it upper-cased with its minor-unit digits.
func ParseCurrency(code string) (Currency, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) != 3 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return Currency{}, fmt.Errorf("%q is not an ISO 4217 currency code", code)
	}
	u, err := currency.ParseISO(code)
	if err != nil || u.String() != code {
		return Currency{}, fmt.Errorf("%q is not an ISO 4217 currency code", code)
	}
	scale, _ := currency.Standard.Rounding(u)
	return Currency{Code: code, Digits: scale}, nil
}

var plainDecimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// ParseDecimal reads a JSON number or a JSON string holding a number, in plain
// decimal notation (no exponent, no fraction, no base prefix, at most
// MaxNumberLen characters), exactly. maxFrac bounds its fractional digits.
func ParseDecimal(raw json.RawMessage, maxFrac int) (*big.Rat, error) {
	s := strings.TrimSpace(string(raw))
	if strings.HasPrefix(s, `"`) {
		var str string
		if err := json.Unmarshal(raw, &str); err != nil {
			return nil, fmt.Errorf("must be a number")
		}
		s = strings.TrimSpace(str)
	}
	if len(s) > MaxNumberLen {
		return nil, fmt.Errorf("must be a number of at most %d characters", MaxNumberLen)
	}
	if !plainDecimal.MatchString(s) {
		return nil, fmt.Errorf("must be a number in plain decimal notation")
	}
	if _, frac, ok := strings.Cut(s, "."); ok && len(strings.TrimRight(frac, "0")) > maxFrac {
		if maxFrac == 0 {
			return nil, fmt.Errorf("must be a whole number")
		}
		return nil, fmt.Errorf("must have at most %d decimal places", maxFrac)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("must be a number")
	}
	return r, nil
}

var (
	ratHalf    = big.NewRat(1, 2)
	ratHundred = big.NewRat(100, 1)
)

func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// Round rounds r (an amount in major units) half-up to the currency's minor
// unit and returns it in minor units: 0.045 USD is 5 cents, 0.044 is 4;
// negative amounts round half away from zero.
func (c Currency) Round(r *big.Rat) *big.Int {
	x := new(big.Rat).Mul(r, new(big.Rat).SetInt(pow10(c.Digits)))
	neg := x.Sign() < 0
	if neg {
		x.Neg(x)
	}
	x.Add(x, ratHalf)
	q := new(big.Int).Quo(x.Num(), x.Denom()) // floor, x ≥ 0
	if neg {
		q.Neg(q)
	}
	return q
}

// Minor returns r in minor units when it has no more decimals than the
// currency allows.
func (c Currency) Minor(r *big.Rat) (*big.Int, bool) {
	x := new(big.Rat).Mul(r, new(big.Rat).SetInt(pow10(c.Digits)))
	if !x.IsInt() {
		return nil, false
	}
	return new(big.Int).Set(x.Num()), true
}

// Format writes an amount in minor units as a decimal string with exactly the
// currency's digits: Format(123450) is "1234.50" in USD.
func (c Currency) Format(minor int64) string {
	return formatScaled(big.NewInt(minor), c.Digits)
}

func formatScaled(v *big.Int, digits int) string {
	neg := v.Sign() < 0
	s := new(big.Int).Abs(v).String()
	if digits > 0 {
		for len(s) <= digits {
			s = "0" + s
		}
		s = s[:len(s)-digits] + "." + s[len(s)-digits:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// FormatRat writes r in plain decimal notation with the fewest digits that
// show it exactly (r must be a terminating decimal, as parsed input is).
func FormatRat(r *big.Rat) string {
	for d := 0; d <= MaxNumberLen; d++ {
		x := new(big.Rat).Mul(r, new(big.Rat).SetInt(pow10(d)))
		if x.IsInt() {
			return formatScaled(x.Num(), d)
		}
	}
	return r.FloatString(MaxNumberLen)
}
