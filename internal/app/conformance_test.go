package app_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/app"
	"github.com/crmhrm/crm/internal/crud/crudtest"
)

// TestConformance runs the generated suite over every registered resource.
func TestConformance(t *testing.T) {
	crudtest.StandInKinds("lead", "deal", "project") // for kinds whose owners are not linked in
	crudtest.Run(t, app.Resources())
}
