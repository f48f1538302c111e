package crud

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// A cursor is where a keyset page starts: the sort key values of the last
// row a page answered (its order keys, tie-breakers included, which end with
// the id) plus the resource and sort it belongs to, signed so that a client
// can neither forge nor alter one. The page after it is
// WHERE (keys) "after" (values), which costs the same at any depth.
type cursor struct {
	Path string `json:"p"`
	Sort string `json:"s"`
	Vals []any  `json:"v"`
}

// orderKey is one ORDER BY term.
type orderKey struct {
	f     *Field
	desc  bool
	lower bool // compared as LOWER(col)
}

// orderKeys is the full order of a list on dialect d: sort, then the
// tie-breakers created_at and id unless sort orders by their column as it is,
// in the direction of sort's last key (DESC, newest first, with no sort). So
// a sort and its reverse are one index read forwards or backwards, and a
// busy resource needs one index per sortable field, not one per direction
// (migration 00033). Text is ordered case-insensitively: by LOWER(col) on
// SQLite and PostgreSQL (matched by expression indexes), by the column itself
// on MySQL, whose utf8mb4_unicode_ci collation already orders and compares
// ignoring case, so that a plain index on the column serves the order.
func (m *Meta) orderKeys(d db.Dialect, sort []SortKey) []orderKey {
	var out []orderKey
	named := map[string]bool{}
	tieDesc := true
	for _, s := range sort {
		tieDesc = s.Desc
		k := orderKey{f: s.Field, desc: s.Desc, lower: (s.Field.Kind == KString || s.Field.Kind == KText) && d.Name() != "mysql"}
		if !k.lower {
			named[s.Field.Column] = true
		}
		out = append(out, k)
	}
	for _, tie := range []string{"created_at", "id"} {
		if !named[tie] {
			out = append(out, orderKey{f: m.byColumn(tie), desc: tieDesc})
		}
	}
	return out
}

func (m *Meta) byColumn(col string) *Field {
	for _, f := range m.Fields {
		if f.Column == col {
			return f
		}
	}
	panic("crud: " + m.Path + " has no column " + col)
}

// sortSpec is the canonical text of a sort, as the cursor records it.
func sortSpec(sort []SortKey) string {
	parts := make([]string, len(sort))
	for i, s := range sort {
		parts[i] = s.Field.Name
		if s.Desc {
			parts[i] = "-" + parts[i]
		}
	}
	return strings.Join(parts, ",")
}

var processCursorKey = func() []byte {
	k := make([]byte, 32)
	_, _ = rand.Read(k)
	return k
}()

// cursorKey derives the cursor signing key from the token secret, so that
// every instance of a deployment accepts the others' cursors.
func cursorKey(d *Deps) []byte {
	if d.Auth == nil || len(d.Auth.Secret) == 0 {
		return processCursorKey
	}
	m := hmac.New(sha256.New, d.Auth.Secret)
	m.Write([]byte("crud list cursor v2")) // v2: tie-breakers follow the sort's direction
	return m.Sum(nil)
}

const macLen = 16

func encodeCursor(key []byte, c cursor) string {
	payload, _ := json.Marshal(c)
	m := hmac.New(sha256.New, key)
	m.Write(payload)
	return base64.RawURLEncoding.EncodeToString(append(payload, m.Sum(nil)[:macLen]...))
}

var errBadCursor = httpapi.BadRequest(`"cursor" is not a valid cursor of this list; start again without it`)

