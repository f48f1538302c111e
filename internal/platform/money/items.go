package money

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"unicode/utf8"

	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Bounds on line items.
const (
	MaxItems       = 500 // lines per document
	MaxQuantity    = 1_000_000_000
	QuantityDigits = 4   // fractional digits of a quantity
	RateDigits     = 4   // fractional digits of a discount or tax rate (percent)
	maxTextLen     = 255 // item name and tax name
	maxDescLen     = 2000
)

// Item is one validated line: what the client sent plus the computed amounts
// in minor units.
type Item struct {
	Name        string
	Description string
	TaxName     string
	Quantity    *big.Rat
	Price       *big.Rat // unit price, major units
	Discount    *big.Rat // percent of quantity × price, 0–100
	Tax         *big.Rat // tax rate in percent, 0–100

	Amount    int64 // quantity × price less the line discount, rounded
	TaxAmount int64 // tax on Amount after the document discount, rounded
}

// Totals are a document's computed amounts in minor units.
type Totals struct {
	Subtotal int64 // Σ line amounts
	Discount int64 // the document discount: Subtotal × rate, rounded
	Tax      int64 // Σ line tax amounts
	Total    int64 // Subtotal − Discount + Tax
}

// ParseItems validates a JSON array of line items for currency cur. Each item
// is an object with:
//
//	name (or item)   required text, at most 255 characters
//	description      optional text
//	quantity         required, 0 ≤ q < 10^9, at most 4 decimals
//	price            required unit price, 0 ≤ p, at most the currency's
//	                 decimals, below cur.Limit() minor units
//	discount         optional line discount in percent, 0–100 (default 0)
//	tax              optional tax rate in percent, 0–100 (default 0)
//	tax_name         optional label of the tax
//
// Amounts the client computed (amount, total) are ignored. Failures name the
// field as field[i].key (items[3].quantity), every failure listed.
func ParseItems(field string, raw []byte, cur Currency) ([]Item, httpapi.FieldErrors) {
	var errs httpapi.FieldErrors
	var list []json.RawMessage
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &list) != nil {
		errs.Add(field, quoted(field)+" must be an array of items")
		return nil, errs
	}
	if len(list) == 0 {
		errs.Add(field, quoted(field)+" must hold at least one item")
		return nil, errs
	}
	if len(list) > MaxItems {
		errs.Add(field, fmt.Sprintf("%s must hold at most %d items", quoted(field), MaxItems))
		return nil, errs
	}
	items := make([]Item, 0, len(list))
	for i, r := range list {
		at := fmt.Sprintf("%s[%d]", field, i)
		var obj map[string]json.RawMessage
		if bytes.TrimSpace(r)[0] != '{' || json.Unmarshal(r, &obj) != nil {
			errs.Add(at, quoted(at)+" must be an object")
			continue
		}
		it := Item{}
		text := func(key string, max int, required bool) string {
			v, ok := obj[key]
			if !ok || string(v) == "null" {
				if required {
					errs.Add(at+"."+key, quoted(at+"."+key)+" is required")
				}
				return ""
			}
			var s string
			if json.Unmarshal(v, &s) != nil {
				errs.Add(at+"."+key, quoted(at+"."+key)+" must be a string")
				return ""
			}
			s = strings.TrimSpace(s)
			if required && s == "" {
				errs.Add(at+"."+key, quoted(at+"."+key)+" is not allowed to be empty")
			}
			if utf8.RuneCountInString(s) > max || !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				errs.Add(at+"."+key, fmt.Sprintf("%s must be at most %d characters of text", quoted(at+"."+key), max))
			}
			return s
		}
		nameKey := "name"
		if _, ok := obj["name"]; !ok {
			if _, ok := obj["item"]; ok {
				nameKey = "item"
			}
		}
		it.Name = text(nameKey, maxTextLen, true)
		it.Description = text("description", maxDescLen, false)
		it.TaxName = text("tax_name", maxTextLen, false)
		num := func(key string, frac int, required bool) *big.Rat {
			v, ok := obj[key]
			if !ok || string(v) == "null" {
				if required {
					errs.Add(at+"."+key, quoted(at+"."+key)+" is required")
					return nil
				}
				return new(big.Rat)
			}
			r, err := ParseDecimal(v, frac)
			if err != nil {
				errs.Add(at+"."+key, quoted(at+"."+key)+" "+err.Error())
				return nil
			}
			if r.Sign() < 0 {
				errs.Add(at+"."+key, quoted(at+"."+key)+" must not be negative")
				return nil
			}
			return r
		}
		it.Quantity = num("quantity", QuantityDigits, true)
		if it.Quantity != nil && it.Quantity.Cmp(big.NewRat(MaxQuantity, 1)) >= 0 {
			errs.Add(at+".quantity", fmt.Sprintf("%s must be less than %d", quoted(at+".quantity"), MaxQuantity))
		}
		it.Price = num("price", cur.Digits, true)
		if it.Price != nil {
			if m, _ := cur.Minor(it.Price); m != nil && m.Cmp(big.NewInt(cur.Limit())) >= 0 {
				errs.Add(at+".price", fmt.Sprintf("%s must be less than %s %s", quoted(at+".price"), cur.Format(cur.Limit()), cur.Code))
			}
		}
		for _, k := range []string{"discount", "tax"} {
			r := num(k, RateDigits, false)
			if r != nil && r.Cmp(ratHundred) > 0 {
				errs.Add(at+"."+k, quoted(at+"."+k)+" must be a percentage from 0 to 100")
			}
			if k == "discount" {
				it.Discount = r
			} else {
				it.Tax = r
			}
		}
		items = append(items, it)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return items, nil
}

