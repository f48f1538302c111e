package projects_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/crud/crudtest"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) {
	// Leads and deals are owned by another package; where it is not linked
	// in, stand-ins over the branches table play their part.
	crudtest.StandInKinds("lead", "deal")
	testkit.Main(m)
}