// decodeCursor checks a cursor's signature, resource and sort, and returns
// the values of keys (path is the table the cursor was issued for), typed as the driver arguments of their columns.
func decodeCursor(key []byte, s string, path string, sort []SortKey, keys []orderKey) ([]any, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) <= macLen || len(s) > 4096 {
		return nil, errBadCursor
	}
	payload, sig := raw[:len(raw)-macLen], raw[len(raw)-macLen:]
	m := hmac.New(sha256.New, key)
	m.Write(payload)
	if !hmac.Equal(sig, m.Sum(nil)[:macLen]) {
		return nil, errBadCursor
	}
	var c struct {
		Path string            `json:"p"`
		Sort string            `json:"s"`
		Vals []json.RawMessage `json:"v"`
	}
	if json.Unmarshal(payload, &c) != nil || c.Path != path || len(c.Vals) != len(keys) {
		return nil, errBadCursor
	}
	if c.Sort != sortSpec(sort) {
		return nil, httpapi.BadRequest(`"cursor" was issued for another sort; send the same "sort" as the request that returned it`)
	}
	vals := make([]any, len(keys))
	for i, k := range keys {
		raw := c.Vals[i]
		if string(raw) == "null" {
			if !k.f.Nullable {
				return nil, errBadCursor
			}
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			return nil, errBadCursor
		}
		switch k.f.Kind {
		case KString, KText, KDate:
			s, ok := v.(string)
			if !ok {
				return nil, errBadCursor
			}
			vals[i] = s
		case KAmount:
			s, ok := v.(string)
			if _, err := Amount(s).Units(); !ok || err != nil {
				return nil, errBadCursor
			}
			vals[i] = Amount(s)
		case KInt, KTime, KMoney:
			n, ok := v.(json.Number)
			if !ok {
				return nil, errBadCursor
			}
			x, err := n.Int64()
			if err != nil {
				return nil, errBadCursor
			}
			vals[i] = x
		case KFloat:
			n, ok := v.(json.Number)
			if !ok {
				return nil, errBadCursor
			}
			x, err := n.Float64()
			if err != nil {
				return nil, errBadCursor
			}
			vals[i] = x
		case KBool:
			b, ok := v.(bool)
			if !ok {
				return nil, errBadCursor
			}
			vals[i] = b
		default:
			return nil, errBadCursor
		}
	}
	return vals, nil
}

// afterCond renders "the row comes after vals in the order keys" portably,
// as ORs of equalities on the leading keys and one strict comparison:
// (k1 > v1) OR (k1 = v1 AND k2 < v2) OR … NULLs sort as each database puts
// them (first in ascending order on SQLite and MySQL, last on PostgreSQL).
func afterCond(d db.Dialect, keys []orderKey, vals []any) (string, []any) {
	nullsSmall := d.Name() != "postgres"
	param := "?"
	if d.Name() == "postgres" {
		param = "CAST(? AS TEXT)"
	}
	expr := func(k orderKey) (col, ph string) {
		col = d.Quote(k.f.Column)
		if k.lower {
			return "LOWER(" + col + ")", "LOWER(" + param + ")"
		}
		return col, "?"
	}
	var ors []string
	var args []any
	var eqs []string
	var eqArgs []any
	for i, k := range keys {
		col, ph := expr(k)
		v := vals[i]
		nullsFirst := !k.desc == nullsSmall
		var after string
		var afterArgs []any
		switch {
		case v == nil && nullsFirst:
			after = d.Quote(k.f.Column) + " IS NOT NULL"
		case v == nil:
			after = "" // nothing sorts after NULL but NULL
		default:
			op := " > "
			if k.desc {
				op = " < "
			}
			after = col + op + ph
			afterArgs = []any{v}
			if k.f.Nullable && !nullsFirst {
				after = "(" + after + " OR " + d.Quote(k.f.Column) + " IS NULL)"
			}
		}
		if after != "" {
			ors = append(ors, "("+strings.Join(append(append([]string{}, eqs...), after), " AND ")+")")
			args = append(append(args, eqArgs...), afterArgs...)
		}
		if v == nil {
			eqs = append(eqs, d.Quote(k.f.Column)+" IS NULL")
		} else {
			eqs = append(eqs, col+" = "+ph)
			eqArgs = append(eqArgs, v)
		}
	}
	if len(ors) == 0 {
		return "1 = 0", nil
	}
	cond := "(" + strings.Join(ors, " OR ") + ")"
	if k := keys[0]; !k.f.Nullable && vals[0] != nil {
		// A redundant bound on the first key lets the database start its
		// index range at the cursor instead of reading the ORs row by row.
		col, ph := expr(k)
		op := " >= "
		if k.desc {
			op = " <= "
		}
		return col + op + ph + " AND " + cond, append([]any{vals[0]}, args...)
	}
	return cond, args
}
