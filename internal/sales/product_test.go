package sales_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/platform/db"
	"github.com/crmhrm/crm/internal/testkit"
)

func product() map[string]any {
	return map[string]any{"name": "Annual hosting", "price": 199.99, "category": "Services", "sku": "HOST-1Y",
		"hsn_sac": "998315", "description": "One year"}
}

// TestProductRules: the web client's product body round-trips with an
// exact price; bad prices and currencies are 422 naming the field, a
// foreign parent is 404, and nothing is written.
func TestProductRules(t *testing.T) {
	t.Parallel()
	e := testkit.Warm(t)
	co, other := e.NewCompany(), e.NewCompany()
	rel, foreign := parent(e, co.Token), parent(e, other.Token)
	r := e.Must(201, "POST", api+"/products/"+rel, co.Token, product()).Data()
	if r["price"] != 199.99 || r["related_id"] != rel || r["sku"] != "HOST-1Y" || r["hsn_sac"] != "998315" || r["currency"] != nil {
		t.Fatalf("created %v", r)
	}
	id := r["id"].(string)
	b := product()
	b["currency"], b["price"] = "jpy", "1500"
	if r := e.Must(201, "POST", api+"/products/"+rel, co.Token, b).Data(); r["currency"] != "JPY" || r["price"] != 1500.0 {
		t.Fatalf("created %v", r)
	}
	// The SKU may repeat (the same product on another parent).
	e.Must(201, "POST", api+"/products/"+parent(e, co.Token), co.Token, product())
	before := total(e, "/products", co.Token)
	bad := func(field string, edit func(b map[string]any)) {
		t.Helper()
		b := product()
		edit(b)
		testkit.MustInvalid(t, e.Do("POST", api+"/products/"+rel, co.Token, b), field)
	}
	bad("price", func(b map[string]any) { b["price"] = -1 })
	bad("price", func(b map[string]any) { b["price"] = 1e20 })
	bad("price", func(b map[string]any) { b["price"] = "10000000000000" })
	bad("price", func(b map[string]any) { b["price"] = "1.005" })
	bad("price", func(b map[string]any) { b["currency"], b["price"] = "JPY", 100.5 })
	bad("currency", func(b map[string]any) { b["currency"] = "ABC" })
	bad("name", func(b map[string]any) { delete(b, "name") })
	bad("category", func(b map[string]any) { b["category"] = " " })
	for _, p := range []string{foreign, db.NewID()} {
		e.Must(404, "POST", api+"/products/"+p, co.Token, product())
	}
	if got := total(e, "/products", co.Token); got != before {
		t.Fatalf("refused creates changed the count: %v → %v", before, got)
	}
	upd := e.Must(200, "PUT", api+"/products/"+id, co.Token, map[string]any{"price": "9999999999999.99", "related_id": foreign}).Data()
	if upd["price"] != 9999999999999.99 || upd["related_id"] != rel {
		t.Fatalf("updated %v", upd)
	}
	testkit.MustInvalid(t, e.Do("PUT", api+"/products/"+id, co.Token, map[string]any{"price": -5}), "price")
	if got := e.Must(200, "GET", api+"/products/"+id, co.Token, nil).Data(); got["price"] != 9999999999999.99 {
		t.Fatalf("a refused update changed the product: %v", got)
	}
	if n := len(e.Must(200, "GET", api+"/products/"+rel, co.Token, nil).List()); n != 2 {
		t.Fatalf("%d products under the parent, want 2", n)
	}
	e.Must(404, "DELETE", api+"/products/"+id, other.Token, nil)
	e.Must(200, "DELETE", api+"/products/"+id, co.Token, nil)
	e.Must(404, "PUT", api+"/products/"+id, co.Token, map[string]any{"name": "Gone"})
}
