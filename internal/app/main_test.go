package app_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) {
	serveChildIfAsked() // the drain test re-runs this binary as the real server
	testkit.Main(m)
}