// ParseRate reads a percentage from 0 to 100 with at most RateDigits decimals.
func ParseRate(raw json.RawMessage) (*big.Rat, error) {
	if string(bytes.TrimSpace(raw)) == "null" {
		return new(big.Rat), nil
	}
	r, err := ParseDecimal(raw, RateDigits)
	if err != nil {
		return nil, err
	}
	if r.Sign() < 0 || r.Cmp(ratHundred) > 0 {
		return nil, fmt.Errorf("must be a percentage from 0 to 100")
	}
	return r, nil
}

// Compute fills in each item's Amount and TaxAmount and returns the totals,
// with discountRate the document discount in percent. Every amount is rounded
// half-up to the minor unit where it is computed, per line, and the totals are
// sums of rounded amounts, so they add up exactly as shown:
//
//	amount_i   = round(quantity_i × price_i × (1 − discount_i/100))
//	subtotal   = Σ amount_i
//	discount   = round(subtotal × discountRate/100)
//	taxAmount_i = round(amount_i × (1 − discountRate/100) × tax_i/100)
//	tax        = Σ taxAmount_i
//	total      = subtotal − discount + tax
//
// Tax is charged on the discounted amount. It fails when an amount reaches
// cur.Limit().
func Compute(items []Item, discountRate *big.Rat, cur Currency) (Totals, error) {
	var t Totals
	limit := big.NewInt(cur.Limit())
	keep := new(big.Rat).Sub(big.NewRat(1, 1), new(big.Rat).Quo(discountRate, ratHundred))
	sub := new(big.Int)
	tax := new(big.Int)
	for i := range items {
		it := &items[i]
		x := new(big.Rat).Mul(it.Quantity, it.Price)
		x.Mul(x, new(big.Rat).Sub(big.NewRat(1, 1), new(big.Rat).Quo(it.Discount, ratHundred)))
		a := cur.Round(x)
		if a.Cmp(limit) >= 0 {
			return Totals{}, fmt.Errorf("line %d amounts to %s %s or more", i, cur.Format(cur.Limit()), cur.Code)
		}
		it.Amount = a.Int64()
		y := new(big.Rat).SetInt(a)
		y.Mul(y, keep)
		y.Mul(y, new(big.Rat).Quo(it.Tax, ratHundred))
		ta := cur.Round(new(big.Rat).Quo(y, new(big.Rat).SetInt(pow10(cur.Digits))))
		it.TaxAmount = ta.Int64()
		sub.Add(sub, a)
		tax.Add(tax, ta)
	}
	disc := cur.Round(new(big.Rat).Quo(new(big.Rat).Mul(new(big.Rat).SetInt(sub), new(big.Rat).Quo(discountRate, ratHundred)),
		new(big.Rat).SetInt(pow10(cur.Digits))))
	total := new(big.Int).Sub(sub, disc)
	total.Add(total, tax)
	if sub.Cmp(limit) >= 0 || total.Cmp(limit) >= 0 {
		return Totals{}, fmt.Errorf("the total amounts to %s %s or more", cur.Format(cur.Limit()), cur.Code)
	}
	t.Subtotal, t.Discount, t.Tax, t.Total = sub.Int64(), disc.Int64(), tax.Int64(), total.Int64()
	return t, nil
}

// EncodeItems writes validated, computed items as the JSON array stored and
// returned: name, description, tax_name, quantity, price, discount and tax as
// given (decimal strings), amount and tax_amount as computed (decimal strings
// with the currency's digits).
func EncodeItems(items []Item, cur Currency) []byte {
	type out struct {
		Name        string `json:"name"`
		Description string `json:"description"`
		TaxName     string `json:"tax_name"`
		Quantity    string `json:"quantity"`
		Price       string `json:"price"`
		Discount    string `json:"discount"`
		Tax         string `json:"tax"`
		Amount      string `json:"amount"`
		TaxAmount   string `json:"tax_amount"`
	}
	list := make([]out, len(items))
	for i, it := range items {
		list[i] = out{Name: it.Name, Description: it.Description, TaxName: it.TaxName, Quantity: FormatRat(it.Quantity),
			Price: cur.formatRat(it.Price), Discount: FormatRat(it.Discount), Tax: FormatRat(it.Tax),
			Amount: cur.Format(it.Amount), TaxAmount: cur.Format(it.TaxAmount)}
	}
	b, _ := json.Marshal(list)
	return b
}

// formatRat writes r with the currency's digits when it has no more, and
// exactly otherwise.
func (c Currency) formatRat(r *big.Rat) string {
	if m, ok := c.Minor(r); ok {
		return formatScaled(m, c.Digits)
	}
	return FormatRat(r)
}

func quoted(s string) string { return `"` + s + `"` }
