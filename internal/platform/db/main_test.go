package db_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

// TestMain drops the package's test database (testkit.DB) at the end.
func TestMain(m *testing.M) { testkit.Main(m) }
