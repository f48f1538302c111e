package app_test

import (
	"net/url"
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

// extraPageCases are the deep page without its total, and the same rows
// (rows 49,951–50,000) reached by the cursor page 999 hands out.
func extraPageCases(b *testing.B, e *testkit.Env, co *testkit.Company) []struct{ name, query string } {
	p, _ := e.Must(200, "GET", "/api/v1/jobs?page=999&limit=50&total=false", co.Token, nil).Body["pagination"].(map[string]any)
	next, _ := p["next"].(string)
	if next == "" {
		b.Fatal("page 999 has no next cursor")
	}
	return []struct{ name, query string }{
		{"page=20,total=false", "page=20&limit=50&total=false"},
		{"page=1000,total=false", "page=1000&limit=50&total=false"},
		{"cursor@1000,total=false", "limit=50&total=false&cursor=" + url.QueryEscape(next)},
	}
}
