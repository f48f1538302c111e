package crud

import (
	"math/rand/v2"
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
)

// TestAppendTime: the hand-written instant formatter writes what
// Time.MarshalJSON writes, across leap years, month ends and the edges of
// its fast range.
func TestAppendTime(t *testing.T) {
	cases := []int64{0, 1, 999, 86399999, 86400000, 951782400000, 951868799999, 4107542399999, 253402300799999,
		253402300800000, -1, -86400001, -62135596800000, 1735689599999, 1709164800000}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		cases = append(cases, r.Int64N(253402300800000+2*86400000)-86400000)
	}
	for _, ms := range cases {
		want, _ := db.Time(ms).MarshalJSON()
		if got := appendTime(nil, db.Time(ms)); string(got) != string(want) {
			t.Fatalf("%d: %s, want %s", ms, got, want)
		}
	}
}

// TestScanners: each scanner stores what database/sql stores into the same
// field, for the values the three drivers send (MySQL sends integers as text).
func TestScanners(t *testing.T) {
	var s *string
	var n int64
	var np *int64
	var tm db.Time
	var tp *db.Time
	dest := scanTargets([]any{&s, &n, &np, &tm, &tp})
	for _, src := range [][]any{
		{"x", int64(5), int64(7), int64(1700000000000), int64(1)},
		{[]byte("y"), []byte("-5"), []byte("8"), "1700000000001", nil},
		{nil, int64(0), nil, int64(0), int64(2)},
	} {
		for i, v := range src {
			if err := dest[i].(interface{ Scan(any) error }).Scan(v); err != nil {
				t.Fatalf("scan %v into %d: %v", v, i, err)
			}
		}
		switch src[0] {
		case "x":
			if *s != "x" || n != 5 || *np != 7 || tm != 1700000000000 || *tp != 1 {
				t.Fatalf("row 1: %q %d %d %d %d", *s, n, *np, tm, *tp)
			}
		case nil:
			if s != nil || n != 0 || np != nil || tm != 0 || *tp != 2 {
				t.Fatalf("row 3: %v %d %v %d %v", s, n, np, tm, tp)
			}
		default:
			if *s != "y" || n != -5 || *np != 8 || tm != 1700000000001 || tp != nil {
				t.Fatalf("row 2: %q %d %d %d %v", *s, n, *np, tm, tp)
			}
		}
	}
	if err := dest[1].(interface{ Scan(any) error }).Scan(nil); err == nil {
		t.Fatal("NULL into a non-null integer was accepted")
	}
	if err := dest[3].(interface{ Scan(any) error }).Scan([]byte("12x")); err == nil {
		t.Fatal("a malformed integer was accepted")
	}
}
