package reference

import (
	"context"
	"fmt"
	"sort"

	"github.com/biter777/countries"
	"github.com/bojanz/currency"

	"github.com/crmhrm/crm/internal/platform/db"
)

// seedRow is one catalogue entry from the data modules.
type seedRow struct{ code, name, second string }

// isoCurrencies and isoCountries are the codes the data modules know.
var isoCurrencies, isoCountries = map[string]bool{}, map[string]bool{}

func init() {
	for _, r := range currencyRows() {
		isoCurrencies[r.code] = true
	}
	for _, r := range countryRows() {
		isoCountries[r.code] = true
	}
}

// currencyRows lists the ISO 4217 currencies in use (github.com/bojanz/currency,
// from CLDR), with their English names (github.com/biter777/countries) and
// English symbols (CLDR; the code itself when there is none).
func currencyRows() []seedRow {
	names := map[string]string{}
	for _, c := range countries.AllCurrencies() {
		names[c.Alpha()] = c.String()
	}
	en := currency.NewLocale("en")
	var out []seedRow
	for _, code := range currency.GetCurrencyCodes() {
		name := names[code]
		if name == "" || name == "Unknown" {
			name = code
		}
		sym, ok := currency.GetSymbol(code, en)
		if !ok || sym == "" {
			sym = code
		}
		out = append(out, seedRow{code: code, name: name, second: sym})
	}
	return out
}

// countryRows lists the ISO 3166-1 countries (github.com/biter777/countries)
// with their first international calling code.
func countryRows() []seedRow {
	var out []seedRow
	for _, c := range countries.All() {
		a2 := c.Alpha2()
		if len(a2) != 2 {
			continue
		}
		cc := ""
		if codes := c.CallCodes(); len(codes) > 0 {
			cc = codes[0].String()
		}
		if _, err := phone("phoneCode", cc); err != nil {
			continue // no usable calling code (Antarctica's research stations, for example)
		}
		p, _ := phone("phoneCode", cc)
		out = append(out, seedRow{code: a2, name: c.String(), second: p})
	}
	return out
}

// Seed inserts the catalogue rows that the data modules know and that were
// never seeded before, in one transaction per kind. It never updates a row,
// so the super-admin's edits stay, and reference_seeds remembers every code
// ever seeded, so a catalogue row the super-admin deleted is not brought back;
// a code the super-admin already added by hand is only marked. A newer data
// module adds its new codes at the next start. Instances starting at once may
// both try: the loser's transaction fails on reference_seeds' key and the
// winner's rows stand.
func Seed(ctx context.Context, store *db.DB) error {
	kinds := []struct {
		kind, table, codeCol, nameCol, secondCol string
		rows                                     []seedRow
	}{
		{"currency", "currencies", "currency_code", "currency_name", "currency_icon", currencyRows()},
		{"country", "countries", "country_code", "country_name", "phone_code", countryRows()},
	}
	q := store.Dialect.Quote
	for _, k := range kinds {
		sort.Slice(k.rows, func(i, j int) bool { return k.rows[i].name < k.rows[j].name })
		err := store.InTx(ctx, func(ctx context.Context) error {
			seeded, err := codes(ctx, store, "SELECT "+q("code")+" FROM "+q("reference_seeds")+" WHERE "+q("kind")+" = ?", k.kind)
			if err != nil {
				return err
			}
			present, err := codes(ctx, store, "SELECT "+q(k.codeCol)+" FROM "+q(k.table)+" WHERE "+q("company_id")+" = ?", "")
			if err != nil {
				return err
			}
			now := int64(db.Stamp())
			ins := "INSERT INTO " + q(k.table) + " (" + q("id") + ", " + q("company_id") + ", " + q("created_by") + ", " + q("updated_by") + ", " +
				q("created_at") + ", " + q("updated_at") + ", " + q(k.nameCol) + ", " + q(k.secondCol) + ", " + q(k.codeCol) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
			mark := "INSERT INTO " + q("reference_seeds") + " (" + q("kind") + ", " + q("code") + ", " + q("created_at") + ") VALUES (?, ?, ?)"
			for i, r := range k.rows {
				if seeded[r.code] {
					continue
				}
				if !present[r.code] {
					// Newest first is the lists' default order: stamps that
					// fall with the name make it alphabetical.
					at := now - int64(i)
					if _, err := store.Q(ctx).ExecContext(ctx, ins, db.NewID(), "", "system", "system", at, at, r.name, r.second, r.code); err != nil {
						return fmt.Errorf("reference: seed %s %s: %w", k.kind, r.code, err)
					}
				}
				if _, err := store.Q(ctx).ExecContext(ctx, mark, k.kind, r.code, now); err != nil {
					return fmt.Errorf("reference: seed %s %s: %w", k.kind, r.code, err)
				}
			}
			return nil
		})
		if err != nil && !store.Dialect.IsUniqueViolation(err) {
			return err
		}
	}
	return nil
}

func codes(ctx context.Context, store *db.DB, query string, args ...any) (map[string]bool, error) {
	rows, err := store.Q(ctx).QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("reference: %w", err)
		}
		out[s] = true
	}
	return out, rows.Err()
}
