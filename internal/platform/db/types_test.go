package db_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/crmhrm/crm/internal/platform/db"
)

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	counts := map[rune]int{}
	const n = 20000
	for i := 0; i < n; i++ {
		id := db.NewID()
		if len(id) != 23 || !db.ValidID(id) {
			t.Fatalf("id %q", id)
		}
		for _, c := range id[db.IDTimeLen:] {
			counts[c]++
		}
		if seen[id] {
			t.Fatalf("duplicate id %q", id)
		}
		seen[id] = true
	}
	// The random part uses every one of the 62 characters, roughly evenly
	// (expected n*14/62 ≈ 4516 each).
	if len(counts) != 62 {
		t.Fatalf("%d distinct characters", len(counts))
	}
	for c, k := range counts {
		if k < 3900 || k > 5150 {
			t.Errorf("character %q drawn %d times", c, k)
		}
	}
}

// TestNewIDSortsByTime: an id made in a later millisecond sorts after the
// earlier ones, byte-wise and ignoring case, and its prefix is that
// millisecond.
func TestNewIDSortsByTime(t *testing.T) {
	var ids []string
	for i := 0; i < 5; i++ {
		before := time.Now().UnixMilli()
		id := db.NewID()
		after := time.Now().UnixMilli()
		ms, err := strconv.ParseInt(id[:db.IDTimeLen], 36, 64)
		if err != nil || ms < before || ms > after {
			t.Fatalf("id %s: prefix %d (%v), made between %d and %d", id, ms, err, before, after)
		}
		ids = append(ids, id)
		time.Sleep(2 * time.Millisecond)
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] || strings.ToLower(ids[i]) <= strings.ToLower(ids[i-1]) {
			t.Fatalf("%s made after %s sorts before it", ids[i], ids[i-1])
		}
	}
}

func TestValidID(t *testing.T) {
	for _, tc := range []struct {
		id string
		ok bool
	}{
		{"QD0QTUW6JI4EMhKDEAQo54V", true},
		{strings.Repeat("a", 23), true},
		{strings.Repeat("a", 22), false},
		{strings.Repeat("a", 24), false},
		{"", false},
		{"QD0QTUW6JI4EMhKDEAQo54-", false},
		{"QD0QTUW6JI4EMhKDEAQo5 V", false},
		{"QD0QTUW6JI4EMhKDEAQo5éV"[:23], false},
		{"' OR 1=1 --aaaaaaaaaaaa", false},
	} {
		if got := db.ValidID(tc.id); got != tc.ok {
			t.Errorf("ValidID(%q) = %v", tc.id, got)
		}
	}
}

func TestParseMoney(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want db.Money
	}{
		{"0", 0}, {"9.99", 999}, {"10", 1000}, {"10.5", 1050}, {"0.1", 10}, {"0.2", 20}, {"0.30", 30}, {"-5.25", -525},
		{" 7.00 ", 700}, {"1234567890123.45", 123456789012345}, {"1e2", 10000}, {"0.10", 10}, {"-0.01", -1},
	} {
		got, err := db.ParseMoney(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	a, _ := db.ParseMoney("0.1")
	b, _ := db.ParseMoney("0.2")
	c, _ := db.ParseMoney("0.3")
	if a+b != c || (a+b).String() != "0.30" {
		t.Fatalf("0.1 + 0.2 = %s", a+b)
	}
	for _, bad := range []string{"", " ", "abc", "1.234", "0.001", "1/2", "NaN", "Inf", "1,5", "1.2.3", "--1", "99999999999999999999", "0x10", "1_000", "0b101", "0o7", "0x1p-2", "1e", "+-1"} {
		if m, err := db.ParseMoney(bad); err == nil {
			t.Errorf("ParseMoney(%q) = %d, want an error", bad, m)
		}
	}
}

// TestParseMoneyBoundsLength: a numeral longer than MaxMoneyLen is refused
// before big.Rat reads it.
func TestParseMoneyBoundsLength(t *testing.T) {
	if m, err := db.ParseMoney(strings.Repeat("0", 36) + "1.50"); err != nil || m != 150 {
		t.Fatalf("40 characters: %d, %v", m, err)
	}
	for _, s := range []string{strings.Repeat("0", 37) + "1.50", strings.Repeat("9", 1<<20)} {
		if _, err := db.ParseMoney(s); err == nil {
			t.Fatalf("a %d-character amount was accepted", len(s))
		}
	}
}

func TestMoneyJSON(t *testing.T) {
	for m, want := range map[db.Money]string{0: "0.00", 999: "9.99", 1000: "10.00", 5: "0.05", -5: "-0.05", -150: "-1.50", 123456789012345: "1234567890123.45"} {
		b, err := json.Marshal(m)
		if err != nil || string(b) != want || m.String() != want {
			t.Errorf("Money(%d) = %s, %v; want %s", int64(m), b, err, want)
		}
		// The JSON is a number that reads back exactly.
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			t.Errorf("%s is not a JSON number", b)
		}
		if back, err := db.ParseMoney(string(b)); err != nil || back != m {
			t.Errorf("round trip of %s: %d %v", b, back, err)
		}
	}
	b, _ := json.Marshal(struct {
		P *db.Money `json:"p"`
		Q db.Money  `json:"q"`
	}{nil, 1})
	if string(b) != `{"p":null,"q":0.01}` {
		t.Fatalf("struct: %s", b)
	}
}

