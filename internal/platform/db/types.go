package db

import (
	"crypto/rand"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// IDLen is the length of every row id, as in the original service.
const IDLen = 23

// NewID returns a 23-character [A-Za-z0-9] id that sorts after the ids made
// before it: IDTimeLen characters of the current Unix millisecond in base 36
// ("0-9a-z", so the order holds under binary and case-insensitive collations
// alike), then 14 characters drawn from crypto/rand (about 83 bits).
//
// New rows therefore land at the end of every primary-key index instead of at
// a random place in it: one page of the index changes per batch of inserts
// instead of one page per row (30% more creates a second on SQLite; see the
// README's "Row ids").
func NewID() string {
	var buf [IDLen]byte
	ms := uint64(time.Now().UnixMilli())
	for i := IDTimeLen - 1; i >= 0; i-- {
		buf[i] = idTimeAlphabet[ms%36]
		ms /= 36
	}
	randomChars(buf[IDTimeLen:])
	return string(buf[:])
}

// IDTimeLen is the length of an id's time prefix (36^9 ms last until the year
// 5138).
const IDTimeLen = 9

const idTimeAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

// randomChars fills buf with characters of idAlphabet drawn uniformly from
// crypto/rand.
func randomChars(buf []byte) {
	var rnd [IDLen * 2]byte
	out := 0
	for out < len(buf) {
		if _, err := rand.Read(rnd[:]); err != nil {
			panic("db: crypto/rand failed: " + err.Error())
		}
		for _, b := range rnd {
			// 248 = 4*62: rejecting larger bytes keeps the draw uniform.
			if b >= 248 {
				continue
			}
			buf[out] = idAlphabet[int(b)%62]
			out++
			if out == len(buf) {
				break
			}
		}
	}
}

// ValidID reports whether s has the shape of a row id. Malformed ids can be
// answered with 404 without a database round trip.
func ValidID(s string) bool {
	if len(s) != IDLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// TimeLayout is how instants are written in JSON: ISO-8601 UTC with milliseconds.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// Time is an instant stored as BIGINT Unix milliseconds and written in JSON as
// TimeLayout. The zero value means "not set".
type Time int64

// Now returns the current instant (the wall clock).
func Now() Time { return Time(time.Now().UnixMilli()) }

var lastStamp atomic.Int64

// maxStampLead bounds how far Stamp may run ahead of the wall clock.
const maxStampLead = 1000

// Stamp returns the instant to record as a row's created_at or updated_at.
// Within one process successive stamps differ (a stamp in the same
// millisecond as the previous one gets the next millisecond), so "newest
// first" ordering is exact for rows one instance writes. Under a burst of more
// than a thousand writes a second stamps may tie instead of running more than
// a second ahead of the clock.
func Stamp() Time {
	for {
		now := time.Now().UnixMilli()
		last := lastStamp.Load()
		if now <= last {
			if last-now >= maxStampLead {
				return Time(now)
			}
			now = last + 1
		}
		if lastStamp.CompareAndSwap(last, now) {
			return Time(now)
		}
	}
}

// TimeOf converts a time.Time.
func TimeOf(t time.Time) Time { return Time(t.UnixMilli()) }

// Std returns the instant as a time.Time in UTC.
func (t Time) Std() time.Time { return time.UnixMilli(int64(t)).UTC() }

// MarshalJSON writes the instant as an ISO-8601 string.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.Std().Format(TimeLayout) + `"`), nil
}

// ParseTime accepts what the original's Joi.date() accepted in practice: an
// ISO-8601 date or date-time (a date alone is UTC midnight) or epoch milliseconds.
func ParseTime(s string) (Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty date")
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n < -62135596800000 || n > 253402300799999 { // years 1 to 9999
			return 0, fmt.Errorf("%q is out of range", s)
		}
		return Time(n), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() < 1 || t.Year() > 9999 {
				break
			}
			return TimeOf(t), nil
		}
	}
	return 0, fmt.Errorf("%q is not a valid date", s)
}

// Date is a calendar day stored and written as "YYYY-MM-DD".
type Date string

// ParseDate accepts "YYYY-MM-DD" or an ISO-8601 date-time (its UTC day is kept).
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return Date(t.Format("2006-01-02")), nil
	}
	t, err := ParseTime(s)
	if err != nil {
		return "", fmt.Errorf("%q is not a valid date", s)
	}
	return Date(t.Std().Format("2006-01-02")), nil
}

// Money is an exact amount in minor units (hundredths), stored as BIGINT and
// written in JSON as a decimal number with two places, e.g. 9.99.
type Money int64

// MarshalJSON writes the amount as a JSON number with exactly two decimals.
func (m Money) MarshalJSON() ([]byte, error) { return []byte(m.String()), nil }

// String renders the amount with two decimals.
func (m Money) String() string {
	neg := m < 0
	v := int64(m)
	if neg {
		v = -v
	}
	s := fmt.Sprintf("%d.%02d", v/100, v%100)
	if neg {
		s = "-" + s
	}
	return s
}

// MaxMoneyLen bounds the text ParseMoney reads: big.Rat's cost grows with the
// number of digits, and no amount in range needs more.
const MaxMoneyLen = 40

// ParseMoney parses a decimal with at most two fractional digits, exactly.
func ParseMoney(s string) (Money, error) {
	s = strings.TrimSpace(s)
	if len(s) > MaxMoneyLen {
		return 0, fmt.Errorf("a number of %d characters is longer than %d", len(s), MaxMoneyLen)
	}
	// big.Rat also reads fractions, base prefixes (0x10, 0b1) and digit
	// separators (1_000); an amount is plain decimal notation only.
	if strings.IndexFunc(s, func(c rune) bool { return !strings.ContainsRune("0123456789+-.eE", c) }) >= 0 {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() {
		return 0, fmt.Errorf("%q has more than two decimal places", s)
	}
	n := r.Num()
	if !n.IsInt64() || n.Int64() > math.MaxInt64/2 || n.Int64() < -math.MaxInt64/2 {
		return 0, fmt.Errorf("%q is out of range", s)
	}
	return Money(n.Int64()), nil
}

// JSON is an opaque JSON document stored as text. It is written in responses
// as the JSON value itself (never as an encoded string).
type JSON []byte

// MarshalJSON writes the document, or null when empty.
func (j JSON) MarshalJSON() ([]byte, error) {
	if len(j) == 0 {
		return []byte("null"), nil
	}
	return j, nil
}

// Value stores the document as text.
func (j JSON) Value() (driver.Value, error) {
	if len(j) == 0 {
		return nil, nil
	}
	return string(j), nil
}

// Scan reads the document from a text or byte column.
func (j *JSON) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*j = nil
	case string:
		*j = JSON(v)
	case []byte:
		*j = append(JSON(nil), v...)
	default:
		return fmt.Errorf("db: cannot scan %T into JSON", src)
	}
	return nil
}

// Decode unmarshals the document into v.
func (j JSON) Decode(v any) error {
	if len(j) == 0 {
		return nil
	}
	return json.Unmarshal(j, v)
}

// MustJSON encodes v; it panics only on values that cannot be encoded.
func MustJSON(v any) JSON {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return JSON(b)
}
