package apidocs_test

import (
	"testing"

	"github.com/crmhrm/crm/internal/testkit"
)

func TestMain(m *testing.M) { testkit.Main(m) }