func TestParseTime(t *testing.T) {
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2025-01-01", day},
		{" 2025-01-01 ", day},
		{"2025-01-01T00:00:00Z", day},
		{"2025-01-01T00:00:00.000Z", day},
		{"2025-01-01T05:30:00+05:30", day},
		{"2024-12-31T19:00:00-05:00", day},
		{"2025-01-01T10:20:30.456Z", time.Date(2025, 1, 1, 10, 20, 30, 456e6, time.UTC)},
		{"2025-01-01T10:20:30", time.Date(2025, 1, 1, 10, 20, 30, 0, time.UTC)},
		{"2025-01-01T10:20", time.Date(2025, 1, 1, 10, 20, 0, 0, time.UTC)},
		{"2025-01-01 10:20:30", time.Date(2025, 1, 1, 10, 20, 30, 0, time.UTC)},
		{"2025-01-01 10:20", time.Date(2025, 1, 1, 10, 20, 0, 0, time.UTC)},
		{"1735689600000", day},
		{"0", time.UnixMilli(0).UTC()},
	} {
		got, err := db.ParseTime(tc.in)
		if err != nil || !got.Std().Equal(tc.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", tc.in, got.Std(), err, tc.want)
		}
	}
	for _, bad := range []string{"", "  ", "tomorrow", "2025-13-01", "2025-02-30", "2025-01-01T25:00:00Z", "01/02/2025", "2025-1-1",
		"99999999999999999999", "2025-01-01Z", "10000-01-01"} {
		if got, err := db.ParseTime(bad); err == nil {
			t.Errorf("ParseTime(%q) = %v, want an error", bad, got.Std())
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]db.Date{
		"2025-01-01":                "2025-01-01",
		" 2025-02-28 ":              "2025-02-28",
		"2025-01-01T10:00:00Z":      "2025-01-01",
		"2025-01-01T23:30:00-05:00": "2025-01-02", // its UTC day
		"2025-01-01T01:00:00+05:30": "2024-12-31",
		"1735689600000":             "2025-01-01",
	} {
		got, err := db.ParseDate(in)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "2025-02-30", "2025/01/01", "yesterday", "2025-00-10"} {
		if got, err := db.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %q, want an error", bad, got)
		}
	}
}

func TestTimeJSON(t *testing.T) {
	for ms, want := range map[int64]string{
		0:             `"1970-01-01T00:00:00.000Z"`,
		1735689600000: `"2025-01-01T00:00:00.000Z"`,
		1735689600007: `"2025-01-01T00:00:00.007Z"`,
		1795684664123: `"2026-11-26T09:17:44.123Z"`,
	} {
		b, err := json.Marshal(db.Time(ms))
		if err != nil || string(b) != want {
			t.Errorf("Time(%d) = %s, %v; want %s", ms, b, err, want)
		}
		// What is written parses back to the same instant.
		var s string
		_ = json.Unmarshal(b, &s)
		if back, err := db.ParseTime(s); err != nil || int64(back) != ms {
			t.Errorf("round trip of %s: %d %v", b, back, err)
		}
	}
	if db.TimeLayout != "2006-01-02T15:04:05.000Z" {
		t.Fatalf("layout %q", db.TimeLayout)
	}
	// Whatever the local zone, the output is UTC. (Statements prepared in
	// the background by earlier tests read the zone.)
	db.WaitWarm()
	old := time.Local
	time.Local = time.FixedZone("IST", 5*3600+1800)
	defer func() { time.Local = old }()
	if b, _ := json.Marshal(db.Time(1735689600000)); string(b) != `"2025-01-01T00:00:00.000Z"` {
		t.Fatalf("in another zone: %s", b)
	}
	if now := db.Now(); time.Since(now.Std()) > time.Second || now.Std().Location() != time.UTC {
		t.Fatalf("Now %v", now.Std())
	}
}

