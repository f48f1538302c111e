package app_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func extraPageCases(b *testing.B, e *testkit.Env, co *testkit.Company) []struct{ name, query string } {
	return nil
}
