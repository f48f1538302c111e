// Package reference serves the reference data the forms pick from: currencies
// (/currencies) and countries (/countries), in two layers. The platform
// catalogue (company_id ”) is seeded at start-up from maintained ISO 4217 and
// ISO 3166 data (see Seed) and managed by the super-admin; a company reads the
// catalogue plus its own additions and adds, changes and deletes only its own
// rows (403 on a platform row). Codes are unique per layer, and a company may
// not add a code the catalogue already has.
package reference

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"github.com/crmhrm/crm/internal/crud"
	"github.com/crmhrm/crm/internal/platform/auth"
	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/platform/httpapi"
)

// Resources lists the package's resources.
func Resources() []crud.Mountable {
	return []crud.Mountable{Currencies, Countries}
}

// layerOf is the layer the caller works in: ” for a super-admin (the
// platform catalogue), otherwise the caller's company.
func layerOf(c *crud.Call) string {
	if c.P.IsSuperAdmin() {
		return ""
	}
	return c.P.CompanyID
}

// layerScope lets a super-admin see the catalogue only, and a company member
// the catalogue and the company's own rows.
func layerScope(c *crud.Call) (string, []any) {
	if c.P.IsSuperAdmin() {
		return "company_id = ?", []any{""}
	}
	return "company_id = ? OR company_id = ?", []any{"", c.P.CompanyID}
}

// mayWrite refuses writes on another layer's row (a company on a platform
// row) and writes by company members other than the company owner.
func mayWrite(c *crud.Call, name string, rowCompany string) error {
	if c.P.IsSuperAdmin() {
		return nil
	}
	if rowCompany == "" {
		return httpapi.Forbidden("This " + strings.ToLower(name) + " belongs to the platform catalogue; only a super-admin may change it")
	}
	if c.P.Kind != auth.KindClient {
		return httpapi.Forbidden("Only the company owner may change the company's " + strings.ToLower(name) + " list")
	}
	return nil
}

// code normalises and checks a code of n ASCII letters (upper-cased).
func code(field, v string, n int, what string) (string, error) {
	v = strings.ToUpper(strings.TrimSpace(v))
	ok := len(v) == n
	for i := 0; ok && i < len(v); i++ {
		ok = v[i] >= 'A' && v[i] <= 'Z'
	}
	if !ok {
		return "", httpapi.Invalid(field, fmt.Sprintf(`"%s" must be %s of %d letters (%q is not)`, field, what, n, short(v)))
	}
	return v, nil
}

// phone checks a calling code: "+" and 1 to 4 digits, optionally followed by
// "-" and up to 4 more digits ("+1-684").
func phone(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	bad := httpapi.Invalid(field, fmt.Sprintf(`"%s" must be a calling code such as +91 or +1-684 (%q is not)`, field, short(v)))
	if !strings.HasPrefix(v, "+") {
		v = "+" + v
	}
	head, tail, dash := strings.Cut(v[1:], "-")
	if !digits(head, 1, 4) || dash && !digits(tail, 1, 4) {
		return "", bad
	}
	return v, nil
}