func TestJSON(t *testing.T) {
	b, _ := json.Marshal(struct {
		A db.JSON `json:"a"`
		B db.JSON `json:"b"`
	}{db.JSON(`{"x":[1,2]}`), nil})
	if string(b) != `{"a":{"x":[1,2]},"b":null}` {
		t.Fatalf("marshal: %s", b)
	}
	var j db.JSON
	for _, src := range []any{`{"a":1}`, []byte(`{"a":1}`)} {
		if err := j.Scan(src); err != nil || string(j) != `{"a":1}` {
			t.Fatalf("Scan(%T): %s %v", src, j, err)
		}
	}
	if err := j.Scan(nil); err != nil || j != nil {
		t.Fatalf("Scan(nil): %s %v", j, err)
	}
	if err := j.Scan(12); err == nil {
		t.Fatal("Scan(int) accepted")
	}
	if v, _ := db.JSON(nil).Value(); v != nil {
		t.Fatalf("Value of empty: %v", v)
	}
	if v, _ := db.JSON(`[1]`).Value(); v != "[1]" {
		t.Fatalf("Value: %v", v)
	}
	var out map[string]int
	if err := db.JSON(`{"a":2}`).Decode(&out); err != nil || out["a"] != 2 {
		t.Fatalf("Decode: %v %v", out, err)
	}
}

func TestLikePattern(t *testing.T) {
	for in, want := range map[string]string{"abc": "%abc%", "50%": `%50\%%`, "a_b": `%a\_b%`, `c:\x`: `%c:\\x%`} {
		if got := db.LikePattern(in); got != want {
			t.Errorf("LikePattern(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMySQLDSN(t *testing.T) {
	got := db.MySQLDSN("u:p@tcp(h:3306)/crm?loc=Local&tls=true")
	for _, want := range []string{"loc=Local", "tls=true", "charset=utf8mb4", "parseTime=true", "interpolateParams=true", "multiStatements=true"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q lacks %s", got, want)
		}
	}
	if !strings.HasPrefix(got, "u:p@tcp(h:3306)/crm?") {
		t.Errorf("%q", got)
	}
}

func TestDialects(t *testing.T) {
	for name, want := range map[string]string{"": "sqlite", "sqlite3": "sqlite", "PostgreSQL": "postgres", "pg": "postgres", "mariadb": "mysql"} {
		d, err := db.DialectByName(name)
		if err != nil || d.Name() != want {
			t.Errorf("DialectByName(%q) = %v, %v", name, d, err)
		}
	}
	if _, err := db.DialectByName("oracle"); err == nil {
		t.Error("oracle accepted")
	}
	pg, _ := db.DialectByName("postgres")
	if got := pg.Rebind("a = ? AND b IN (?, ?)"); got != "a = $1 AND b IN ($2, $3)" {
		t.Errorf("Rebind: %q", got)
	}
	my, _ := db.DialectByName("mysql")
	if my.Quote("order") != "`order`" || pg.Quote("order") != `"order"` || my.Rebind("a = ?") != "a = ?" {
		t.Error("Quote/Rebind")
	}
}

func TestStampIncreasesWithinBoundedLead(t *testing.T) {
	time.Sleep(1100 * time.Millisecond) // let any lead from other tests run out
	prev := db.Stamp()
	for i := 0; i < 500; i++ {
		now := db.Stamp()
		if now <= prev {
			t.Fatalf("Stamp went from %d to %d", prev, now)
		}
		prev = now
	}
	// Concurrent callers never get the same instant while the lead is small.
	time.Sleep(1100 * time.Millisecond)
	const workers, each = 8, 100
	out := make(chan db.Time, workers*each)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				out <- db.Stamp()
			}
		}()
	}
	wg.Wait()
	close(out)
	seen := map[db.Time]bool{}
	for v := range out {
		if seen[v] {
			t.Fatalf("Stamp returned %d twice", v)
		}
		seen[v] = true
	}
	// A long burst never runs more than about a second ahead of the clock.
	for i := 0; i < 100000; i++ {
		db.Stamp()
	}
	if lead := int64(db.Stamp()) - time.Now().UnixMilli(); lead > 1001 {
		t.Fatalf("Stamp runs %d ms ahead of the clock", lead)
	}
	if d := time.Since(db.Now().Std()); d < -time.Millisecond || d > time.Second {
		t.Fatalf("Now is %v away from the wall clock", d)
	}
}
