package money

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"
)

func mustCur(t *testing.T, code string) Currency {
	t.Helper()
	c, err := ParseCurrency(code)
	if err != nil {
		t.Fatalf("ParseCurrency(%q): %v", code, err)
	}
	return c
}

func TestParseCurrency(t *testing.T) {
	for code, digits := range map[string]int{"USD": 2, "usd": 2, " EUR ": 2, "INR": 2, "JPY": 0, "KWD": 3, "BHD": 3} {
		c := mustCur(t, code)
		if c.Digits != digits || c.Code != strings.ToUpper(strings.TrimSpace(code)) {
			t.Errorf("%q: got %+v, want %d digits", code, c, digits)
		}
	}
	for _, bad := range []string{"", "US", "USDX", "ABC", "QQQ", "U$D", "12A", "dollar", "€"} {
		if _, err := ParseCurrency(bad); err == nil {
			t.Errorf("ParseCurrency(%q) accepted a code that is not ISO 4217", bad)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	ok := map[string]string{`1`: "1", `"19.99"`: "19.99", `0.5`: "0.5", `"  7 "`: "7", `2.50`: "2.5", `10.000`: "10"}
	for in, want := range ok {
		r, err := ParseDecimal(json.RawMessage(in), 2)
		if err != nil || FormatRat(r) != want {
			t.Errorf("ParseDecimal(%s) = %v, %v; want %s", in, r, err, want)
		}
	}
	for _, bad := range []string{`1e3`, `"1e3"`, `"0x10"`, `"1_000"`, `"1/3"`, `"abc"`, `""`, `true`, `{}`, `1.234`, `.5`, `"` + strings.Repeat("9", 41) + `"`, `"NaN"`, `"Inf"`} {
		if r, err := ParseDecimal(json.RawMessage(bad), 2); err == nil {
			t.Errorf("ParseDecimal(%s) accepted %v", bad, r)
		}
	}
}

func TestRoundHalfUp(t *testing.T) {
	usd, jpy := mustCur(t, "USD"), mustCur(t, "JPY")
	cases := []struct {
		c    Currency
		in   string
		want int64
	}{
		{usd, "0.045", 5}, {usd, "0.0449", 4}, {usd, "0.055", 6}, {usd, "2.675", 268}, {usd, "-0.045", -5},
		{jpy, "2.5", 3}, {jpy, "3.5", 4}, {jpy, "2.4999", 2},
	}
	for _, tc := range cases {
		r, _ := new(big.Rat).SetString(tc.in)
		if got := tc.c.Round(r).Int64(); got != tc.want {
			t.Errorf("%s Round(%s) = %d, want %d", tc.c.Code, tc.in, got, tc.want)
		}
	}
	if s := usd.Format(5); s != "0.05" {
		t.Errorf("Format(5) = %q", s)
	}
	if s := usd.Format(-123450); s != "-1234.50" {
		t.Errorf("Format(-123450) = %q", s)
	}
	if s := jpy.Format(1099); s != "1099" {
		t.Errorf("JPY Format(1099) = %q", s)
	}
	if s := mustCur(t, "KWD").Format(1); s != "0.001" {
		t.Errorf("KWD Format(1) = %q", s)
	}
}

func compute(t *testing.T, code, items string, rate string) ([]Item, Totals) {
	t.Helper()
	cur := mustCur(t, code)
	its, errs := ParseItems("items", []byte(items), cur)
	if len(errs) > 0 {
		t.Fatalf("ParseItems: %v", errs)
	}
	r, _ := new(big.Rat).SetString(rate)
	tot, err := Compute(its, r, cur)
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return its, tot
}

// TestComputeByHand pins the rounding rules with amounts worked out by hand.
func TestComputeByHand(t *testing.T) {
	// USD, document discount 10 %:
	//   line 0: 3 × 19.99 = 59.97;                      tax 59.97 × 0.9 × 18 % = 9.71514 → 9.72
	//   line 1: 1.5 × 0.03 = 0.045 → 0.05 (half-up; half-even would give 0.04); no tax
	//   line 2: 2 × 10.01 × (1 − 12.5 %) = 17.5175 → 17.52; tax 17.52 × 0.9 × 5 % = 0.7884 → 0.79
	//   subtotal 77.54; discount 7.754 → 7.75; tax 9.72 + 0.79 = 10.51; total 77.54 − 7.75 + 10.51 = 80.30
	its, tot := compute(t, "USD", `[
		{"name":"Widget","quantity":3,"price":"19.99","tax":18,"amount":1,"total":999},
		{"item":"Bolt","quantity":"1.5","price":0.03},
		{"name":"Service","quantity":2,"price":10.01,"discount":"12.5","tax":5}]`, "10")
	wantLines := [][2]int64{{5997, 972}, {5, 0}, {1752, 79}}
	for i, w := range wantLines {
		if its[i].Amount != w[0] || its[i].TaxAmount != w[1] {
			t.Errorf("line %d: amount %d tax %d, want %d and %d", i, its[i].Amount, its[i].TaxAmount, w[0], w[1])
		}
	}
	if want := (Totals{Subtotal: 7754, Discount: 775, Tax: 1051, Total: 8030}); tot != want {
		t.Errorf("totals %+v, want %+v", tot, want)
	}
	var enc []map[string]string
	if err := json.Unmarshal(EncodeItems(its, mustCur(t, "USD")), &enc); err != nil {
		t.Fatal(err)
	}
	if enc[0]["amount"] != "59.97" || enc[0]["price"] != "19.99" || enc[1]["name"] != "Bolt" || enc[1]["amount"] != "0.05" ||
		enc[2]["tax_amount"] != "0.79" || enc[2]["discount"] != "12.5" || enc[1]["quantity"] != "1.5" {
		t.Errorf("encoded items: %v", enc)
	}

	// JPY has no minor unit: 3 × 333 = 999; tax 10 % = 99.9 → 100; total 1099.
	_, tot = compute(t, "JPY", `[{"name":"Tea","quantity":3,"price":333,"tax":10}]`, "0")
	if want := (Totals{Subtotal: 999, Tax: 100, Total: 1099}); tot != want {
		t.Errorf("JPY totals %+v, want %+v", tot, want)
	}
	// KWD has three decimals: 0.5 × 0.001 = 0.0005 → 0.001.
	_, tot = compute(t, "KWD", `[{"name":"Pin","quantity":0.5,"price":"0.001"}]`, "0")
	if tot.Total != 1 {
		t.Errorf("KWD total %d minor units, want 1", tot.Total)
	}
	// A 100 % discount leaves nothing to tax.
	_, tot = compute(t, "USD", `[{"name":"Gift","quantity":1,"price":50,"tax":20}]`, "100")
	if want := (Totals{Subtotal: 5000, Discount: 5000, Tax: 0, Total: 0}); tot != want {
		t.Errorf("100%% discount totals %+v, want %+v", tot, want)
	}
}

func fields(errs []string) string { return strings.Join(errs, ",") }

func TestParseItemsRefusals(t *testing.T) {
	usd, jpy := mustCur(t, "USD"), mustCur(t, "JPY")
	cases := []struct {
		cur   Currency
		items string
		field string
	}{
		{usd, `{}`, "items"},
		{usd, `[]`, "items"},
		{usd, `[1]`, "items[0]"},
		{usd, `[{"quantity":1,"price":1}]`, "items[0].name"},
		{usd, `[{"name":"a","price":1}]`, "items[0].quantity"},
		{usd, `[{"name":"a","quantity":1}]`, "items[0].price"},
		{usd, `[{"name":"a","quantity":1,"price":1},{"name":"b","quantity":-1,"price":1}]`, "items[1].quantity"},
		{usd, `[{"name":"a","quantity":1000000000,"price":1}]`, "items[0].quantity"},
		{usd, `[{"name":"a","quantity":"0.00001","price":1}]`, "items[0].quantity"},
		{usd, `[{"name":"a","quantity":1,"price":100000000000000000000}]`, "items[0].price"},
		{usd, `[{"name":"a","quantity":1,"price":10000000000000}]`, "items[0].price"}, // 10^15 cents
		{usd, `[{"name":"a","quantity":1,"price":-5}]`, "items[0].price"},
		{usd, `[{"name":"a","quantity":1,"price":"1.999"}]`, "items[0].price"},
		{jpy, `[{"name":"a","quantity":1,"price":"1.5"}]`, "items[0].price"},
		{usd, `[{"name":"a","quantity":1,"price":1,"discount":101}]`, "items[0].discount"},
		{usd, `[{"name":"a","quantity":1,"price":1,"tax":-1}]`, "items[0].tax"},
		{usd, `[{"name":"a","quantity":1,"price":"1e2"}]`, "items[0].price"},
		{usd, `[{"name":"a","quantity":1,"price":1,"description":7}]`, "items[0].description"},
	}
	for _, tc := range cases {
		_, errs := ParseItems("items", []byte(tc.items), tc.cur)
		var got []string
		for _, e := range errs {
			got = append(got, e.Field)
		}
		if len(got) == 0 || got[0] != tc.field {
			t.Errorf("%s: errors on %q, want %q first", tc.items, fields(got), tc.field)
		}
	}
	// Too many lines are refused as a whole, before any line is read.
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < MaxItems+1; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"name":"n%d","quantity":1,"price":1}`, i)
	}
	b.WriteString("]")
	if _, errs := ParseItems("items", []byte(b.String()), usd); len(errs) != 1 || errs[0].Field != "items" {
		t.Errorf("%d items: %v", MaxItems+1, errs)
	}
}

func TestComputeBound(t *testing.T) {
	usd := mustCur(t, "USD")
	// Each line is below the bound (999,999,999 × 9,999,999.99 ≈ 10^16 is not:
	// use 1 × 9,999,999,999,999.99 = just below 10^15 cents), two lines are not.
	its, errs := ParseItems("items", []byte(`[{"name":"a","quantity":1,"price":"9999999999999.99"},{"name":"b","quantity":1,"price":"9999999999999.99"}]`), usd)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if _, err := Compute(its, new(big.Rat), usd); err == nil {
		t.Fatal("a total of 2 × 10^15 cents was accepted")
	}
	its, _ = ParseItems("items", []byte(`[{"name":"a","quantity":999999999,"price":"9999999.99"}]`), usd)
	if _, err := Compute(its, new(big.Rat), usd); err == nil {
		t.Fatal("a line of about 10^16 was accepted")
	}
}
