package reference_test

import (
	"context"
	"testing"

	"github.com/crmhrm/crm/internal/platform/authz"
	"github.com/crmhrm/crm/internal/reference"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }

const cur, ctry = "/api/v1/currencies", "/api/v1/countries"

// byCode indexes a list answer by the given code field.
func byCode(t *testing.T, r *testkit.Response, field string) map[string][]map[string]any {
	t.Helper()
	out := map[string][]map[string]any{}
	for _, row := range r.List() {
		c, _ := row[field].(string)
		out[c] = append(out[c], row)
	}
	return out
}

func TestSeedFromISODataIsIdempotentAndKeepsSuperAdminEdits(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	cs := byCode(t, e.Must(200, "GET", cur, sa, nil), "currencyCode")
	if len(cs) < 150 {
		t.Fatalf("seeded %d currencies, want the ISO 4217 list", len(cs))
	}
	if usd := cs["USD"]; len(usd) != 1 || usd[0]["currencyName"] != "US Dollar" || usd[0]["currencyIcon"] != "$" || usd[0]["company_id"] != "" {
		t.Fatalf("USD = %v", usd)
	}
	if inr := cs["INR"]; len(inr) != 1 || inr[0]["currencyIcon"] != "₹" {
		t.Fatalf("INR = %v", inr)
	}
	ks := byCode(t, e.Must(200, "GET", ctry, sa, nil), "countryCode")
	if len(ks) < 200 {
		t.Fatalf("seeded %d countries, want the ISO 3166-1 list", len(ks))
	}
	if in := ks["IN"]; len(in) != 1 || in[0]["countryName"] != "India" || in[0]["phoneCode"] != "+91" {
		t.Fatalf("IN = %v", in)
	}

	// The super-admin edits one row and deletes another; a restart seeds again.
	usd := cs["USD"][0]["id"].(string)
	e.Must(200, "PUT", cur+"/"+usd, sa, map[string]any{"currencyName": "United States dollar"})
	e.Must(200, "DELETE", cur+"/"+cs["EUR"][0]["id"].(string), sa, nil)
	for range 2 {
		if err := reference.Seed(context.Background(), e.DB); err != nil {
			t.Fatal(err)
		}
	}
	after := byCode(t, e.Must(200, "GET", cur, sa, nil), "currencyCode")
	if len(after) != len(cs)-1 || len(after["EUR"]) != 0 {
		t.Fatalf("after restarts: %d codes (want %d), EUR = %v", len(after), len(cs)-1, after["EUR"])
	}
	for code, rows := range after {
		if len(rows) != 1 {
			t.Fatalf("%s seeded %d times", code, len(rows))
		}
	}
	if got := e.Must(200, "GET", cur+"/"+usd, sa, nil).Data()["currencyName"]; got != "United States dollar" {
		t.Fatalf("a restart overwrote the super-admin's edit: %v", got)
	}
	if n := len(e.Must(200, "GET", ctry, sa, nil).List()); n != len(ks) {
		t.Fatalf("countries after restarts: %d, want %d", n, len(ks))
	}
}

