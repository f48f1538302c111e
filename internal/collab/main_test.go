package collab_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/crud/crudtest"
	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) {
	// Leads, deals and projects are owned by other packages; where those are
	// not linked in, stand-ins over the branches table play their part.
	crudtest.StandInKinds("lead", "deal", "project")
	testkit.Main(m)
}
