package crud

import "testing"

// TestAmountUnits: an amount is stored as exact units of 10^-4 and read back
// with its currency's digits.
func TestAmountUnits(t *testing.T) {
	for in, want := range map[Amount]int64{"80.30": 803000, "1099": 10990000, "12.345": 123450, "1.2345": 12345, "0": 0,
		"-0.5": -5000, "922337203685477.5807": 9223372036854775807} {
		got, err := in.Units()
		if err != nil || got != want {
			t.Errorf("Units(%q) = %d, %v; want %d", in, got, err, want)
		}
		var back Amount
		if err := back.Scan(want); err != nil {
			t.Fatal(err)
		}
		if u, _ := back.Units(); u != want {
			t.Errorf("Scan(%d) = %q", want, back)
		}
	}
	for _, bad := range []Amount{"", "1.23456", "1e5", "0x10", ".5", "5.", "1,5", "922337203685477.5808", "--1", " 1"} {
		if n, err := bad.Units(); err == nil {
			t.Errorf("Units(%q) = %d, want an error", bad, n)
		}
	}
	var a Amount
	if err := a.Scan([]byte("803000")); err != nil || a != "80.3000" {
		t.Errorf("Scan([]byte) = %q, %v", a, err)
	}
	for _, tc := range []struct {
		units int64
		code  string
		want  Amount
	}{{803000, "USD", "80.30"}, {10990000, "JPY", "1099"}, {123450, "KWD", "12.345"}, {12345, "CLF", "1.2345"},
		{-5000, "USD", "-0.50"}, {803100, "JPY", "80.31"}, {803000, "XXX?", "80.30"}} {
		m := &Meta{amounts: []amountField{{amount: 0, currency: 1}}}
		amt, code := AmountOfUnits(tc.units), tc.code
		m.fixAmounts([]any{&amt, &code})
		if amt != tc.want {
			t.Errorf("%d %s reads as %q, want %q", tc.units, tc.code, amt, tc.want)
		}
	}
}
