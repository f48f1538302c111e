package config_test

import (
	"strings"
	"testing"

	"github.com/crmhrm/crm/internal/config"
)

func TestMetricsSettings(t *testing.T) {
	opsEnv(t, "METRICS_TOKEN", "", "PPROF", "")
	if c := load(t); c.MetricsToken != "" || c.Pprof {
		t.Fatalf("metrics and pprof must be off by default: %q %v", c.MetricsToken, c.Pprof)
	}
	opsEnv(t, "METRICS_TOKEN", "scrape-token-0123456789", "PPROF", "true")
	if c := load(t); c.MetricsToken != "scrape-token-0123456789" || !c.Pprof {
		t.Fatalf("settings: %q %v", c.MetricsToken, c.Pprof)
	}
	for _, bad := range []struct{ token, pprof, names string }{
		{"short", "", "METRICS_TOKEN"},
		{"", "true", "PPROF"},
		{"scrape-token-0123456789", "yes", "PPROF"},
	} {
		opsEnv(t, "METRICS_TOKEN", bad.token, "PPROF", bad.pprof)
		_, err := config.Load()
		if err == nil || !strings.Contains(err.Error(), bad.names) {
			t.Errorf("METRICS_TOKEN=%q PPROF=%q: %v, want an error naming %s", bad.token, bad.pprof, err, bad.names)
		}
	}
}