func digits(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func short(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}

// unique answers 409 when code is taken in the row's layer, or (for a
// company's row) in the platform catalogue.
func unique(ctx context.Context, c *crud.Call, table, col, field, name, id, company, code string) error {
	q := c.Deps.DB.Dialect.Quote
	var owner string
	err := c.Deps.DB.Q(ctx).QueryRowContext(ctx, "SELECT "+q("company_id")+" FROM "+q(table)+" WHERE "+q(col)+" = ? AND "+q("id")+" <> ? AND ("+
		q("company_id")+" = ? OR "+q("company_id")+" = ?) ORDER BY "+q("company_id")+" LIMIT 1", code, id, company, "").Scan(&owner)
	if db.IsNoRows(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reference: unique %s: %w", table, err)
	}
	msg := fmt.Sprintf("%s with this %s already exists", name, field)
	if owner == "" && company != "" {
		msg = fmt.Sprintf("The platform catalogue already has a %s with this %s", strings.ToLower(name), field)
	}
	return &httpapi.Error{Status: 409, Message: msg, Fields: []httpapi.FieldError{{Field: field, Message: "already exists"}}}
}

// Currency is an ISO 4217 currency of the catalogue, or a company's own
// (an internal currency, for example).
type Currency struct {
	crud.Base
	CurrencyName string `db:"currency_name" json:"currencyName" v:"required,max=100,search,sort"`
	CurrencyIcon string `db:"currency_icon" json:"currencyIcon" v:"required,max=16"`
	CurrencyCode string `db:"currency_code" json:"currencyCode" v:"required,max=8,filter,search,sort"`
}

// Currencies is /currencies.
var Currencies = &crud.Resource[Currency]{
	Name: "Currency", Plural: "Currencies", Path: "/currencies", Table: "currencies", Tag: "Settings", Scope: crud.Shared,
	Doc: "Rules: two layers. The platform catalogue (`company_id` empty) is seeded at start-up from ISO 4217 data " +
		"and managed by the super-admin, who sees only it; a company reads the catalogue plus its own rows, and its owner " +
		"adds, changes and deletes only the company's rows (403 on a catalogue row; 403 for other members' writes). " +
		"`currencyCode` is 3 letters, stored upper-case (422 otherwise); it is unique within a layer, and a company may " +
		"not add a code the catalogue has (409). `currencyIcon` is the symbol ($, €, ₹) and need not be unique.",
	Sample: func(f crud.Fixturer) map[string]any {
		c := nextCode(3, func(s string) bool { return isoCurrencies[s] })
		return map[string]any{"currencyName": "Internal credit " + f.Unique(), "currencyIcon": "¤", "currencyCode": c}
	},
	Example:  map[string]any{"currencyName": "Loyalty points", "currencyIcon": "LP", "currencyCode": "LPT"},
	Title:    func(r *Currency) string { return r.CurrencyCode },
	RowScope: layerScope,
	Validate: func(ctx context.Context, c *crud.Call, row, old *Currency) error {
		if old != nil {
			if err := mayWrite(c, "Currency", old.CompanyID); err != nil {
				return err
			}
		} else if err := mayWrite(c, "Currency", layerOf(c)); err != nil {
			return err
		}
		v, err := code("currencyCode", row.CurrencyCode, 3, "an ISO 4217-style code")
		if err != nil {
			return err
		}
		row.CurrencyCode = v
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Currency) error {
		row.CompanyID = layerOf(c)
		return unique(ctx, c, "currencies", "currency_code", "currencyCode", "Currency", row.ID, row.CompanyID, row.CurrencyCode)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Currency) error {
		return unique(ctx, c, "currencies", "currency_code", "currencyCode", "Currency", row.ID, row.CompanyID, row.CurrencyCode)
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Currency) error {
		return mayWrite(c, "Currency", row.CompanyID)
	},
}

// Country is an ISO 3166 country of the catalogue, or a company's own.
type Country struct {
	crud.Base
	CountryName string `db:"country_name" json:"countryName" v:"required,max=100,search,sort,alias=name"`
	CountryCode string `db:"country_code" json:"countryCode" v:"required,max=8,filter,search,sort,alias=shortcode"`
	PhoneCode   string `db:"phone_code" json:"phoneCode" v:"required,max=12,filter,alias=phonecode"`
}

// Countries is /countries. The web client's form sends name, shortcode and
// phonecode, read as countryName, countryCode and phoneCode.
var Countries = &crud.Resource[Country]{
	Name: "Country", Plural: "Countries", Path: "/countries", Table: "countries", Tag: "Settings", Scope: crud.Shared,
	Doc: "Rules: two layers, as for currencies: the catalogue is seeded at start-up from ISO 3166-1 data and managed by " +
		"the super-admin; a company reads it plus its own rows and its owner changes only its own (403 on a catalogue row). " +
		"`countryCode` is the 2-letter alpha-2 code, stored upper-case (422 otherwise), unique within a layer, and a company " +
		"may not add a code the catalogue has (409). `phoneCode` is a calling code such as `+91` or `+1-684` (a missing `+` " +
		"is added); several countries may share one (+1). The web client's `name`, `shortcode` and `phonecode` are " +
		"accepted for `countryName`, `countryCode` and `phoneCode`.",
	Sample: func(f crud.Fixturer) map[string]any {
		c := nextCode(2, func(s string) bool { return isoCountries[s] })
		return map[string]any{"countryName": "Territory " + f.Unique(), "countryCode": c, "phoneCode": "+999"}
	},
	Example:  map[string]any{"countryName": "Atlantis", "countryCode": "QA", "phoneCode": "+999"},
	Title:    func(r *Country) string { return r.CountryCode },
	RowScope: layerScope,
	Validate: func(ctx context.Context, c *crud.Call, row, old *Country) error {
		if old != nil {
			if err := mayWrite(c, "Country", old.CompanyID); err != nil {
				return err
			}
		} else if err := mayWrite(c, "Country", layerOf(c)); err != nil {
			return err
		}
		v, err := code("countryCode", row.CountryCode, 2, "an ISO 3166-1 alpha-2 code")
		if err != nil {
			return err
		}
		row.CountryCode = v
		p, err := phone("phoneCode", row.PhoneCode)
		if err != nil {
			return err
		}
		row.PhoneCode = p
		return nil
	},
	BeforeCreate: func(ctx context.Context, c *crud.Call, row *Country) error {
		row.CompanyID = layerOf(c)
		return unique(ctx, c, "countries", "country_code", "countryCode", "Country", row.ID, row.CompanyID, row.CountryCode)
	},
	BeforeUpdate: func(ctx context.Context, c *crud.Call, old, row *Country) error {
		return unique(ctx, c, "countries", "country_code", "countryCode", "Country", row.ID, row.CompanyID, row.CountryCode)
	},
	BeforeDelete: func(ctx context.Context, c *crud.Call, row *Country) error {
		return mayWrite(c, "Country", row.CompanyID)
	},
}

// codeSeq hands out letter codes for Sample bodies, once each per process.
var codeSeq atomic.Int64

// nextCode returns the next n-letter code that taken does not report.
func nextCode(n int, taken func(string) bool) string {
	total := int64(1)
	for range n {
		total *= 26
	}
	for {
		k := codeSeq.Add(1) * 7919 % total // 7919 is prime to 26^n: every code once per cycle
		b := make([]byte, n)
		for i := n - 1; i >= 0; i-- {
			b[i] = byte('A' + k%26)
			k /= 26
		}
		if s := string(b); !taken(s) {
			return s
		}
	}
}