func TestCompanyReadsCatalogueAndOwnRowsAndWritesOnlyItsOwn(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	a, b := e.NewCompany(), e.NewCompany()
	usd := byCode(t, e.Must(200, "GET", cur+"?currencyCode=USD", sa, nil), "currencyCode")["USD"][0]["id"].(string)

	own := e.Must(201, "POST", cur, a.Token, map[string]any{"currencyName": "Loyalty points", "currencyIcon": "LP", "currencyCode": "lpt"}).Data()
	if own["currencyCode"] != "LPT" || own["company_id"] != a.ID {
		t.Fatalf("created %v", own)
	}
	list := byCode(t, e.Must(200, "GET", cur, a.Token, nil), "currencyCode")
	if len(list["USD"]) != 1 || len(list["LPT"]) != 1 {
		t.Fatalf("company list lacks the catalogue or its own row: USD %v, LPT %v", list["USD"], list["LPT"])
	}
	if len(byCode(t, e.Must(200, "GET", cur, b.Token, nil), "currencyCode")["LPT"]) != 0 {
		t.Fatal("another company lists the company's own currency")
	}
	if len(byCode(t, e.Must(200, "GET", cur, sa, nil), "currencyCode")["LPT"]) != 0 {
		t.Fatal("the super-admin's catalogue lists a company's row")
	}
	e.Must(200, "GET", cur+"/"+usd, a.Token, nil)
	e.Must(404, "GET", cur+"/"+own["id"].(string), b.Token, nil)

	// Catalogue rows are the super-admin's.
	e.Must(403, "PUT", cur+"/"+usd, a.Token, map[string]any{"currencyName": "Mine now"})
	e.Must(403, "DELETE", cur+"/"+usd, a.Token, nil)
	if e.Must(200, "GET", cur+"/"+usd, sa, nil).Data()["currencyName"] == "Mine now" {
		t.Fatal("a refused PUT changed the catalogue row")
	}
	// Codes: unique per layer, not shadowing the catalogue, well-formed.
	e.Must(409, "POST", cur, a.Token, map[string]any{"currencyName": "Again", "currencyIcon": "L", "currencyCode": "LPT"})
	e.Must(409, "POST", cur, a.Token, map[string]any{"currencyName": "Own dollar", "currencyIcon": "$", "currencyCode": "usd"})
	e.Must(201, "POST", cur, b.Token, map[string]any{"currencyName": "Loyalty points", "currencyIcon": "LP", "currencyCode": "LPT"})
	e.Must(409, "POST", cur, sa, map[string]any{"currencyName": "Dup", "currencyIcon": "$", "currencyCode": "USD"})
	for _, bad := range []string{"US", "USDX", "U5D", "€€€", ""} {
		e.Must(422, "POST", cur, a.Token, map[string]any{"currencyName": "Bad", "currencyIcon": "B", "currencyCode": bad})
	}
	// The company's own rows are its owner's to change; other members only read.
	id := own["id"].(string)
	if got := e.Must(200, "PUT", cur+"/"+id, a.Token, map[string]any{"currencyName": "Points"}).Data(); got["currencyName"] != "Points" {
		t.Fatalf("update answered %v", got)
	}
	clerk := e.NewMember(a, authz.All())
	e.Must(200, "GET", cur, clerk.Token, nil)
	e.Must(403, "POST", cur, clerk.Token, map[string]any{"currencyName": "X", "currencyIcon": "X", "currencyCode": "XQZ"})
	e.Must(403, "DELETE", cur+"/"+id, clerk.Token, nil)
	e.Must(200, "DELETE", cur+"/"+id, a.Token, nil)
}

func TestCountriesPutAnswersAndTheWebClientFormWorks(t *testing.T) {
	e := testkit.New(t)
	sa := e.SuperAdmin()
	a := e.NewCompany()
	// The Settings page sends name, shortcode and phonecode.
	row := e.Must(201, "POST", ctry, a.Token, map[string]any{"name": "Sealand", "shortcode": "qs", "phonecode": "44"}).Data()
	if row["countryName"] != "Sealand" || row["countryCode"] != "QS" || row["phoneCode"] != "+44" {
		t.Fatalf("created %v", row)
	}
	id := row["id"].(string)
	if got := e.Must(200, "PUT", ctry+"/"+id, a.Token, map[string]any{"phoneCode": "+1-684"}).Data(); got["phoneCode"] != "+1-684" {
		t.Fatalf("PUT answered %v", got)
	}
	e.Must(200, "GET", ctry+"/"+id, a.Token, nil)
	e.Must(422, "PUT", ctry+"/"+id, a.Token, map[string]any{"phoneCode": "+12345"})
	e.Must(422, "PUT", ctry+"/"+id, a.Token, map[string]any{"countryCode": "QSS"})
	e.Must(409, "POST", ctry, a.Token, map[string]any{"countryName": "Sealand 2", "countryCode": "QS", "phoneCode": "+44"})
	e.Must(409, "POST", ctry, a.Token, map[string]any{"countryName": "India 2", "countryCode": "IN", "phoneCode": "+91"})

	in := byCode(t, e.Must(200, "GET", ctry+"?countryCode=IN", a.Token, nil), "countryCode")["IN"]
	if len(in) != 1 {
		t.Fatalf("company reads IN: %v", in)
	}
	pid := in[0]["id"].(string)
	e.Must(403, "PUT", ctry+"/"+pid, a.Token, map[string]any{"countryName": "Bharat"})
	if got := e.Must(200, "PUT", ctry+"/"+pid, sa, map[string]any{"countryName": "India (Bharat)"}).Data(); got["countryName"] != "India (Bharat)" {
		t.Fatalf("super-admin PUT answered %v", got)
	}
	if got := e.Must(200, "GET", ctry+"/"+pid, a.Token, nil).Data(); got["countryName"] != "India (Bharat)" {
		t.Fatalf("company reads %v after the super-admin's edit", got)
	}
	e.Must(404, "PUT", ctry+"/"+id, sa, map[string]any{"countryName": "Not the platform's"})
}
